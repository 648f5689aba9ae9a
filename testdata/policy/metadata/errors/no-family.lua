return policy { id = "rds-multi-az", title = "t", severity = "error", kinds = "plan", check = function() end }
