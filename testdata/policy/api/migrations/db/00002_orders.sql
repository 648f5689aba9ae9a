-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10, 2));
ALTER TABLE orders ADD COLUMN note text DEFAULT 'n/a';
ALTER TABLE users
  DROP COLUMN nickname,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN score int DEFAULT score_of(id),
  ALTER COLUMN email TYPE varchar(320);
ALTER TABLE users RENAME COLUMN email TO email_address;
ALTER TABLE orders ADD CONSTRAINT orders_user_fk
  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;

-- +goose Down
ALTER TABLE users DROP COLUMN created_at, DROP COLUMN token, DROP COLUMN score;
DROP TABLE orders;
