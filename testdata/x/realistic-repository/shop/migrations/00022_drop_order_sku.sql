-- +goose Up
-- planted: the API still reads sku
ALTER TABLE orders DROP COLUMN sku;

-- +goose Down
ALTER TABLE orders ADD COLUMN sku text;
