-- +goose Up
-- SQLite cannot add a foreign key to a table: the table is rebuilt (PostgreSQL's grammar rejects
-- the CREATE TABLE, `user` is reserved there; its tokens still say what it creates)
CREATE TABLE share_tmp (
    id varchar(255) NOT NULL PRIMARY KEY,
    user_id varchar(255) NOT NULL REFERENCES user (id) ON DELETE CASCADE
);
INSERT INTO share_tmp (id, user_id) SELECT id, user_id FROM share;
DROP TABLE share;
ALTER TABLE share_tmp RENAME TO share;

-- +goose Down
SELECT 1;
