-- +goose Up
-- infralint:ignore[sql/drop-column] unused since app v2.3 (OPS-41)
ALTER TABLE orders DROP COLUMN legacy_status;
-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_status text;
