return policy { id = "t/a", titel = "typo", severity = "error", kinds = "plan", check = function() end }
