return policy {
  id = "acme/options",
  title = "options from the configuration",
  severity = "warning",
  kinds = { "plan" },
  options = {
    min_days = { type = "number", default = 7, help = "days" },
    count = { type = "integer", default = 3 },
    names = { type = "strings", default = { "x" } },
    enabled = { type = "boolean", default = true },
    label = { type = "string", default = "L" },
    nothing = { type = "string" },
  },
  check = function(plan, ctx)
    local o = ctx.options
    ctx:report(plan:resource("aws_db_instance.orders"), "min_days=%s count=%s names=%s enabled=%s label=%s nothing=%q",
      o.min_days, o.count, table.concat(o.names, "+"), tostring(o.enabled), o.label, o.nothing)
    ctx:report(plan:resource("aws_s3_bucket.logs"), "suppressed by the config")
  end,
}
