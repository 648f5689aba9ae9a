return policy { id = "t/k", title = "t", severity = "error", kinds = { "workflow" }, check = function() end }
