return policy {
  id = "acme/job-names",
  title = "Jobs have a display name",
  severity = "note",
  kinds = { "workflow" },
  persona = "pedantic",
  help = [[A name makes the checks list readable. Fix: add `name:` to the job.]],
  check = function(wf, ctx)
    for job in wf:jobs() do
      if job.name == nil then ctx:report(job, "job '%s' has no name", job.id) end
    end
  end,
}
