-- +goose Up
CREATE TABLE gift_cards (id bigint);
-- +goose Down
DROP TABLE gift_cards;
