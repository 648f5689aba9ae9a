-- +goose NO TRANSACTION
-- +goose Up
-- orders is live by now: build the index without blocking writes
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_created_idx
    ON orders (status, created_at);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS orders_status_created_idx;
