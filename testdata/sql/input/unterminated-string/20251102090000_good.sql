-- +goose Up
ALTER TABLE notes DROP COLUMN body;
-- +goose Down
ALTER TABLE notes ADD COLUMN body text;
