-- A pattern just under the guard's limit, again and again: each match would be one long C call
-- (about 0.3 s) that the count hook cannot interrupt. Its worst case does not fit in the 50 ms
-- left before the deadline, so it is stopped before it runs, in the worker as in process.
return policy {
  id = "t/slow", title = "long C calls", severity = "error", kinds = { "plan" },
  check = function()
    local s = ("a"):rep(7000)
    for i = 1, 100 do s:find("a.*b") end
  end,
}
