create table if not exists step_10 (id bigint primary key);
