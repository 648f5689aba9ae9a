ALTER TABLE payments DROP COLUMN settled;
