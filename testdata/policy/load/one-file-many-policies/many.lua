-- One file, two policies: each gets its own Lua state (the file runs once per policy), so the
-- counter below is 1 in both and a limit hit by one never stops the other.
LOADS = (LOADS or 0) + 1

return {
  policy { id = "t/first", title = "first", severity = "note", kinds = "plan",
    check = function(plan, ctx) ctx:report(plan, "first sees LOADS = %d", LOADS) end },
  policy { id = "t/second", title = "second", severity = "note", kinds = "plan",
    check = function(plan, ctx) LOADS = LOADS + 10 ctx:report(plan, "second sees LOADS = %d", LOADS) end },
}
