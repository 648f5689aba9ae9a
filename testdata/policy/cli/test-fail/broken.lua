return policy { id = "acme/broken", title = "broken", severity = "sev", kinds = "plan", check = function() end }
