return policy { id = "t/e", severity = "error", kinds = "plan", check = function() end }
