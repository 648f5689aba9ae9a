return policy { id = "t/m", title = "t", severity = "error", kinds = "plan", tags = { "ok", cwe = "cwe-287" }, check = function() end }
