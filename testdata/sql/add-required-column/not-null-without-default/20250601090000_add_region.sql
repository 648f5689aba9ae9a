-- +goose Up
ALTER TABLE orders ADD COLUMN region text NOT NULL;

-- +goose Down
ALTER TABLE orders DROP COLUMN region;
