return policy { id = "t/n", title = "t", severity = "error", kinds = "plan", on_unknown = "ignore", check = function() end }
