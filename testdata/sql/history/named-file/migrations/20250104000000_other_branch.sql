-- +goose Up
ALTER TABLE orders DROP COLUMN id;
-- +goose Down
SELECT 1 FROM orders LIMIT 0; -- none
