-- +goose Down
DROP TABLE gift_cards;
