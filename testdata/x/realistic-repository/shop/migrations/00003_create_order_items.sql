-- +goose Up
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL, qty int);

-- +goose Down
DROP TABLE order_items;
