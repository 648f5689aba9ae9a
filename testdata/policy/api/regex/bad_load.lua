-- A bad pattern compiled while the file loads: the file does not load (its line named).
local broken = regex("[unclosed")
return policy { id = "t/bad-load", title = "bad", severity = "note", kinds = { "workflow" },
  check = function() end }
