-- +goose Up
ALTER TABLE customers ADD COLUMN phone text NOT NULL DEFAULT '';
-- added by this migration: no running code reads it yet
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;
CREATE TABLE customer_notes (id bigint NOT NULL, body text);
ALTER TABLE customer_notes ALTER COLUMN id DROP NOT NULL;

-- +goose Down
DROP TABLE customer_notes;
ALTER TABLE customers DROP COLUMN phone;
