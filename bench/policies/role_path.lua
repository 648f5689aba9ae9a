return policy {
  id = "bench/role-path", title = "Service roles live under /service/", severity = "note", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_iam_role") do
      if r.after.path ~= "/service/" then
        ctx:report(r:at("path"), "role path is %s", r.after.path)
      end
    end
  end,
}
