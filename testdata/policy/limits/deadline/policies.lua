-- With an instruction budget out of reach, the wall-clock deadline stops the loop.
return policy {
  id = "t/deadline", title = "a loop against the clock", severity = "error", kinds = { "plan" },
  check = function()
    while true do end
  end,
}
