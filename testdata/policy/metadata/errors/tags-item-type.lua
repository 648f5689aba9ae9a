return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = { "ok", 3 }, check = function() end }
