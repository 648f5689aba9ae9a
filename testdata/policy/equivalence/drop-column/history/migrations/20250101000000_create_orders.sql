-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, status text, legacy_status text);
-- released: this drop is history, never reported again
ALTER TABLE orders DROP COLUMN status;
