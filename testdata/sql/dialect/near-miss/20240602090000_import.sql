-- +goose Up
-- one odd statement (columns named datetime and unsigned) decides nothing
CREATE TABLE import_log (id integer PRIMARY KEY, datetime text, unsigned boolean);
CREATE INDEX orders_created ON orders (created_at);

-- +goose Down
DROP INDEX orders_created;
DROP TABLE import_log;
