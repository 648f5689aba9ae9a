return policy { id = "t/d", title = "t", severity = "warnin", kinds = "plan", check = function() end }
