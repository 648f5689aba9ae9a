-- A well-behaved policy next to the runaways: its finding is reported.
return policy {
  id = "t/good", title = "good", severity = "warning", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_db_instance") do
      ctx:report(r:at("engine"), "engine is %s", r.after.engine)
    end
  end,
}
