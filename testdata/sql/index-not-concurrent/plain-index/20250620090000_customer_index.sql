-- +goose Up
CREATE INDEX orders_customer_idx ON orders (customer_id);
DROP INDEX orders_legacy_idx;

-- +goose Down
DROP INDEX orders_customer_idx;
CREATE INDEX orders_legacy_idx ON orders (legacy_status);
