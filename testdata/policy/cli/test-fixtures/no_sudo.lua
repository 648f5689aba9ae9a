-- A workflow policy for the fixture forms of `infralint test`: steps that run sudo.
return policy {
  id = "t/no-sudo", title = "no sudo in run steps", severity = "warning", kinds = { "workflow" },
  check = function(wf, ctx)
    for job in wf:jobs() do
      for step in job:steps() do
        if step.run and step.run:find("sudo", 1, true) then
          ctx:report(step:at("run"), "%s runs sudo", tostring(step))
        end
      end
    end
  end,
}
