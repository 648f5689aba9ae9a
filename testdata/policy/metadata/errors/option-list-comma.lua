return policy { id = "t/u", title = "t", severity = "error", kinds = "plan", options = { names = { type = "strings", default = { "a,b" } } }, check = function() end }
