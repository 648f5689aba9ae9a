-- +goose Up
CREATE INDEX refunds_order_idx ON refunds (order_id);
ALTER TABLE refunds ADD COLUMN reason text NOT NULL;
CREATE INDEX orders_created_idx ON orders (created_at);
-- +goose Down
DROP INDEX orders_created_idx;
DROP INDEX refunds_order_idx;
ALTER TABLE refunds DROP COLUMN reason;
