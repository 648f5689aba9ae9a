-- +goose Up
CREATE TABLE gift_card_batches (id bigint);
-- +goose Down
DROP TABLE gift_card_batches;
