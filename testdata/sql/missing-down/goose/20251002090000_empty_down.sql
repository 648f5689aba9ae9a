-- +goose Up
CREATE TABLE vouchers (id bigint);

-- +goose Down
-- intentionally blank
