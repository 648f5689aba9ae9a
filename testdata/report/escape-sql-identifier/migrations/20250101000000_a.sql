-- +goose Up
ALTER TABLE orders DROP COLUMN "evil]0;pwned
x.sql:1:1: error: FORGED [sql/forged]";
-- +goose Down
ALTER TABLE orders ADD COLUMN restored int;
