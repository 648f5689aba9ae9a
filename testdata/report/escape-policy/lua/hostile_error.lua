-- A run error whose message and traceback carry controls (--debug prints the traceback).
return policy {
  id = "hostile/error",
  title = "Raises an error with hostile text",
  severity = "note",
  kinds = { "plan" },
  check = function()
    error("boom \27[2J\27]0;pwned\7\r\nplan.json: error: FORGED finding [tf/forged]\u{202E}")
  end,
}
