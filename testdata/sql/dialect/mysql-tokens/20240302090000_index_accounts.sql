-- +goose Up
CREATE INDEX `idx_accounts_email` ON `accounts` (`email`);
ALTER TABLE `accounts` MODIFY `email` VARCHAR(320) NOT NULL;

-- +goose Down
-- the running version never wrote longer addresses
DROP INDEX `idx_accounts_email` ON `accounts`;
