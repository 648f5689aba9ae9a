-- +goose Up
ALTER TABLE orders DROP COLUMN sku;
ALTER TABLE orders RENAME COLUMN total_cents TO amount_minor;
-- +goose Down
ALTER TABLE orders RENAME COLUMN amount_minor TO total_cents;
ALTER TABLE orders ADD COLUMN sku text;
