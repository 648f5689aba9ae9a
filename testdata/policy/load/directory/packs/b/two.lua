return policy { id = "pack-b/two", title = "two", severity = "note", kinds = "plan",
  check = function(plan, ctx) ctx:report(plan, "two") end }
