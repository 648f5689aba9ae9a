-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, legacy text,
    created_at timestamptz);
ALTER TABLE orders DROP COLUMN legacy;
-- +goose Down
DROP TABLE orders;
