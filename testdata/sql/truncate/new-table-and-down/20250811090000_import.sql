-- +goose Up
CREATE TABLE import_batch (id bigint);
TRUNCATE import_batch;

-- +goose Down
TRUNCATE order_events;
DROP TABLE import_batch;
