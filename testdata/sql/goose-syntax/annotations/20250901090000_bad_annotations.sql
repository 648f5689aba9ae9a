-- +goose Up
-- +goose StatementBegn
CREATE TABLE gift_cards (id bigint);
  -- +goose StatementEnd
-- +GOOSE Down
DROP TABLE gift_cards;
