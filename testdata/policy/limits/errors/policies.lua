-- Errors inside check name the policy, the file and the line; the other policies still run.
local function bad(id, check)
  return policy { id = id, title = id, severity = "error", kinds = { "plan" }, check = check }
end

return {
  bad("t/index-nil", function(plan)
    local r = plan:resource("aws_db_instance.nope")
    return r.after.multi_az
  end),
  bad("t/error-string", function()
    error("the policy gave up")
  end),
  bad("t/error-level-2", function()
    local function helper() error("blame the caller", 2) end
    helper()
  end),
  bad("t/error-table", function()
    error({ code = 42 })
  end),
  bad("t/error-tostring-loop", function()
    error(setmetatable({}, { __tostring = function() while true do end end }))
  end),
  bad("t/error-nil", function()
    error()
  end),
  bad("t/in-a-module", function()
    require("broken").explode({})
  end),
  bad("t/bad-call", function(plan)
    plan:resources { actions = 5 }
  end),
}
