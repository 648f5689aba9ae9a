-- +goose Up
CREATE TABLE order_events (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    order_id   bigint NOT NULL,
    seen_at    timestamptz NOT NULL
) PARTITION BY RANGE (seen_at);
CREATE TABLE order_events_2025 PARTITION OF order_events
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- +goose Down
DROP TABLE order_events;
