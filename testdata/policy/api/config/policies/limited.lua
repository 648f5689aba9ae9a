return policy {
  id = "acme/limited", title = "a tighter budget", severity = "error", kinds = { "plan" },
  check = function(plan, ctx)
    local n = 0
    for i = 1, 1000000 do n = n + i end
    ctx:report(plan, "never reached: %d", n)
  end,
}
