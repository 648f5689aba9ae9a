-- Runaway policies: each is stopped by the instruction budget, whatever it does to escape it.
local function runaway(id, title, check)
  return policy { id = id, title = title, severity = "error", kinds = { "plan" }, check = check }
end

return {
  runaway("t/loop", "an infinite loop", function()
    while true do end
  end),
  runaway("t/pcall", "pcall around the loop, in a loop", function()
    while true do pcall(function() while true do end end) end
  end),
  runaway("t/xpcall", "a handler that loops too", function()
    xpcall(function() while true do end end, function() while true do end end)
  end),
  runaway("t/sort", "a comparator (a C call the hook cannot yield from)", function()
    table.sort({ 3, 2, 1 }, function() while true do pcall(function() while true do end end) end end)
  end),
  runaway("t/gsub", "a gsub callback", function()
    local s = ("a"):rep(10)
    s:gsub("a", function() while true do end end)
  end),
  runaway("t/tostring", "a __tostring called from C, caught by pcall in a loop", function()
    local t = setmetatable({}, { __tostring = function() while true do end end })
    while true do pcall(tostring, t) end
  end),
  runaway("t/coroutine", "a coroutine resumed again and again", function()
    local co = coroutine.create(function() while true do end end)
    while true do coroutine.resume(co) end
  end),
  runaway("t/wrap", "a wrapped coroutine under pcall", function()
    local f = coroutine.wrap(function() while true do end end)
    while true do pcall(f) end
  end),
  runaway("t/load", "a load() reader that never ends", function()
    while true do load(function() while true do end end) end
  end),
  runaway("t/close", "a __close handler that loops", function()
    local guard <close> = setmetatable({}, { __close = function() while true do end end })
    while true do end
  end),
  runaway("t/require", "a module that never finishes loading", function()
    require("spin")
  end),
}
