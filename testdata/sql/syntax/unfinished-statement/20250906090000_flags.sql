-- +goose Up
CREATE TABLE flags (id bigint PRIMARY KEY);

-- +goose Down
-- no ';' ends these statements: goose refuses the file, and one finding says so (what
-- PostgreSQL would make of the run-on text is the same mistake)
DROP TABLE flags
DROP TABLE flag_history
