-- +goose Up
CREATE TABLE user (
    id integer PRIMARY KEY AUTOINCREMENT,
    name varchar NOT NULL
);
CREATE TABLE playlist (
    id integer PRIMARY KEY,
    owner_id integer NOT NULL REFERENCES user (id)
);

-- +goose Down
DROP TABLE playlist;
DROP TABLE user;
