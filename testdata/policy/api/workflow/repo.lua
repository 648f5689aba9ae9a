-- kind workflows: one repository's workflows together; a job's callee is the local reusable
-- workflow it calls (nil for a remote one).
return policy {
  id = "t/repo",
  title = "workflows API",
  severity = "warning",
  kinds = { "workflows" },
  check = function(repo, ctx)
    print("repo", repo.dir, tostring(repo), repo.is_repo, ctx.kind)
    for wf in repo:workflows() do
      print("workflow", wf.path, wf.name, wf.context)
    end
    print("by name", repo:workflow("CI").path, repo:workflow("lint.yml").path, repo:workflow("nope"))
    local call = repo:workflow("CI"):job("call")
    local callee = call.callee
    print("callee", callee.path, callee.name, callee == repo:workflow("Reusable deploy"))
    for job in callee:jobs() do
      print("callee job", job.id, job.environment, job.workflow == callee)
    end
    print("unknown", pcall(function() return repo.nonsense end))
    print("write", pcall(function() repo.dir = "x" end))
    ctx:report(call:at("uses"), "calls %s", call.uses)
    ctx:report(repo, "the repository itself")
    ctx:report(callee:job("ship"):at("environment"), "environment from an input")
  end,
}
