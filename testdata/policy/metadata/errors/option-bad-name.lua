return policy { id = "t/s", title = "t", severity = "error", kinds = "plan", options = { ["Max-Days"] = { type = "integer" } }, check = function() end }
