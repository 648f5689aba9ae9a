return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", security_severity = true, check = function() end }
