-- a plain table, not built with policy{}
return { id = "t/plain", title = "plain", severity = "error", kinds = { "plan" }, check = function() end }
