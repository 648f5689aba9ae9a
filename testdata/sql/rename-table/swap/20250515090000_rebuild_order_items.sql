-- +goose Up
-- the swap the other way round: the new table is built aside and renamed into the old name
CREATE TABLE order_items_v2 (LIKE order_items INCLUDING DEFAULTS);
INSERT INTO order_items_v2 SELECT * FROM order_items;
ALTER SEQUENCE order_items_id_seq OWNED BY order_items_v2.id;
ALTER TABLE order_items RENAME TO order_items_old;
ALTER TABLE order_items_v2 RENAME TO order_items;
DROP TABLE order_items_old;

-- +goose Down
ALTER TABLE order_items RENAME TO order_items_v2;
CREATE TABLE order_items (LIKE order_items_v2 INCLUDING DEFAULTS);
INSERT INTO order_items SELECT * FROM order_items_v2;
ALTER SEQUENCE order_items_id_seq OWNED BY order_items.id;
DROP TABLE order_items_v2;
