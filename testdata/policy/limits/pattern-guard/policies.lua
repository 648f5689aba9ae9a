-- Pattern matching runs inside one C call the count hook cannot interrupt: string.find, match,
-- gmatch and gsub refuse subject/pattern combinations whose worst case is too long.
return policy {
  id = "t/patterns", title = "pattern guard", severity = "note", kinds = { "plan" },
  check = function(plan, ctx)
    local big = ("a"):rep(20000)
    local function try(what, f, ...)
      local ok, err = pcall(f, ...)
      print(what, ok, ok and (type(err) == "string" and #err .. " bytes" or tostring(err)) or err)
    end
    try("cheap find", string.find, "engine=postgres", "engine=(%w+)")
    try("anchored", string.match, big, "^a*$")
    try("plain text", string.find, big, "aab", 1, true)
    try("unanchored .*", string.find, big, "a.*b")
    try("two repetitions", string.match, ("a"):rep(1000), "a.-a.-b")
    try("balanced match", string.find, big, "%b()")
    try("back-reference", string.find, ("a"):rep(5000), "^(a*)%1%1b")
    try("gmatch", string.gmatch, big, "(a+)b")
    try("gsub", string.gsub, big, "a.-b", "")
    try("method call", function() return big:find(".-b") end)
    try("long plain needle", string.find, ("a"):rep(100000), ("a"):rep(20000) .. "b", 1, true)
    try("glob", glob, ("*a"):rep(1000), ("a"):rep(300000))
  end,
}
