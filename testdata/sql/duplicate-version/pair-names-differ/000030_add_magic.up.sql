ALTER TABLE gift_cards ADD COLUMN magic jsonb;
