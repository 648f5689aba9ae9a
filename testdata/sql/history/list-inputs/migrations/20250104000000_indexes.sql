-- +goose Up
CREATE INDEX r ON refunds (id);
-- +goose Down
DROP INDEX r;
