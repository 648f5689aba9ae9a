-- infralint:ignore[sql/missing-down] data migration: the old values are gone by design (OPS-60)
-- +goose Up
UPDATE orders SET status = 'closed' WHERE status = 'done';
