-- +goose Up
ALTER TABLE orders RENAME COLUMN total TO total_amount;

-- +goose Down
ALTER TABLE orders RENAME COLUMN total_amount TO total;
