-- +goose NO TRANSACTION
-- +goose Up
CREATE UNIQUE INDEX CONCURRENTLY order_event_archive_id ON order_event_archive (id);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS order_event_archive_id;
