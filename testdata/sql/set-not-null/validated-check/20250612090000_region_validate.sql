-- +goose Up
ALTER TABLE orders VALIDATE CONSTRAINT orders_region_not_null;

-- +goose Down
SELECT 1 FROM orders LIMIT 0; -- nothing to undo: validation is not reversible
