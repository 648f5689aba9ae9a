-- +goose Up
ALTER TABLE accounts DROP COLUMN legacy;
