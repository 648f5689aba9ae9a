-- +goose Up
DROP TABLE coupons;

-- +goose Down
CREATE TABLE coupons (code text PRIMARY KEY, pct int);
