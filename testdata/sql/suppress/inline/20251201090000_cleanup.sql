-- +goose Up
-- infralint:ignore[sql/drop-column] unused since app v2.3 (OPS-41)
ALTER TABLE orders DROP COLUMN legacy_status;

ALTER TABLE orders
    -- infralint:ignore[sql/rename-column] renamed in lockstep with app v3, see OPS-52
    RENAME COLUMN total TO amount;

ALTER TABLE orders DROP COLUMN note; -- infralint:ignore[sql/drop-column] moved to order_notes
-- infralint:ignore[sql/drop-*]
ALTER TABLE orders DROP COLUMN flag;
ALTER TABLE orders DROP COLUMN misc; -- infralint:ignore[sql/rename-column] wrong rule: still reported
INSERT INTO t VALUES ('-- infralint:ignore[sql/truncate] in a string'); TRUNCATE order_events;

-- +goose Down
ALTER TABLE orders ADD COLUMN misc text, ADD COLUMN flag text, ADD COLUMN note text;
ALTER TABLE orders RENAME COLUMN amount TO total;
ALTER TABLE orders ADD COLUMN legacy_status text;
