-- A literal credential shorter than four bytes is one gha/hardcoded-credential reports: it reads
-- as SENSITIVE like a longer one (whatever the policy prints shows only "(sensitive)").
return policy {
  id = "leak/short-credential",
  title = "prints a job's DB_PASSWORD",
  severity = "note",
  kinds = { "workflow" },
  check = function(wf, ctx)
    for job in wf:jobs() do
      ctx:report(job, "DB_PASSWORD is %s", job.env.DB_PASSWORD)
    end
  end,
}
