-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION touch() RETURNS trigger AS $body$
BEGIN
  NEW.updated_at := now(); -- 'in a comment'
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE ROLE reporter WITH LOGIN PASSWORD 'hunter2-not-a-real-one';
TRUNCATE audit, events;
DROP TABLE IF EXISTS legacy, old_stuff;
ALTER TABLE audit ALTER COLUMN at SET NULL;
