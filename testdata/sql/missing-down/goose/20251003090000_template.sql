-- +goose Up
-- +goose StatementBegin
CREATE TABLE notes (id bigint);
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
SELECT 'down SQL query';
-- +goose StatementEnd
