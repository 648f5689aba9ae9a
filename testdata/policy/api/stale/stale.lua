-- Proxies belong to the check that received them: kept in an upvalue, they refuse to work in the
-- next check (the document may be gone); plain Lua values survive.
local kept = {}

return policy {
  id = "t/stale",
  title = "stale proxies",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    if kept.resource then
      print("previous", kept.address, kept.count)
      print("stale resource", pcall(function() return kept.resource.address end))
      print("stale node", pcall(function() return kept.after.engine end))
      print("stale location", pcall(ctx.report, ctx, kept.loc, "x"))
      print("stale ctx", pcall(function() return kept.ctx.options end))
      print("stale plan", pcall(function() return kept.plan:resources() end))
    end
    for r in plan:resources("aws_db_instance") do
      kept = { resource = r, after = r.after, loc = r:at("engine"), ctx = ctx, plan = plan,
               address = r.address, count = (kept.count or 0) + 1 }
      break
    end
  end,
}
