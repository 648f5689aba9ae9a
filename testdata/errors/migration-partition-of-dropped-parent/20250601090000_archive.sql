-- +goose Up
-- The partition names a parent this migration has just dropped: PostgreSQL refuses the CREATE,
-- and infralint must read it without a parent (it once followed a null pointer here). Kept out
-- of testdata/sql/: the PostgreSQL suite applies those, and this one fails there by design.
DROP TABLE order_archive;
CREATE TABLE order_archive_2025 PARTITION OF order_archive
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- +goose Down
DROP TABLE order_archive_2025;
