return policy {
  id = "bench/log-retention", title = "Log groups expire", severity = "warning", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_cloudwatch_log_group") do
      if r.after.retention_in_days == 0 then
        ctx:report(r:at("retention_in_days"), "logs are kept forever")
      end
    end
  end,
}
