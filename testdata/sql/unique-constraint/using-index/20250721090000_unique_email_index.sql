-- +goose NO TRANSACTION
-- +goose Up
CREATE UNIQUE INDEX CONCURRENTLY customers_email_idx ON customers (email);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS customers_email_idx;
