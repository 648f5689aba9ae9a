-- +goose Up
CREATE TABLE sessions_tmp (id bigint);
TRUNCATE customers;

-- +goose Down
DROP TABLE sessions_tmp;
