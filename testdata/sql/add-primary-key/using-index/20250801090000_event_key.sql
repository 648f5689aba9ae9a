-- +goose Up
-- the recipe: the index built concurrently becomes the key (the column is NOT NULL already)
ALTER TABLE order_event_archive ADD CONSTRAINT order_event_archive_pkey
    PRIMARY KEY USING INDEX order_event_archive_id;
-- a key in a table this migration creates blocks nobody
CREATE TABLE coupons (code text NOT NULL, percent int);
ALTER TABLE coupons ADD PRIMARY KEY (code);

-- +goose Down
DROP TABLE coupons;
ALTER TABLE order_event_archive DROP CONSTRAINT order_event_archive_pkey;
CREATE UNIQUE INDEX order_event_archive_id ON order_event_archive (id);
