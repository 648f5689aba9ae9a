-- +goose Up
-- declared without a volatility, a function PostgreSQL cannot inline (here: PL/pgSQL) is
-- VOLATILE: every row gets its own call
CREATE FUNCTION now_micros() RETURNS bigint LANGUAGE plpgsql
    AS $$ BEGIN RETURN (extract(epoch FROM now()) * 1000000)::bigint; END $$;
ALTER TABLE orders ADD COLUMN created_micros bigint DEFAULT now_micros();

-- +goose Down
ALTER TABLE orders DROP COLUMN created_micros;
DROP FUNCTION now_micros();
