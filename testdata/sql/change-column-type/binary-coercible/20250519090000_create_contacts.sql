-- +goose Up
CREATE TABLE contacts (
    id        bigserial PRIMARY KEY,
    name      varchar(40) NOT NULL,
    city      varchar(40),
    bio       varchar(200),
    balance   numeric(10, 2),
    net       cidr,
    seen_at   timestamp(3),
    flags     varbit(4)
);
INSERT INTO contacts (name, city, bio, balance, net)
    SELECT 'n' || i, 'c', 'b', i, '10.0.0.0/8' FROM generate_series(1, 20) i;

-- +goose Down
DROP TABLE contacts;
