-- +goose Up
ALTER TABLE orders ADD COLUMN received_at timestamptz DEFAULT now();
ALTER TABLE orders ADD COLUMN touched_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE orders ADD COLUMN state text DEFAULT 'pending';
ALTER TABLE orders ADD COLUMN attrs jsonb DEFAULT '{}'::jsonb;
ALTER TABLE orders ADD COLUMN seen timestamptz[] DEFAULT ARRAY[now()]::timestamptz[];
ALTER TABLE orders ADD COLUMN due date DEFAULT (now() + interval '14 days')::date;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT md5(random()::text);
CREATE TABLE tokens (id bigint);
ALTER TABLE tokens ADD COLUMN value uuid DEFAULT gen_random_uuid();

-- +goose Down
DROP TABLE tokens;
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
ALTER TABLE orders DROP COLUMN due, DROP COLUMN seen, DROP COLUMN attrs, DROP COLUMN state, DROP COLUMN touched_at, DROP COLUMN received_at;
