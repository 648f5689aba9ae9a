-- +goose Up
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint, scratch text);
