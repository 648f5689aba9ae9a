-- +goose Up
ALTER TABLE orders ADD COLUMN tracking_code text;

-- +goose Down
ALTER TABLE orders DROP COLUMN tracking_code;
