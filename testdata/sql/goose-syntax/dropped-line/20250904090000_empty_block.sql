-- +goose Up
-- +goose StatementBegin
-- +goose StatementEnd
ALTER TABLE gift_cards ADD COLUMN note text;
ALTER TABLE gift_cards ADD COLUMN expires_on date;

-- +goose Down
ALTER TABLE gift_cards DROP COLUMN expires_on;
