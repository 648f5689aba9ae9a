-- +goose Up
-- a table rebuild: a new table, the rows copied, the old one dropped, the new one renamed into
-- its name. When the migration commits the name exists again, with the rows.
CREATE TABLE shares_tmp (id text PRIMARY KEY, user_id text NOT NULL);
INSERT INTO shares_tmp (id, user_id) SELECT id, user_id FROM shares;
DROP TABLE shares;
ALTER TABLE shares_tmp RENAME TO shares;

-- +goose Down
SELECT 1;
