-- regex(pattern[, flags]): PCRE2, compiled once per pattern and flags; match, find, gmatch,
-- test; flags i m s x u; every error a Lua error at the policy's line.
local function show(...) print(...) end

-- compiled when the file loads, used by every check
local pipe_to_shell = regex([[curl\b[^|\n]*\|\s*(ba)?sh\b]])

return policy {
  id = "t/regex",
  title = "regex helper",
  severity = "warning",
  kinds = { "workflow" },
  check = function(wf, ctx)
    local re = regex([[(\d+)\.(\d+)\.(\d+)]])
    show("tostring", tostring(re), type(re), re == regex([[(\d+)\.(\d+)\.(\d+)]]),
      re == regex([[(\d+)\.(\d+)\.(\d+)]], "i"))
    show("match", re:match("v1.2.3 and 4.5.6"))
    show("match init", re:match("v1.2.3 and 4.5.6", 4), re:match("v1.2.3", -5))
    show("match none", re:match("no version"), re:match("1.2.3", 100))
    show("no captures", regex([[\d+]]):match("ab 42 7"))
    show("find", re:find("v1.2.3"))
    show("find no captures", regex("b+"):find("aabbbc"))
    show("find init", regex("b+"):find("aabbbc", -2))
    show("find none", regex("z"):find("abc"))
    show("unset group", regex("(a)|(b)"):match("b"))
    show("test", re:test("1.2.3"), re:test("1.2"), regex(""):test(""))
    local all = {}
    for word in regex([[\w+]]):gmatch("one two  three") do
      all[#all + 1] = word
    end
    show("gmatch", table.concat(all, "|"))
    local pairs_ = {}
    for k, v in regex([[(\w+)=(\d+)]]):gmatch("a=1, b=22,c=333 d=x") do
      pairs_[#pairs_ + 1] = k .. ":" .. v
    end
    show("gmatch captures", table.concat(pairs_, " "))
    local empties = 0
    for m in regex("x*"):gmatch("ab") do
      empties = empties + 1
      assert(m == "")
    end
    show("gmatch empty matches", empties)
    local utf = {}
    for c in regex(".", "u"):gmatch("héé") do
      utf[#utf + 1] = c
    end
    show("gmatch utf-8", #utf, table.concat(utf, ","))
    -- flags
    show("i", regex("hello", "i"):test("HeLLo"), regex("hello"):test("HeLLo"))
    show("m", regex("^b$", "m"):test("a\nb\nc"), regex("^b$"):test("a\nb\nc"))
    show("s", regex("a.b", "s"):test("a\nb"), regex("a.b"):test("a\nb"))
    show("x", regex([[ \d+  # digits
      - \d+ ]], "x"):match("call 555-1234"))
    show("u", #regex(".", "u"):match("é"), #regex("."):match("é"))
    show("combined", regex("^B", "im"):test("a\nb"))
    show("nul in subject", regex([[a\x00b]]):test("a\0b"), #("a\0b"))
    -- errors
    show("bad flag", pcall(regex, "a", "g"))
    show("bad pattern", pcall(regex, "a(b"))
    show("nul in pattern", pcall(regex, "a\0b"))
    show("not a string", pcall(regex, {}))
    show("sentinel subject", pcall(re.test, re, wf.env.DEPLOY_TOKEN))
    show("number subject", re:test(1.5), pcall(re.test, re, nil))
    show("not a regex", pcall(re.test, "x", "y"))
    show("write", pcall(function() re.match = nil end))
    show("metatable", getmetatable(re))
    show("invalid utf-8", pcall(regex(".", "u").test, regex(".", "u"), "\xff"))
    -- a catastrophic pattern stops at the match limit instead of running for ages
    local evil = regex("(a+)+$")
    show("backtracking", pcall(evil.test, evil, string.rep("a", 40) .. "b"))
    show("still usable", evil:test("aaa"))
    for step in wf:job("build"):steps() do
      local run = step.run
      if run and pipe_to_shell:test(run) then
        local from, to, ba = pipe_to_shell:find(run)
        ctx:report(step:at("run"), "pipes '%s' into a shell (group: %s)", run:sub(from, to), ba)
      end
      local major = run and re:match(run)
      if major then
        ctx:report(step:at("run"), "mentions version %s.%s.%s", re:match(run))
      end
    end
  end,
}
