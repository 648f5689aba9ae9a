-- +goose Up
-- created in this migration, then renamed and dropped: no running code knows these names
CREATE TABLE import_batches_tmp (id bigint PRIMARY KEY);
ALTER TABLE import_batches_tmp RENAME TO import_batches;
CREATE TABLE import_scratch (id bigint);
DROP TABLE import_scratch;

-- +goose Down
DROP TABLE import_batches;
