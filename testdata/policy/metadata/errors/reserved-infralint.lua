return policy { id = "infralint/mine", title = "t", severity = "error", kinds = "plan", check = function() end }
