CREATE TABLE tags (id int);
ALTER TABLE tags ADD COLUMN label text;
