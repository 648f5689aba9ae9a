-- +goose Up
-- infralint:ignore[x/blue-green-needs-compatible-migrations] the blue tasks were drained before this release (CHG-88)
ALTER TABLE orders DROP COLUMN sku;
-- +goose Down
ALTER TABLE orders ADD COLUMN sku text;
