-- steps — what the acme policies ask of workflow steps (require "steps").
local M = {}

-- Does the step use the action (owner/repo in lowercase; any ref, any case)?
function M.uses(step, action)
  local u = step.uses
  if type(u) ~= "string" then
    return false
  end
  u = u:lower()
  return u == action or u:sub(1, #action + 1) == action .. "@"
end

-- Is v a value GitHub sets at run time (it holds `${{ … }}`)?
function M.is_expression(v)
  return type(v) == "string" and v:find("${{", 1, true) ~= nil
end

return M
