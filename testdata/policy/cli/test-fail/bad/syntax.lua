return policy { id = "acme/syntax", title = "t", severity = "note", kinds = "plan", check = function() end }
