-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS orders_note_idx;
