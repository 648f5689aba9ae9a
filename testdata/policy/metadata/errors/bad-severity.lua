return policy { id = "t/c", title = "t", severity = "critical", kinds = "plan", check = function() end }
