-- Deep recursion ends in an error (the memory cap, or Lua's own C-stack limit), never a crash.
return {
  policy { id = "t/lua-recursion", title = "Lua recursion", severity = "error", kinds = { "plan" },
    check = function()
      local function f(n) return f(n + 1) + 1 end
      f(1)
    end },
  policy { id = "t/c-recursion", title = "recursion through C calls", severity = "error", kinds = { "plan" },
    check = function()
      local function f() return ("x"):gsub(".", f) end
      f()
    end },
  policy { id = "t/caught", title = "C recursion caught, then a finding", severity = "error", kinds = { "plan" },
    check = function(plan, ctx)
      local function f() return ("x"):gsub(".", f) end
      local ok, err = pcall(f)
      ctx:report(plan, "caught: %s", err)
    end },
}
