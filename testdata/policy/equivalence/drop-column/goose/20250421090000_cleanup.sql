-- +goose Up
-- Prisma-style quoted identifiers, schema-qualified, mixed case, IF EXISTS
alter TABLE "public"."Orders"
    Drop Column "LegacyStatus",
    drop if exists notes;

-- +goose Down
ALTER TABLE "public"."Orders" ADD COLUMN "LegacyStatus" text, ADD COLUMN notes text;
