-- +goose Up
ALTER TABLE orders ADD COLUMN channel text;
UPDATE orders SET channel = 'web';
ALTER TABLE orders ALTER COLUMN channel SET DEFAULT 'web';

-- +goose Down
ALTER TABLE orders DROP COLUMN channel;
