-- +goose Up
CREATE TABLE addresses (id bigint PRIMARY KEY, customer_id bigint NOT NULL, line1 text);

-- +goose Down
DROP TABLE addresses;
