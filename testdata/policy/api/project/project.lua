-- The project subject: every document of the run through the single-document proxies.
return policy {
  id = "t/project",
  title = "project view",
  severity = "note",
  kinds = { "project" },
  check = function(project, ctx)
    ctx:report(project, "%d plans, %d workflows, %d migrations of the change; env %s (%s); kind %s",
      #project.plans, #project.workflows, #project.migrations, project.env.name,
      project.env.class, ctx.kind)
    assert(project.plans == project.plans, "a list read twice is the same table")
    for _, plan in ipairs(project.plans) do
      local db = plan:resource("aws_db_instance.orders")
      ctx:report(db:at("password"), "password is %s, variable db_password is %s",
        db:get("password"), plan:variables().db_password)
    end
    for _, wf in ipairs(project.workflows) do
      for job in wf:jobs() do
        ctx:report(job:at("env.API_TOKEN"), "job %s of %s sets API_TOKEN to %s", job.id, wf.path,
          job.env.API_TOKEN)
      end
    end
    for _, m in ipairs(project.migrations) do
      for st in m:statements() do
        ctx:report(st:at(), "migration %s (%s) in the change: %s", m.name, m.format, st.kind)
      end
      for old in m.set:all() do
        if not old.checked then -- released history: reported nowhere
          ctx:report(old:at(), "history %s", old.name)
        end
      end
    end
    local wf = project:workflow(project.workflows[1].path)
    ctx:report(wf, "project:workflow finds %s", wf.path)
  end,
}
