-- +goose Up
ALTER TABLE order_event_archive ADD CONSTRAINT order_event_archive_pkey PRIMARY KEY (id);

-- +goose Down
ALTER TABLE order_event_archive DROP CONSTRAINT order_event_archive_pkey;
