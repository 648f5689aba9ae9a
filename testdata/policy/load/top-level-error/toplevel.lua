local helpers = nil
local limit = helpers.limit -- an error while the file runs
return policy { id = "t/top", title = "top", severity = "error", kinds = "plan", check = function() end }
