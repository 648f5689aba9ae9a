-- +goose Up
-- nothing here says SQLite: the configuration does
CREATE INDEX tracks_album ON tracks (album_id);
UPDATE tracks SET play_count = 0;

-- +goose Down
DROP INDEX tracks_album;
