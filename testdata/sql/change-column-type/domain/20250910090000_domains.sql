-- +goose Up
-- a domain without constraints over text: changing a text column to it rewrites nothing
CREATE DOMAIN note_text AS text;
ALTER TABLE invoices ALTER COLUMN note TYPE note_text;
-- a domain with constraints: PostgreSQL checks them by rewriting the table
CREATE DOMAIN status_text AS text NOT NULL CHECK (length(VALUE) > 0);
ALTER TABLE invoices ALTER COLUMN status TYPE status_text;

-- +goose Down
ALTER TABLE invoices ALTER COLUMN status TYPE text;
ALTER TABLE invoices ALTER COLUMN note TYPE text;
DROP DOMAIN status_text;
DROP DOMAIN note_text;
