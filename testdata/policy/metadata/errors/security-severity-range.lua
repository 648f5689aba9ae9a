return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", security_severity = 11, check = function() end }
