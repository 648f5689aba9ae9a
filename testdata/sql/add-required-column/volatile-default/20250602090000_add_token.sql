-- +goose Up
ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE orders ADD COLUMN seq bigserial;

-- +goose Down
ALTER TABLE orders DROP COLUMN seq, DROP COLUMN public_id;
