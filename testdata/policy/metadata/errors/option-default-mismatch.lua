return policy { id = "t/q", title = "t", severity = "error", kinds = "plan", options = { days = { type = "integer", default = "seven" } }, check = function() end }
