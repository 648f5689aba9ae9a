-- +goose Up
CREATE TABLE order_totals_tmp (order_id bigint, total bigint);
DROP TABLE order_totals_tmp;
DROP VIEW IF EXISTS order_summary;
DROP MATERIALIZED VIEW IF EXISTS order_stats;
DROP TRIGGER IF EXISTS orders_touch ON orders;
DROP TYPE IF EXISTS order_kind;
DROP FUNCTION IF EXISTS touch_orders();

-- +goose Down
CREATE MATERIALIZED VIEW order_stats AS SELECT status, count(*) AS n FROM orders GROUP BY status;
