-- tfversion — Terraform version helpers shared by the example policies (require "tfversion").
local M = {}

-- major, minor of "1.10.3" (nil when the text is not a version).
function M.parse(v)
  if type(v) ~= "string" then
    return nil
  end
  local major, minor = v:match("^v?(%d+)%.(%d+)")
  if not major then
    return nil
  end
  return tonumber(major), tonumber(minor)
end

-- true when version v is at least major.minor.
function M.at_least(v, major, minor)
  local a, b = M.parse(v)
  return a ~= nil and (a > major or (a == major and b >= minor))
end

return M
