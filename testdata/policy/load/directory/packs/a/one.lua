local util = require("util")
return policy { id = "pack-a/one", title = "one", severity = "note", kinds = "plan",
  check = function(plan, ctx) ctx:report(plan, "%s", util.hello()) end }
