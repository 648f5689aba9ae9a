-- A project policy whose check fails: the error names the policy and its line; the run goes on.
return policy {
  id = "t/project-broken",
  title = "fails",
  severity = "warning",
  kinds = { "project" },
  check = function(project, ctx)
    local n = #project.plans
    return project.plans[1].nothing.here + n
  end,
}
