create index step_1_id on step_1 (id);
