UPDATE gift_cards SET note = '' WHERE note IS NULL;
ALTER TABLE gift_cards DROP COLUMN legacy;
