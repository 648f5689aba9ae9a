-- +goose Up
ALTER TABLE orders ADD CONSTRAINT orders_region_not_null CHECK (region IS NOT NULL) NOT VALID;

-- +goose Down
ALTER TABLE orders DROP CONSTRAINT orders_region_not_null;
