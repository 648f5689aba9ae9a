return policy { id = "t/l", title = "t", severity = "error", kinds = {}, check = function() end }
