-- +goose Up
-- the old table moves aside and an empty one takes its name: no rows are copied back
ALTER TABLE api_keys RENAME TO api_keys_deprecated;
CREATE TABLE api_keys (id bigint PRIMARY KEY, key_hash text NOT NULL);

-- +goose Down
DROP TABLE api_keys;
ALTER TABLE api_keys_deprecated RENAME TO api_keys;
