-- A catastrophic-backtracking match not caught: the check fails cleanly at the match limit.
return policy {
  id = "t/runaway", title = "runaway", severity = "note", kinds = { "workflow" },
  check = function(wf, ctx)
    ctx:report(wf, "before the runaway match")
    regex([[(x+x+)+$]]):test(string.rep("x", 60) .. "!")
  end,
}
