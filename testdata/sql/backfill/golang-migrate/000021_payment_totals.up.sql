UPDATE payments SET amount_cents = amount_cents * 1;
ALTER TABLE payments ADD COLUMN settled boolean;
