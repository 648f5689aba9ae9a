return policy {
  id = "acme/checks", title = "checks", severity = "warning", kinds = { "plan" },
  options = { limit = { type = "integer", default = 2 } },
  check = function(plan, ctx)
    for r in plan:resources("aws_instance") do
      if r.after.broken then error("this resource breaks the policy") end
      ctx:report(r:at("instance_type"), "instance %s", r.after.instance_type)
    end
  end,
}
