-- +goose Up
ALTER TABLE orders DROP COLUMN legacy_status;

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_status text;
