-- migrations = {name = text} or a directory; released_through = version; -- expect: / -- ok:.
return {
  { name = "released history is never reported",
    released_through = 1,
    migrations = {
      ["00001_seed.sql"] = "-- +goose Up\n-- ok: t/no-truncate\nTRUNCATE seed;\n",
      ["00002_cleanup.sql"] = [[
-- +goose Up
-- expect: t/no-truncate
TRUNCATE sessions, tokens;
-- +goose Down
-- ok: t/no-truncate
TRUNCATE sessions;
]],
    } },
  { name = "a directory of migrations", migrations = "fixtures/migs",
    expect = { { at = "20250101000000", path = "events", line = 3, message = "truncates events" } } },
  { name = "without released_through every migration is in the change",
    migrations = { ["00001_seed.sql"] = "-- +goose Up\n-- expect: t/no-truncate\nTRUNCATE seed;\n" } },
  { name = "---- failing: released_through is not a version", released_through = "1",
    migrations = { ["00001_seed.sql"] = "-- +goose Up\nSELECT 1;\n" }, expect = {} },
  { name = "a mark at the end of a file names no line",
    migrations = { ["00001_seed.sql"] = "-- +goose Up\nTRUNCATE seed;\n-- expect: t/no-truncate\n" } },
  { name = "an unexpected finding in a migration",
    migrations = { ["00001_seed.sql"] = "-- +goose Up\nTRUNCATE seed;\n" }, expect = {} },
}
