return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", persona = "loud", check = function() end }
