return policy { id = "t/g", title = "t", severity = "error", kinds = "plan" }
