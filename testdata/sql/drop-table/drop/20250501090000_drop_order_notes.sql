-- +goose Up
DROP TABLE IF EXISTS public.order_notes, order_flags CASCADE;

-- +goose Down
CREATE TABLE order_notes (id bigint);
CREATE TABLE order_flags (id bigint);
