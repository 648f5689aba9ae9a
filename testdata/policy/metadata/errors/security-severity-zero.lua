return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", security_severity = 0, check = function() end }
