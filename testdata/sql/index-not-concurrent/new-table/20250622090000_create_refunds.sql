-- +goose Up
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint NOT NULL);
CREATE INDEX refunds_order_idx ON refunds (order_id);
CREATE UNIQUE INDEX ON refunds (order_id, id);
DROP INDEX refunds_order_idx;

-- +goose Down
DROP TABLE refunds;
