-- An ordinary runaway in a worker: the in-process limit stops it first, with its own message.
return policy {
  id = "t/loop", title = "loop", severity = "error", kinds = { "plan" },
  check = function()
    while true do end
  end,
}
