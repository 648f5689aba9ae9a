-- +goose Up
CREATE INDEX refunds_order_idx ON refunds (order_id);
-- +goose Down
DROP INDEX refunds_order_idx;
