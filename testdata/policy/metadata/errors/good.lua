-- The only valid policy here: it still runs while every other file is reported.
return policy {
  id = "t/good",
  title = "a valid policy",
  severity = "warning",
  kinds = { "plan", "backend" },
  scope = "all",
  on_unknown = "note",
  options = { days = { type = "integer", default = 7, help = "days" } },
  help = "Fix: nothing.",
  origin = "tests",
  check = function(subject, ctx)
    ctx:report(subject, "ran on a %s with days = %d", ctx.kind, ctx.options.days)
  end,
}
