-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, sku text, total_cents bigint);
-- +goose Down
DROP TABLE orders;
