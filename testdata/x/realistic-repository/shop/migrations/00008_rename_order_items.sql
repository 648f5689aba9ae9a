-- +goose Up
ALTER TABLE order_items RENAME TO line_items;

-- +goose Down
ALTER TABLE line_items RENAME TO order_items;
