return policy { "t/w", title = "t", severity = "error", kinds = "plan", check = function() end }
