-- +goose Up
-- a sibling of the named file: context only, never reported
ALTER TABLE users DROP COLUMN nickname;
