policy { id = "t/forgot-return", title = "no return", severity = "error", kinds = "plan", check = function() end }
