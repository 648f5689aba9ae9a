-- +goose Up
ALTER TABLE orders ALTER COLUMN region SET NOT NULL;

-- +goose Down
ALTER TABLE orders ALTER COLUMN region DROP NOT NULL;
