-- +goose Up
ALTER TABLE orders DROP COLUMN sku;
-- +goose Down
ALTER TABLE orders ADD COLUMN sku text;
