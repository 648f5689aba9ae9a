-- Another policy: its own lua_State, so nothing another policy did is visible here.
return policy {
  id = "t/other",
  title = "separate states",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    print("SHARED here", SHARED, "string.find", type(string.find))
    string.find = nil -- only this policy's copy
  end,
}
