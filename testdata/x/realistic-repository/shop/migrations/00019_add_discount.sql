-- +goose Up
ALTER TABLE orders ADD COLUMN discount numeric DEFAULT 0;

-- +goose Down
ALTER TABLE orders DROP COLUMN discount;
