-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON public.orders (customer_id);

DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_idx;

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx;
