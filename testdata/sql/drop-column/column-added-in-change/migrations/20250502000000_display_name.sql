-- +goose Up
ALTER TABLE users ADD COLUMN display_name text;
ALTER TABLE users ADD COLUMN "Tmp Import" text;

-- +goose Down
ALTER TABLE users DROP COLUMN "Tmp Import", DROP COLUMN display_name;
