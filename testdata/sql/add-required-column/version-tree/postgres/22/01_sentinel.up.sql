-- one directory per version (boundary's layout): a function declared in an earlier version
create or replace function to_sentinel(s text) returns text as $$ select s $$ language sql immutable;
