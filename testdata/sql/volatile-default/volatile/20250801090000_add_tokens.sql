-- +goose Up
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
ALTER TABLE orders ADD COLUMN sample float8 DEFAULT random() * 100;
ALTER TABLE orders ADD COLUMN shard int DEFAULT pick_shard();
ALTER TABLE orders ADD COLUMN total_with_tax bigint GENERATED ALWAYS AS (amount_cents * 119 / 100) STORED;

-- +goose Down
ALTER TABLE orders DROP COLUMN total_with_tax, DROP COLUMN shard, DROP COLUMN sample, DROP COLUMN public_id;
