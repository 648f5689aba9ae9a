return policy { id = "t/o", title = "t", severity = "error", kinds = "plan", options = { days = { default = 7 } }, check = function() end }
