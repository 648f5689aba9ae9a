-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY wallets_id ON wallets (id);

-- +migrate Down
DROP INDEX wallets_id;
