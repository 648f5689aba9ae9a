-- +goose Up
ALTER TABLE orders ADD COLUMN retries integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web'::text;
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
CREATE TABLE refunds (id bigint);
ALTER TABLE refunds ADD COLUMN reason text NOT NULL;

-- +goose Down
DROP TABLE refunds;
ALTER TABLE orders DROP COLUMN shipped_at, DROP COLUMN channel, DROP COLUMN received_at, DROP COLUMN retries;
