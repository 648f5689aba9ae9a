return policy {
  id = "acme/step-names",
  title = "Steps have names",
  severity = "note",
  kinds = { "workflow" },
  help = [[Named steps make logs readable. Fix: add name: to the step.]],
  check = function(wf, ctx)
    for job in wf:jobs() do
      for step in job:steps() do
        if not step.name then ctx:report(step, "step %d of job '%s' has no name", step.index, job.id) end
      end
    end
  end,
}
