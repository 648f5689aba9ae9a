-- +goose Up
ALTER TABLE orders
    ADD COLUMN shipped_at timestamptz,
    ADD COLUMN carrier text NOT NULL DEFAULT 'unassigned';

-- +goose StatementBegin
CREATE FUNCTION orders_touch_shipped() RETURNS trigger AS $$
BEGIN
    -- stamp the shipping time once; DROP COLUMN or TRUNCATE here are just words
    IF NEW.status = 'shipped' AND NEW.shipped_at IS NULL THEN
        NEW.shipped_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER orders_shipped BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_touch_shipped();

-- +goose Down
DROP TRIGGER orders_shipped ON orders;
DROP FUNCTION orders_touch_shipped();
ALTER TABLE orders DROP COLUMN carrier, DROP COLUMN shipped_at;
