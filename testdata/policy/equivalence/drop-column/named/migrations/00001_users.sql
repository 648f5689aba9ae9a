-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text);
-- +goose Down
DROP TABLE users;
