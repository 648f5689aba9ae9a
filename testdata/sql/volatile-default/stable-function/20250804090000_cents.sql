-- +goose Up
-- declared STABLE: PostgreSQL stores one value as the column's default, no rewrite
CREATE FUNCTION now_micros_stable() RETURNS bigint LANGUAGE plpgsql STABLE
    AS $$ BEGIN RETURN (extract(epoch FROM now()) * 1000000)::bigint; END $$;
ALTER TABLE orders ADD COLUMN created_micros bigint DEFAULT now_micros_stable();
-- a one-expression SQL function (declared VOLATILE by default) is inlined: as stable as now()
CREATE FUNCTION now_micros_sql() RETURNS bigint LANGUAGE sql
    AS $$ SELECT (extract(epoch FROM now()) * 1000000)::bigint $$;
ALTER TABLE orders ADD COLUMN updated_micros bigint DEFAULT now_micros_sql();

-- +goose Down
ALTER TABLE orders DROP COLUMN updated_micros, DROP COLUMN created_micros;
DROP FUNCTION now_micros_sql();
DROP FUNCTION now_micros_stable();
