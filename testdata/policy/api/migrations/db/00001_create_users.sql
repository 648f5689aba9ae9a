-- +goose Up
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  nickname text
);
CREATE ROLE app LOGIN PASSWORD 'pa55-not-a-real-one';

-- +goose Down
DROP TABLE users;
