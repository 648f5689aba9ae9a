-- +goose Up
/* a comment that never ends
ALTER TABLE notes DROP COLUMN body;
-- +goose Down
SELECT 1;
