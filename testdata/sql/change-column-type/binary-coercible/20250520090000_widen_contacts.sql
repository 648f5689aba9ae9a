-- +goose Up
-- PostgreSQL changes none of these without a rewrite: binary coercible types, or a limit that
-- only grows (a brief ACCESS EXCLUSIVE lock, no scan of the rows)
ALTER TABLE contacts ALTER COLUMN name TYPE text;
ALTER TABLE contacts ALTER COLUMN city TYPE varchar(120);
ALTER TABLE contacts ALTER COLUMN bio TYPE varchar;
ALTER TABLE contacts ALTER COLUMN balance TYPE numeric(14, 2);
ALTER TABLE contacts ALTER COLUMN net TYPE inet;
ALTER TABLE contacts ALTER COLUMN seen_at TYPE timestamp(6);
ALTER TABLE contacts ALTER COLUMN flags TYPE varbit(16);

-- +goose Down
ALTER TABLE contacts ALTER COLUMN flags TYPE varbit(4);
ALTER TABLE contacts ALTER COLUMN seen_at TYPE timestamp(3);
ALTER TABLE contacts ALTER COLUMN net TYPE cidr;
ALTER TABLE contacts ALTER COLUMN balance TYPE numeric(10, 2);
ALTER TABLE contacts ALTER COLUMN bio TYPE varchar(200);
ALTER TABLE contacts ALTER COLUMN city TYPE varchar(40);
ALTER TABLE contacts ALTER COLUMN name TYPE varchar(40);
