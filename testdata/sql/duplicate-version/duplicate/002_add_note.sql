-- +goose Up
CREATE TABLE notes (id bigint);
-- +goose Down
DROP TABLE notes;
