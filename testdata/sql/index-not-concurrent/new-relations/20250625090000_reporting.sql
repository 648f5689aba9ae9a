-- +goose Up
-- relations this migration creates are new and empty: indexing them blocks nobody
CREATE MATERIALIZED VIEW customer_totals AS
    SELECT customer_id, sum(amount_cents) AS total FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX customer_totals_customer ON customer_totals (customer_id);
CREATE TABLE order_archive (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE order_archive_2025 PARTITION OF order_archive
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX order_archive_2025_at ON order_archive_2025 (at);
CREATE TABLE big_customers AS SELECT * FROM customers WHERE id < 5;
CREATE INDEX big_customers_email ON big_customers (email);

-- +goose Down
DROP TABLE big_customers;
DROP TABLE order_archive;
DROP MATERIALIZED VIEW customer_totals;
