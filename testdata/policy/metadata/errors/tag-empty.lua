return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = { "" }, check = function() end }
