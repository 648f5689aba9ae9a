-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, legacy text);
ALTER TABLE orders DROP COLUMN legacy;
-- +goose Down
DROP TABLE orders;
