-- +goose Up
-- a type/nullability change by rewrite: add, fill, drop, rename into the old name. The column
-- exists again when the migration commits; what remains is the rewrite under the lock.
ALTER TABLE media_files ADD COLUMN bpm_new integer;
UPDATE media_files SET bpm_new = NULLIF(bpm, 0);
ALTER TABLE media_files DROP COLUMN bpm;
ALTER TABLE media_files RENAME COLUMN bpm_new TO bpm;

-- +goose Down
SELECT 1;
