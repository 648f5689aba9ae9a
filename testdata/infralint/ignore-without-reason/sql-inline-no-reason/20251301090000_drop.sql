-- +goose Up
ALTER TABLE orders DROP COLUMN legacy_status; -- infralint:ignore[sql/drop-column]

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_status text;
