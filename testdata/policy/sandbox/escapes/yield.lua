-- coroutine.yield from the check itself is not a way to pause and resume later.
return policy {
  id = "t/yield",
  title = "yield",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    coroutine.yield("please resume me later")
  end,
}
