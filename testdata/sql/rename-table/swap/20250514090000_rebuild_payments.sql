-- +goose Up
-- The swap: the old table moves aside, a new one takes its name, the rows are copied over and
-- the old table goes. The name payments exists again, so the running version keeps working.
ALTER TABLE payments RENAME TO payments_old;
CREATE TABLE payments (
    id           bigserial PRIMARY KEY,
    order_id     bigint NOT NULL,
    amount_cents bigint NOT NULL
);
INSERT INTO payments (id, order_id, amount_cents)
    SELECT id, order_id, amount_cents FROM payments_old;
SELECT setval('payments_id_seq', (SELECT max(id) FROM payments));
DROP TABLE payments_old;

-- +goose Down
ALTER TABLE payments RENAME TO payments_new;
CREATE TABLE payments (
    id           bigserial PRIMARY KEY,
    order_id     bigint NOT NULL,
    amount_cents integer NOT NULL
);
INSERT INTO payments SELECT id, order_id, amount_cents FROM payments_new;
DROP TABLE payments_new;
