return policy { id = "tf/my-rule", title = "t", severity = "error", kinds = "plan", check = function() end }
