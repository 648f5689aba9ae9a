ALTER TABLE gift_cards ADD COLUMN balance bigint;
