-- +goose Up
CREATE TABLE vouchers (id bigint);
-- +goose Down
DROP TABLE vouchers;
