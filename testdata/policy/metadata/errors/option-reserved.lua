return policy { id = "t/r", title = "t", severity = "error", kinds = "plan", options = { instructions = { type = "integer" } }, check = function() end }
