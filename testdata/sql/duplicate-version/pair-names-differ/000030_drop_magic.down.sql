ALTER TABLE gift_cards DROP COLUMN magic;
