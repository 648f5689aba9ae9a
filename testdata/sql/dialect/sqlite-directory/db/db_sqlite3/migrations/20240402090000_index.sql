-- +goose Up
CREATE INDEX playlist_owner ON playlist (owner_id);
INSERT OR IGNORE INTO user (id, name) VALUES (1, 'admin');
