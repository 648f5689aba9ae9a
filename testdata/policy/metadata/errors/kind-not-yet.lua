return policy { id = "t/k", title = "t", severity = "error", kinds = { "plan", "project" }, check = function() end }
