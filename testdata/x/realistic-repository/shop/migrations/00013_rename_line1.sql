-- +goose Up
ALTER TABLE addresses RENAME COLUMN line1 TO street;

-- +goose Down
ALTER TABLE addresses RENAME COLUMN street TO line1;
