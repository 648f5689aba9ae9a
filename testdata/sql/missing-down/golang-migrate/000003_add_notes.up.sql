ALTER TABLE gift_cards ADD COLUMN note text;
