-- +goose ENVSUB ON
-- +goose Up
-- +goose ENVSUB OFF
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now(); -- semicolons inside a StatementBegin block are fine
    RETURN NEW;
END
$$ LANGUAGE plpgsql
-- +goose StatementEnd

-- +goose ENVSUB ON
CREATE TABLE ${SCHEMA_PREFIX}gift_cards (id bigint, updated_at timestamptz);
-- +goose ENVSUB OFF

CREATE TRIGGER gift_cards_touch BEFORE UPDATE ON gift_cards
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- +goose down
drop trigger gift_cards_touch on gift_cards;
drop table gift_cards;
drop function touch_updated_at();
