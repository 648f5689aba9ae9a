return policy { id = "Acme/RDS_Multi", title = "t", severity = "error", kinds = "plan", check = function() end }
