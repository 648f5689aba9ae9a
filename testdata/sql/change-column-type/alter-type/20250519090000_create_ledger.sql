-- +goose Up
CREATE TABLE ledger_entries (
    id           bigserial PRIMARY KEY,
    amount_cents integer NOT NULL DEFAULT 0,
    quantity     integer NOT NULL DEFAULT 1,
    booked_at    timestamp
);
INSERT INTO ledger_entries (amount_cents) SELECT i FROM generate_series(1, 20) i;

-- +goose Down
DROP TABLE ledger_entries;
