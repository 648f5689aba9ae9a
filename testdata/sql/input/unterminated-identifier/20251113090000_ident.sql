-- +goose Up
ALTER TABLE "orders DROP COLUMN x;
-- +goose Down
SELECT 1;
