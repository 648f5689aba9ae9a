-- +goose Up
-- retired by the earlier migration: nobody queries it under this name
DROP TABLE order_notes_deprecated;

-- +goose Down
CREATE TABLE order_notes_deprecated (id bigint, body text);
