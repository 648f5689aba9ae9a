-- +goose Up
-- infralint:ignore[sql/drop-column] contract step: nothing reads sku since release 2025.06 (OPS-412)
ALTER TABLE orders DROP COLUMN sku;
-- +goose Down
ALTER TABLE orders ADD COLUMN sku text;
