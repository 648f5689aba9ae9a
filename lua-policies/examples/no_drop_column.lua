-- examples/no-drop-column — sql/drop-column written as a Lua policy: a worked example of a
-- migrations policy. Same findings, same words as the built-in (tests/policy_equivalence.py
-- checks it on the migration sets under testdata/policy/equivalence/). It shows the model the
-- sql/ rules read, so a policy never parses SQL itself:
--   set:all() is every migration of the directory in version order (history included);
--   m:statements("up") the Up section split exactly as goose splits it; st.kind, st.table and,
--   for ALTER TABLE, st.actions with one action per clause (a.op, a.column, …);
--   set:created_in(st, table) says whether the table is new when st runs (created earlier in
--   the same migration, or by an earlier migration of the change), and a.new_column whether the
--   column is (added the same way): no running code uses a new table or column, so dropping it
--   breaks nothing.
-- Findings on migrations the run does not report on (released history, context siblings) are
-- dropped, as the built-ins never report there.

-- What rolls a migration back, as the built-in names it.
local down_command = { goose = "goose down", ["golang-migrate"] = "migrate down" }

return policy {
  id = "examples/no-drop-column",
  title = "A migration does not drop a column the running version may use (Lua example)",
  severity = "error",
  kinds = { "migrations" },
  origin = "deployment design 10.5: rollback; squawk ban-drop-column; the Lua twin of sql/drop-column",
  help = [[
`ALTER TABLE … DROP COLUMN` breaks the application version that is still running while the
migration is applied (and the one traffic shifts back to on a rollback): its queries that name
the column fail. Only Up sections are checked, and only existing tables: a table created in the
same migration, or in an earlier migration of the change, is new. A column added (ADD COLUMN)
by the change the same way is new too.

Fix: contract in two releases: first deploy a version that no longer reads or writes the
column, then drop it in a migration after that release.]],
  check = function(set, ctx)
    for m in set:all() do
      for st in m:statements("up") do
        if st.kind == "alter_table" and st.table and not set:created_in(st, st.table) then
          for _, a in ipairs(st.actions) do
            if a.op == "drop_column" and not a.new_column then
              local path = a.column and st.table .. "." .. a.column or st.table
              ctx:report {
                at = a, -- the DROP clause; its path is table.column
                message = string.format("drops column %s while the running version may still "
                  .. "read or write it: its queries fail as soon as the migration commits, and "
                  .. "%s cannot bring the data back", path, down_command[m.format] or "a rollback"),
                fix = "contract step: first release a version that no longer reads or writes the "
                  .. "column, then drop it in a migration after that release",
              }
            end
          end
        end
      end
    end
  end,
}
