-- +goose Up
REFRESH MATERIALIZED VIEW CONCURRENTLY order_stats;

-- +goose Down
SELECT 1 FROM order_stats LIMIT 0; -- nothing to undo
