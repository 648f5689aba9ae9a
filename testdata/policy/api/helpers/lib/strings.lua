-- a helper module of this pack: require("strings")
local M = {}
M.loaded = (M.loaded or 0) + 1
function M.shout(s)
  return s:upper() .. "!"
end
return M
