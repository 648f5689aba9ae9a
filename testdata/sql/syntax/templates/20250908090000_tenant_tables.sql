-- +goose ENVSUB ON
-- +goose Up
-- goose replaces ${...} before PostgreSQL reads the text: a name, a prefix, a keyword, a value
CREATE ${TABLE_KIND} TABLE ${SCHEMA_PREFIX}tenant_events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant text NOT NULL DEFAULT '${DEFAULT_TENANT}',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenant_events_at ON ${SCHEMA_PREFIX}tenant_events (at);
-- +goose ENVSUB OFF
-- River's templates are comments: PostgreSQL reads a name right after them
CREATE TABLE /* TEMPLATE: schema */river_leader (name text PRIMARY KEY, elected_at timestamptz);
-- PostgreSQL 15 grammar in full: SQL-standard function bodies, MERGE, NULLS NOT DISTINCT
CREATE FUNCTION tenant_count() RETURNS bigint LANGUAGE sql
    BEGIN ATOMIC SELECT count(*) FROM tenant_events; END;
CREATE TABLE tenant_names (name text, UNIQUE NULLS NOT DISTINCT (name));
MERGE INTO tenant_names t USING (VALUES ('a')) v(name) ON t.name = v.name
    WHEN NOT MATCHED THEN INSERT VALUES (v.name);

-- +goose Down
DROP TABLE tenant_names;
DROP FUNCTION tenant_count();
DROP TABLE river_leader;
-- +goose ENVSUB ON
DROP TABLE ${SCHEMA_PREFIX}tenant_events;
