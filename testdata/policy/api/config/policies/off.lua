return policy {
  id = "acme/off", title = "turned off", severity = "error", kinds = { "plan" },
  check = function(plan, ctx) ctx:report(plan, "never reported") end,
}
