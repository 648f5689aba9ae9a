return policy(setmetatable({ id = "t/x" }, { __index = function() return "error" end }))
