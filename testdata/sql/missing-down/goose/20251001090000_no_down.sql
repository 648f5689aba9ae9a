-- +goose Up
CREATE TABLE gift_card_batches (id bigint);
