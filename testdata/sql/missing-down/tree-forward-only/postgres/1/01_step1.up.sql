create table if not exists step_1 (id bigint primary key);
