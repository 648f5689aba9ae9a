DROP TABLE gift_cards;
