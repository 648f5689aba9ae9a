-- +goose Up
ALTER TABLE orders RENAME TO purchase_orders;
-- +goose Down
ALTER TABLE purchase_orders RENAME TO orders;
