-- +goose Up
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);
TRUNCATE orders;
-- +goose Down
DROP TABLE refunds;
