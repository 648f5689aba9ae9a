ALTER TABLE customers DROP COLUMN legacy_flags;
ALTER TABLE customers ADD COLUMN vip boolean DEFUALT false;
CREATE INDEX customers_name ON customers (name);
