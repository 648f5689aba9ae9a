-- released-schema.sql — the database as released, before the golden cases' migrations run:
-- the PostgreSQL suite (tests/pg/run.py) loads it into a template database and gives every
-- case a copy. Tables hold rows, as tables of a running service do. A case with a file named
-- pg-setup uses that instead (an empty one: an empty database).
CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email varchar(120) NOT NULL,
    name text,
    legacy_flags int
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint REFERENCES customers (id),
    status varchar(20) NOT NULL DEFAULT 'new',
    amount_cents integer NOT NULL DEFAULT 0,
    total numeric(10, 2),
    note text,
    total_cents integer,
    legacy_status text,
    legacy int,
    misc text,
    flag boolean,
    region text,
    "drop column" text,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
CREATE INDEX orders_customer_id ON orders (customer_id);
CREATE UNIQUE INDEX orders_id_idx ON orders (id);
CREATE INDEX orders_legacy_idx ON orders (legacy_status);
CREATE INDEX orders_status_idx ON orders (status);
CREATE TABLE "Orders" (id bigint PRIMARY KEY, "LegacyStatus" text, notes text);
CREATE TABLE order_notes (id bigint, body text);
CREATE TABLE order_flags (id bigint);
CREATE TABLE river_job (id bigserial PRIMARY KEY, tags text[]);
CREATE TABLE river_client (id text PRIMARY KEY);
CREATE TABLE order_items (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    sku varchar(40) NOT NULL,
    quantity integer NOT NULL DEFAULT 1
);
CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    amount_cents integer NOT NULL
);
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(120) NOT NULL,
    nickname text,
    legacy_flags int,
    "Tmp Import" text
);
CREATE TABLE gift_cards (
    id bigserial PRIMARY KEY,
    code text NOT NULL,
    balance_cents integer NOT NULL DEFAULT 0,
    note text,
    legacy int
);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), message text);
CREATE TABLE order_event_archive (id bigint, order_id bigint, kind text);
CREATE TABLE t (v text);
CREATE TABLE api_keys (id bigint PRIMARY KEY, key_hash text NOT NULL);
CREATE TABLE shares (id text PRIMARY KEY, user_id text NOT NULL);
CREATE TABLE media_files (id bigserial PRIMARY KEY, bpm integer);
CREATE MATERIALIZED VIEW order_stats AS SELECT status, count(*) AS n FROM orders GROUP BY status;
CREATE UNIQUE INDEX order_stats_status ON order_stats (status);
CREATE FUNCTION pick_shard() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1 + floor(random() * 8)::int';
INSERT INTO customers (email, name) SELECT 'c' || i || '@example.org', 'c' || i
  FROM generate_series(1, 20) i;
INSERT INTO orders (customer_id, status, amount_cents, total, total_cents, region)
  SELECT 1 + i % 20, 'new', i * 100, i, i * 100, 'eu' FROM generate_series(1, 50) i;
INSERT INTO "Orders" SELECT i FROM generate_series(1, 5) i;
INSERT INTO gift_cards (code) SELECT 'g' || i FROM generate_series(1, 10) i;
INSERT INTO audit_log (message) SELECT 'x' FROM generate_series(1, 10) i;
INSERT INTO river_job (tags) SELECT CASE WHEN i % 2 = 0 THEN NULL ELSE '{a}'::text[] END FROM generate_series(1, 10) i;
INSERT INTO river_client VALUES ('a'), ('b');
INSERT INTO order_notes VALUES (1, 'n');
INSERT INTO order_event_archive SELECT i, i, 'old' FROM generate_series(1, 10) i;
INSERT INTO t VALUES ('a');
REFRESH MATERIALIZED VIEW order_stats;
INSERT INTO order_items (order_id, sku) SELECT 1 + i % 50, 'sku' || i FROM generate_series(1, 80) i;
INSERT INTO order_events (order_id, kind) SELECT 1 + i % 50, 'created' FROM generate_series(1, 50) i;
INSERT INTO payments (order_id, amount_cents) SELECT i, i * 100 FROM generate_series(1, 30) i;
INSERT INTO users (email, nickname) SELECT 'u' || i || '@example.org', 'u' || i
  FROM generate_series(1, 20) i;
INSERT INTO api_keys SELECT i, 'h' || i FROM generate_series(1, 10) i;
INSERT INTO shares SELECT 's' || i, 'u' || i FROM generate_series(1, 10) i;
INSERT INTO media_files (bpm) SELECT i % 3 FROM generate_series(1, 30) i;
ANALYZE;
