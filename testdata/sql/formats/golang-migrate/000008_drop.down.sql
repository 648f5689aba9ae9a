CREATE TABLE river_client (id text);
