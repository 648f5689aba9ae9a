CREATE TABLE gift_cards (id bigint);
