-- +goose Up
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, legacy_ref text);

-- +goose Down
DROP TABLE customers;
