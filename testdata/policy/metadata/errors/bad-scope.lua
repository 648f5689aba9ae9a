return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", scope = "production", check = function() end }
