-- +goose Up
CREATE TABLE refund_requests (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE refund_requests ADD CONSTRAINT refund_requests_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE orders ADD CONSTRAINT orders_pkey_unique UNIQUE USING INDEX orders_id_idx;

-- +goose Down
DROP TABLE refund_requests;
ALTER TABLE orders DROP CONSTRAINT orders_pkey_unique;
CREATE UNIQUE INDEX orders_id_idx ON orders (id);
