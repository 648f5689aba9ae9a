-- hand-written, run with psql
ALTER TABLE invoices DROP COLUMN pdf_blob;
