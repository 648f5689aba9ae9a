-- +goose NO TRANSACTION
-- +goose Up
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email_address);
/* the old one */ DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
UPDATE users SET email_address = 'r''ésumé' -- 'not a literal'
  WHERE email_address = 'alice@example.com';

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
