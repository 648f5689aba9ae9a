-- +goose Up
-- display_name and "Tmp Import" were added by the previous migration of this change: no running
-- code uses them, so dropping or renaming them breaks nothing.
ALTER TABLE users DROP COLUMN "Tmp Import";
ALTER TABLE users RENAME COLUMN display_name TO shown_name;
-- Added the same way earlier in this migration: new too.
ALTER TABLE users ADD COLUMN scratch int;
ALTER TABLE users DROP COLUMN scratch;
-- nickname came with a released migration, and a quoted "Legacy_Flags" is another column than
-- legacy_flags: both are in use.
ALTER TABLE users DROP COLUMN nickname;
ALTER TABLE users RENAME COLUMN legacy_flags TO flags;
ALTER TABLE users DROP COLUMN IF EXISTS "Legacy_Flags";

-- +goose Down
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users RENAME COLUMN flags TO legacy_flags;
ALTER TABLE users RENAME COLUMN shown_name TO display_name;
ALTER TABLE users ADD COLUMN "Tmp Import" text;
