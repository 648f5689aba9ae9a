-- +goose Up
-- refunds is new in this change: nothing reads it yet
ALTER TABLE refunds DROP COLUMN scratch;
-- orders was released: its running version still reads legacy_status
ALTER TABLE orders DROP COLUMN legacy_status;

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_status text;
ALTER TABLE refunds ADD COLUMN scratch text;
