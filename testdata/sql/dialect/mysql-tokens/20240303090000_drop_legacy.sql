-- +goose Up
-- a drop breaks the running version in any dialect: still reported
DROP TABLE legacy_sessions;

-- +goose Down
SELECT 1;
