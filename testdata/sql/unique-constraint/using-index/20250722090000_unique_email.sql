-- +goose Up
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_idx;
CREATE TABLE vouchers (code text);
ALTER TABLE vouchers ADD CONSTRAINT vouchers_code_key UNIQUE (code);

-- +goose Down
DROP TABLE vouchers;
ALTER TABLE customers DROP CONSTRAINT customers_email_key;
