-- +goose Up
ALTER TABLE orders RENAME COLUMN total_cents TO total_minor;
ALTER TABLE ONLY orders RENAME status TO state;

-- +goose Down
ALTER TABLE orders RENAME COLUMN total_minor TO total_cents;
ALTER TABLE orders RENAME state TO status;
