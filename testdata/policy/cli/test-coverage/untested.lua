return policy { id = "acme/untested", title = "t", severity = "note", kinds = "plan", check = function() end }
