return policy { title = "t", severity = "error", kinds = "plan", check = function() end }
