-- What a hostile policy finds when it looks for a way out: nothing but errors.
SHARED = "set by t/escape" -- a global of this policy's own state only

return policy {
  id = "t/escape",
  title = "escape attempts",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    for _, name in ipairs { "os", "io", "debug", "package", "dofile", "loadfile", "warn",
                            "loadstring", "module", "newproxy", "setfenv", "getfenv" } do
      print("global " .. name, type(_G[name]))
    end
    print("string.dump", type(string.dump), "math.randomseed", type(math.randomseed))
    local allowed = {}
    for name in pairs(_G) do
      allowed[#allowed + 1] = name
    end
    table.sort(allowed)
    print("globals", table.concat(allowed, " "))
    print("binary chunk", load(string.char(27) .. "LuaT\0", "x"))
    print("binary mode", pcall(load, "return 1", "x", "b"))
    print("binary mode bt", pcall(load, "return 1", "x", "bt"))
    print("text chunk", load("return 1 + 1")(), load("return SHARED")())
    print("text chunk with an env", load("return x", "x", "t", { x = 5 })())
    print("__gc", pcall(setmetatable, {}, { __gc = function() end }))
    print("locked metatables", getmetatable(plan), getmetatable(UNKNOWN), getmetatable(json.array()),
      pcall(setmetatable, json.array(), {}))
    print("string metatable", pcall(function() return getmetatable("").__index == string end))
    print("collectgarbage", pcall(collectgarbage, "stop"))
    print("rawset on a proxy", pcall(rawset, plan, "x", 1))
    print("rawget on a proxy", pcall(rawget, plan, "file"))
    print("coroutine.yield from the check", coroutine.isyieldable())
    print("require io", pcall(require, "io"))
  end,
}
