return policy { id = "acme/notalist", title = "t", severity = "note", kinds = "plan", check = function() end }
