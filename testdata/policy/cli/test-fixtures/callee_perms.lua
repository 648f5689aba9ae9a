-- A workflows (repository) policy: a job that calls a local reusable workflow which sets no
-- permissions of its own.
return policy {
  id = "t/callee-perms", title = "reusable workflows set permissions", severity = "error",
  kinds = { "workflows" },
  check = function(repo, ctx)
    for wf in repo:workflows() do
      for job in wf:jobs() do
        local callee = job.callee
        if callee and not callee.permissions then
          ctx:report(job:at("uses"), "%s sets no permissions", callee.path)
        end
      end
    end
  end,
}
