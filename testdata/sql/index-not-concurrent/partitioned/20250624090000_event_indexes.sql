-- +goose Up
-- the first step of the per-partition recipe builds nothing: not reported
CREATE INDEX order_events_order_idx ON ONLY order_events (order_id);
-- this one builds on every partition under SHARE locks
CREATE INDEX order_events_seen_idx ON order_events (seen_at);

-- +goose Down
DROP INDEX order_events_seen_idx;
DROP INDEX order_events_order_idx;
