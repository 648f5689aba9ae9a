-- +goose Up
ALTER TABLE payments ADD COLUMN customer_id bigint REFERENCES customers (id);
ALTER TABLE payments ADD COLUMN origin_order bigint DEFAULT 1 REFERENCES orders (id);
-- on a table created in the same migration: nothing to check, nothing blocked
CREATE TABLE refunds (id bigserial PRIMARY KEY);
ALTER TABLE refunds ADD COLUMN payment_id bigint REFERENCES payments (id);

-- +goose Down
DROP TABLE refunds;
ALTER TABLE payments DROP COLUMN origin_order, DROP COLUMN customer_id;
