-- +goose Up
ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';

-- +goose Down
ALTER TABLE orders DROP COLUMN currency;
