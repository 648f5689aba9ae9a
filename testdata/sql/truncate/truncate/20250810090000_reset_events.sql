-- +goose Up
TRUNCATE TABLE order_events, ONLY order_event_archive RESTART IDENTITY;

-- +goose Down
SELECT 1 FROM order_events LIMIT 0; -- data cannot come back
