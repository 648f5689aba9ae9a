-- +goose Up
CREATE INDEX refunds_order_idx ON refunds (order_id);
CREATE INDEX orders_id_idx ON orders (id);
-- +goose Down
DROP INDEX orders_id_idx;
DROP INDEX refunds_order_idx;
