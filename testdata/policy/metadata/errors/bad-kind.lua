return policy { id = "t/j", title = "t", severity = "error", kinds = { "plans" }, check = function() end }
