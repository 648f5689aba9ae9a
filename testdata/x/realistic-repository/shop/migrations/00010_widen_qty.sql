-- +goose Up
ALTER TABLE line_items ALTER COLUMN qty TYPE bigint;

-- +goose Down
ALTER TABLE line_items ALTER COLUMN qty TYPE int;
