-- +goose Up
ALTER TABLE orders ALTER COLUMN amount_cents TYPE bigint;
ALTER TABLE order_items
    ALTER quantity SET DATA TYPE numeric(12, 2) USING quantity::numeric(12, 2);

-- +goose Down
ALTER TABLE order_items ALTER quantity TYPE integer;
ALTER TABLE orders ALTER COLUMN amount_cents TYPE integer;
