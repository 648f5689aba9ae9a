-- +goose Up
-- Note: a later release will ALTER TABLE orders DROP COLUMN legacy_status.
/* ALTER TABLE orders DROP COLUMN legacy_status; /* nested */ still a comment */
INSERT INTO audit_log (message) VALUES ('ALTER TABLE orders DROP COLUMN legacy_status;');
INSERT INTO audit_log (message) VALUES (E'it\'s not ALTER TABLE orders DROP COLUMN x');
COMMENT ON COLUMN orders."drop column" IS 'a column named "drop column"';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION archive_column(col text) RETURNS void AS $body$
BEGIN
    -- runs only when an operator calls it, never in this migration
    EXECUTE format('ALTER TABLE orders DROP COLUMN %I', col);
    TRUNCATE order_events;
END;
$body$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION archive_column(text);
