-- +goose Up
-- dropped and created again, but nothing copies the rows: the running version loses them
DROP TABLE shares;
CREATE TABLE shares (id text PRIMARY KEY, user_id text NOT NULL);

-- +goose Down
SELECT 1;
