-- +goose Up
DROP TABLE old_notes;
-- +goose Down
CREATE TABLE old_notes (id bigint);
