return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", security_severty = 5, check = function() end }
