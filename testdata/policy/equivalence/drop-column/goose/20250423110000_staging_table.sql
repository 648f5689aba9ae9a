-- +goose Up
CREATE TABLE order_import (id bigint, payload jsonb, scratch text);
ALTER TABLE order_import DROP COLUMN scratch;

-- +goose Down
-- the rollback drops what Up added: not reported
ALTER TABLE orders DROP COLUMN IF EXISTS import_id;
DROP TABLE order_import;
