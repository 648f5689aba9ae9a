return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = { "rds", "s3", "rds" }, check = function() end }
