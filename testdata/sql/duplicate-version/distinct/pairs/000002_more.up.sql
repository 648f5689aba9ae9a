CREATE TABLE vouchers (id bigint);
