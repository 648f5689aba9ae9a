-- +goose Up
ALTER TABLE ledger_entries ALTER COLUMN amount_cents TYPE bigint;
ALTER TABLE ledger_entries
    ALTER quantity SET DATA TYPE numeric(12, 2) USING quantity::numeric(12, 2);
ALTER TABLE ledger_entries ALTER COLUMN booked_at TYPE timestamptz;

-- +goose Down
ALTER TABLE ledger_entries ALTER booked_at TYPE timestamp;
ALTER TABLE ledger_entries ALTER quantity TYPE integer;
ALTER TABLE ledger_entries ALTER COLUMN amount_cents TYPE integer;
