-- +goose Up
CREATE TABLE orders (id bigint);
-- +goose Down
DROP TABLE orders;
