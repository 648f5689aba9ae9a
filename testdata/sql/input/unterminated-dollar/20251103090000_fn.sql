-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $fn$
BEGIN
    RETURN 1;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose Down
DROP FUNCTION f();
