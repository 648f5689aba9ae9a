-- +goose Up
-- infralint:ignore[sql/drop-colum] the column is unused since v41
ALTER TABLE orders DROP COLUMN legacy_code;

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_code text;
