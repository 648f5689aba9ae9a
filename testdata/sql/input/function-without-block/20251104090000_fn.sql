-- +goose Up
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- +goose Down
DROP FUNCTION touch();
