-- +goose Up
INSERT INTO notes VALUES ('café');
-- +goose Down
DELETE FROM notes;
