return policy { id = "acme/half", title = "t", severity = "note", kinds = "plan",
  check = function(plan, ctx) for r in plan:resources() do ctx:report(r, "seen") end end }
