return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = 3, check = function() end }
