-- +goose Up
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE orders ADD CONSTRAINT orders_pkey_unique UNIQUE USING INDEX orders_id_idx;

-- +goose Down
DROP TABLE payments;
