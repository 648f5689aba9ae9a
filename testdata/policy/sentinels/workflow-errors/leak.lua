-- Policies that try to smuggle a workflow's literal credential out through an error message:
-- the credential itself reads as SENSITIVE, but the same text inside a run script is a plain
-- string. A run error's message is redacted for both kinds (one workflow, a repository's set).
local function leak(wf)
  for job in wf:jobs() do
    assert(job.env.DB_PASSWORD == SENSITIVE, "the credential is not SENSITIVE")
    for step in job:steps() do
      error("run script: " .. step.run, 0)
    end
  end
end

return {
  policy {
    id = "leak/one-workflow",
    title = "errors with a run script (workflow)",
    severity = "error",
    kinds = { "workflow" },
    check = function(wf, ctx) leak(wf) end,
  },
  policy {
    id = "leak/repository",
    title = "errors with a run script (workflows)",
    severity = "error",
    kinds = { "workflows" },
    check = function(repo, ctx)
      for wf in repo:workflows() do
        leak(wf)
      end
    end,
  },
}
