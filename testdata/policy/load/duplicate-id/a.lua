return policy { id = "t/same", title = "first", severity = "error", kinds = "plan", check = function() end }
