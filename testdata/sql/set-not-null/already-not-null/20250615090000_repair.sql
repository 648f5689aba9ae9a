-- +goose Up
-- a repair migration that states what an earlier one already did: PostgreSQL does nothing
ALTER TABLE import_batches ALTER COLUMN source SET NOT NULL;
ALTER TABLE import_batches ALTER COLUMN note DROP NOT NULL;

-- infralint:ignore[sql/missing-down] nothing changed, nothing to undo
-- +goose Down
SELECT 1;
