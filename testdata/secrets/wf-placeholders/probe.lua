-- Reports every job with its id, path and first step in the message: text that holds "test",
-- "true" and the other placeholders of localstack.yml as words and as parts of words.
return policy {
  id = "probe/jobs",
  title = "names every job",
  severity = "note",
  kinds = { "workflow" },
  check = function(wf, ctx)
    for job in wf:jobs() do
      for step in job:steps() do
        ctx:report(step, "job '%s' (%s) is untested unless '%s' runs the tests: %s", job.id,
          wf.file, step.run or step.uses, tostring(job.env and job.env.AWS_ACCESS_KEY_ID))
        ctx:skip(step, "job " .. job.id .. " step " .. (step.name or "test"))
        break
      end
    end
    ctx:report(wf, "probe done")
  end,
}
