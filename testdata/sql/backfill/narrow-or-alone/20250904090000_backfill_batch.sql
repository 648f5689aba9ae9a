-- +goose NO TRANSACTION
-- +goose Up
-- outside a transaction, alone in its goose statement: each UPDATE commits by itself
UPDATE orders SET region = 'eu' WHERE region IS NULL AND id <= 1000;
UPDATE orders SET region = 'eu' WHERE region IS NULL AND id > 1000;

-- infralint:ignore[sql/missing-down] the backfilled values stay: nothing reads the old NULLs
-- +goose Down
SELECT 1;
