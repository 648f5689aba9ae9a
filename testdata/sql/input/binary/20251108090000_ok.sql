-- +goose Up
TRUNCATE notes;
-- +goose Down
SELECT 1 FROM notes LIMIT 0; -- no way back
