-- +goose Up
CREATE TABLE import_batches (id bigserial PRIMARY KEY, source text NOT NULL, note text);
INSERT INTO import_batches (source) SELECT 'file' FROM generate_series(1, 20);

-- +goose Down
DROP TABLE import_batches;
