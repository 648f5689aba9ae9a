return policy { id = "t/t", title = "t", severity = "error", kinds = "plan", options = { days = { type = "integer", min = 1 } }, check = function() end }
