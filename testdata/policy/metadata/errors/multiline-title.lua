return policy { id = "t/f", title = "two\nlines", severity = "error", kinds = "plan", check = function() end }
