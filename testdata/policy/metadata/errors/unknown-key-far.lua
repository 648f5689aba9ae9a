return policy { id = "t/b", title = "t", severity = "error", kinds = "plan", colour = "red", check = function() end }
