-- +goose Up
CREATE TABLE coupons (code text PRIMARY KEY, pct int);

-- +goose Down
DROP TABLE coupons;
