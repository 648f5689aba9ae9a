-- +migrate Up
CREATE TABLE wallets (id bigint PRIMARY KEY);

-- +migrate Down
DROP TABLE wallets;
