-- +goose Up
-- Money is stored in minor units everywhere else: make the column name say so.
-- (Deliberately backward-incompatible: the running release still reads total_cents.)
ALTER TABLE orders RENAME COLUMN total_cents TO amount_minor;

-- +goose Down
ALTER TABLE orders RENAME COLUMN amount_minor TO total_cents;
