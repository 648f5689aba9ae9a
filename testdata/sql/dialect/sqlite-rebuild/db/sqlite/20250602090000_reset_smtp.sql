-- +goose Up
-- dropped and created again empty: the rows are lost in any dialect
DROP TABLE smtp;
CREATE TABLE smtp (id integer PRIMARY KEY AUTOINCREMENT, host varchar(255));

-- +goose Down
DROP TABLE smtp;
