-- +goose Up
ALTER TABLE customers DROP COLUMN legacy_ref;

-- +goose Down
ALTER TABLE customers ADD COLUMN legacy_ref text;
