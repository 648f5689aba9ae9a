DROP INDEX customers_name;
ALTER TABLE customers ADD COLUMN legacy_flags int;
