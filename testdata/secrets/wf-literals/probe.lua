-- Reads every view of the workflows and tries to print the literal credentials: the whole YAML
-- (anchors and merge keys), each job's env, each step's name, run script and env, what a job
-- calls; through print, ctx:report, ctx:skip, an error, and string functions.
return policy {
  id = "probe/workflow",
  title = "prints every view of a workflow",
  severity = "note",
  kinds = { "workflow" },
  check = function(wf, ctx)
    local root = json.encode(wf.root)
    print("root", root, root:upper())
    ctx:report(wf, "root: %s", root)
    for job in wf:jobs() do
      print("env", json.encode(job.env), "with", json.encode(job.with))
      ctx:report(job, "job %s env %s with %s", job.id, job.env, job.with)
      for step in job:steps() do
        local run = step.run or ""
        print("step", step.name, run, run:upper(), run:sub(10, 40))
        ctx:report(step, "step %s runs %s (%s)", step.name, run, run:upper())
        ctx:skip(step, "the script " .. run)
      end
      if job.callee then
        for called in job.callee:jobs() do
          for step in called:steps() do
            ctx:report(job, "the called workflow's env: %s", step.env)
          end
        end
      end
    end
    ctx:report(wf, "probe done")
    error("giving up on " .. root, 0)
  end,
}
