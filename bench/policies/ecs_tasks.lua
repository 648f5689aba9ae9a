return policy {
  id = "bench/ecs-tasks", title = "Services run two tasks", severity = "error", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_ecs_service") do
      local n = r.after.desired_count
      if type(n) == "number" and n < 2 then
        ctx:report(r:at("desired_count"), "desired_count is %d", n)
      end
    end
  end,
}
