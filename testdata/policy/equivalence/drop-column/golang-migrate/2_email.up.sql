ALTER TABLE accounts DROP COLUMN email, ADD COLUMN email_address text;
