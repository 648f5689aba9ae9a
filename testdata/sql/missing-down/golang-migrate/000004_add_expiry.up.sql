ALTER TABLE gift_cards ADD COLUMN expires_on date;
