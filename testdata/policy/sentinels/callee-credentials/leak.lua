-- A policy checking ci.yml reaches the workflow its job calls (job.callee) and tries to print
-- that file's literal credential through a run script: in a finding, and in an error. Both are
-- redacted, although the credential belongs to another file than the one checked.
return {
  policy {
    id = "leak/callee-finding",
    title = "reports a callee's run script",
    severity = "error",
    kinds = { "workflow" },
    check = function(wf, ctx)
      for job in wf:jobs() do
        if job.callee then
          for called in job.callee:jobs() do
            for step in called:steps() do
              ctx:report(job, "the called workflow runs: %s", step.run)
            end
          end
        end
      end
    end,
  },
  policy {
    id = "leak/callee-error",
    title = "errors with a callee's run script",
    severity = "error",
    kinds = { "workflow" },
    check = function(wf, ctx)
      for job in wf:jobs() do
        if job.callee then
          for called in job.callee:jobs() do
            for step in called:steps() do
              error("run: " .. step.run, 0)
            end
          end
        end
      end
    end,
  },
}
