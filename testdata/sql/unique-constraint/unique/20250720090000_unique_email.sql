-- +goose Up
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
ALTER TABLE customers ADD COLUMN external_ref text UNIQUE;

-- +goose Down
ALTER TABLE customers DROP CONSTRAINT customers_email_key, DROP COLUMN external_ref;
