-- +goose Up
ALTER TABLE orders DROP COLUMN legacy_status;
ALTER TABLE orders DROP COLUMN "Notes ""quoted"" <b>&amp;</b>";

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_status text;
ALTER TABLE orders ADD COLUMN "Notes ""quoted"" <b>&amp;</b>" text;
