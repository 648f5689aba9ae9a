return policy {
  id = "bench/health-path", title = "Target groups check a path", severity = "error", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_lb_target_group") do
      if r:get("health_check.0.path") == nil then
        ctx:report(r:at("health_check.0.path"), "no health check path")
      end
    end
  end,
}
