-- +goose Up
-- +goose StatementBegin
CREATE TABLE notes (id bigint);

-- +goose Down
DROP TABLE notes;
