-- +goose Up
ALTER INDEX orders_status_idx RENAME TO orders_state_idx;
CREATE TABLE shipment_draft (id bigint);
ALTER TABLE shipment_draft RENAME TO shipments;
ALTER TABLE shipments ADD COLUMN carrier text NOT NULL;

-- +goose Down
DROP TABLE shipments;
ALTER INDEX orders_state_idx RENAME TO orders_status_idx;
