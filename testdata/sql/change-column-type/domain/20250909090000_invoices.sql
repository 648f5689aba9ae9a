-- +goose Up
CREATE TABLE invoices (id bigint PRIMARY KEY, note text, status text NOT NULL DEFAULT 'new');
INSERT INTO invoices (id, note) SELECT i, 'n' FROM generate_series(1, 20) i;

-- +goose Down
DROP TABLE invoices;
