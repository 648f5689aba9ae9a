-- +goose Up
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;

-- +goose Down
SELECT 1 FROM orders LIMIT 0; -- validation cannot be undone, nothing to do
