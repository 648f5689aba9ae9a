INSERT INTO gift_cards VALUES (1);
