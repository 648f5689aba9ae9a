return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = { "has space" }, check = function() end }
