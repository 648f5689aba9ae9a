-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric, sku text, status text);

-- +goose Down
DROP TABLE orders;
