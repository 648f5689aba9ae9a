-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_flags int);
ALTER TABLE users ADD COLUMN nickname text;

-- +goose Down
DROP TABLE users;
