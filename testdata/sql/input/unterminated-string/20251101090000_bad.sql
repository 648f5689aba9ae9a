-- +goose Up
INSERT INTO notes VALUES ('it''s

-- +goose Down
DELETE FROM notes;
