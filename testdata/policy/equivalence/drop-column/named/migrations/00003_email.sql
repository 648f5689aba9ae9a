-- +goose Up
ALTER TABLE users DROP COLUMN email;
-- +goose Down
ALTER TABLE users ADD COLUMN email text;
