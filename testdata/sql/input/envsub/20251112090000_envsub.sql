-- +goose Up
-- +goose ENVSUB ON
CREATE TABLE ${SCHEMA:-public}.notes (id bigint, tag text DEFAULT '${DEFAULT_TAG}');
INSERT INTO notes VALUES ($1, 'x');
-- +goose ENVSUB OFF
-- +goose Down
DROP TABLE notes;
