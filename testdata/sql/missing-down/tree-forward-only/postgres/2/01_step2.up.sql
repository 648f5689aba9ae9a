create table if not exists step_2 (id bigint primary key);
