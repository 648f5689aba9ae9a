return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", security_severity = 7.55, check = function() end }
