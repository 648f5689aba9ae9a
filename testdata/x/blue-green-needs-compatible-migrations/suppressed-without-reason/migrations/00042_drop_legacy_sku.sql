-- +goose Up
ALTER TABLE orders DROP COLUMN sku; -- infralint:ignore[sql/drop-column]
-- +goose Down
ALTER TABLE orders ADD COLUMN sku text;
