-- +goose Up
ALTER TABLE orders ADD COLUMN currency text NOT NULL;
-- +goose Down
ALTER TABLE orders DROP COLUMN currency;
