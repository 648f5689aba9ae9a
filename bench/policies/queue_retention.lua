return policy {
  id = "bench/queue-retention", title = "Queues keep messages a day", severity = "warning", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_sqs_queue") do
      local s = r.after.message_retention_seconds
      if type(s) == "number" and s < 86400 then
        ctx:report(r:at("message_retention_seconds"), "retention is %d s", s)
      end
    end
  end,
}
