-- A load error that quotes the author's text (the id) in its message.
return policy {
  id = "Bad\27[2J\rbroken.lua:1: error: FORGED\u{202E}",
  title = "broken",
  severity = "warning",
  kinds = { "plan" },
  check = function() end,
}
