-- +goose Up
DROP TABLE addresses;

-- +goose Down
CREATE TABLE addresses (id bigint PRIMARY KEY);
