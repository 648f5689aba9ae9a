-- +goose Up
ALTER TABLE IF EXISTS "Orders" RENAME TO purchases;

-- +goose Down
ALTER TABLE purchases RENAME TO "Orders";
