-- +goose Up
CREATE TABLE refunds (id bigint);
-- +goose Down
DROP TABLE refunds;
