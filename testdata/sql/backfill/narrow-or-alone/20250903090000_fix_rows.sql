-- +goose Up
-- data fixes that pin their rows by constants
UPDATE orders SET status = 'cancelled' WHERE id = 17;
DELETE FROM customers WHERE email IN ('spam1@example.org', 'spam2@example.org');
UPDATE orders SET note = 'checked' WHERE id = ANY (ARRAY[3, 4, 5]) AND note IS NULL;
-- a table this migration creates is new and empty
CREATE TABLE order_tags (order_id bigint, tag text);
INSERT INTO order_tags SELECT id, 'imported' FROM orders;
UPDATE order_tags SET tag = upper(tag);

-- +goose Down
DROP TABLE order_tags;
