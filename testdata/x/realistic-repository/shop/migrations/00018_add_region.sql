-- +goose Up
ALTER TABLE customers ADD COLUMN region text;

-- +goose Down
ALTER TABLE customers DROP COLUMN region;
