-- +goose Up
ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_amount_check;
CREATE TABLE shipments (id bigint, carrier_name text);
ALTER TABLE shipments RENAME COLUMN carrier_name TO carrier;

-- +goose Down
DROP TABLE shipments;
ALTER TABLE orders RENAME CONSTRAINT orders_amount_check TO orders_total_check;
