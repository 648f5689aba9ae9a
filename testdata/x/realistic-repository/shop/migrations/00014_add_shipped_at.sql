-- +goose Up
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;

-- +goose Down
ALTER TABLE orders DROP COLUMN shipped_at;
