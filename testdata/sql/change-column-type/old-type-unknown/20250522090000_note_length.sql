-- +goose Up
-- orders was created before these migrations: its column's old type is not known here
ALTER TABLE orders ALTER COLUMN note TYPE varchar(500);

-- +goose Down
ALTER TABLE orders ALTER COLUMN note TYPE text;
