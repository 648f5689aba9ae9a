-- A bad pattern and a runaway match inside check: errors at those lines; other policies and
-- rules still report.
return policy {
  id = "t/bad-check", title = "bad", severity = "note", kinds = { "workflow" },
  check = function(wf, ctx)
    if wf.name == nil then
      regex("(?<name")
    end
  end,
}
