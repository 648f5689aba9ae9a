-- +goose Up
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
ALTER TABLE orders ALTER COLUMN note SET STATISTICS 200;
CREATE TABLE coupons (code varchar(10));
ALTER TABLE coupons ALTER COLUMN code TYPE text;

-- +goose Down
DROP TABLE coupons;
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
