local M = {}
function M.explode(t)
  return t.missing.field
end
return M
