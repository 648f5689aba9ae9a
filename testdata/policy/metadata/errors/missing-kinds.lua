return policy { id = "t/i", title = "t", severity = "error", check = function() end }
