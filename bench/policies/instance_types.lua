return policy {
  id = "bench/instance-types", title = "EC2 instance types are on the approved list", severity = "warning",
  kinds = { "plan" }, options = { allowed = { type = "strings", default = { "t3.medium", "m5.large" } } },
  check = function(plan, ctx)
    local allowed = {}
    for _, t in ipairs(ctx.options.allowed) do allowed[t] = true end
    for r in plan:resources("aws_instance") do
      local t = r.after.instance_type
      if type(t) == "string" and not allowed[t] then
        ctx:report(r:at("instance_type"), "instance type %s is not approved", t)
      end
    end
  end,
}
