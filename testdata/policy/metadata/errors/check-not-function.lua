return policy { id = "t/h", title = "t", severity = "error", kinds = "plan", check = "yes" }
