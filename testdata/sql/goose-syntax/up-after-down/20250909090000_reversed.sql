-- +goose Down
DROP TABLE coupons;

-- +goose Up
CREATE TABLE coupons (code text PRIMARY KEY);
