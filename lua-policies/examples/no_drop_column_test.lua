-- Tests of examples/no-drop-column. Migrations are fixtures: `-- expect: <policy>` on the line
-- before the offending line, `-- ok: <policy>` where it must stay silent.
return {
  {
    name = "a column of an existing table",
    migrations = {
      ["00001_users.sql"] = [[
-- +goose Up
ALTER TABLE users
  DROP COLUMN email,
  ADD COLUMN email_address text;
-- +goose Down
ALTER TABLE users DROP COLUMN email_address, ADD COLUMN email text;
]],
    },
    expect = { { at = "1", path = "users.email", message = "and goose down cannot bring" } },
  },
  {
    name = "a table created earlier in the same migration is new",
    migrations = {
      ["00001_users.sql"] = [[
-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY, email text, tmp text);
-- ok: examples/no-drop-column
ALTER TABLE users DROP COLUMN tmp;
]],
    },
  },
  {
    name = "a table created by an earlier migration of the change is new; released ones are not",
    released_through = 1,
    migrations = {
      ["00001_accounts.sql"] = [[
-- +goose Up
CREATE TABLE accounts (id bigint PRIMARY KEY, legacy text);
]],
      ["00002_orders.sql"] = [[
-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
]],
      ["00003_cleanup.sql"] = [[
-- +goose Up
-- ok: examples/no-drop-column
ALTER TABLE orders DROP COLUMN note;
-- expect: examples/no-drop-column
ALTER TABLE accounts DROP COLUMN legacy;
]],
    },
  },
  {
    name = "a column added by the change is new; one added by released history is not",
    released_through = 1,
    migrations = {
      ["00001_users.sql"] = [[
-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN nickname text;
]],
      ["00002_tmp.sql"] = [[
-- +goose Up
ALTER TABLE users ADD COLUMN tmp_import text;
]],
      ["00003_cleanup.sql"] = [[
-- +goose Up
-- ok: examples/no-drop-column
ALTER TABLE users DROP COLUMN tmp_import;
-- expect: examples/no-drop-column
ALTER TABLE users DROP COLUMN nickname;
]],
    },
  },
  {
    name = "Down sections undo their Up: not checked",
    migrations = {
      ["00001_users.sql"] = [[
-- +goose Up
ALTER TABLE users ADD COLUMN nickname text;
-- +goose Down
-- ok: examples/no-drop-column
ALTER TABLE users DROP COLUMN nickname;
]],
    },
  },
  {
    name = "golang-migrate pairs roll back with migrate down",
    migrations = {
      ["1_drop.up.sql"] = "ALTER TABLE users DROP COLUMN IF EXISTS email;\n",
      ["1_drop.down.sql"] = "ALTER TABLE users ADD COLUMN email text;\n",
    },
    expect = { { at = "1", path = "users.email", message = "migrate down cannot bring" } },
  },
}
