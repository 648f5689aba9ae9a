return policy { id = "t/p", title = "t", severity = "error", kinds = "plan", options = { days = { type = "float" } }, check = function() end }
