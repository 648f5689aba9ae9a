-- +goose Up
DELETE FROM order_events WHERE at < now() - interval '90 days';
UPDATE customers SET name = lower(name) WHERE name IS NOT NULL;

-- infralint:ignore[sql/missing-down] purged rows cannot come back
-- +goose Down
SELECT 1;
