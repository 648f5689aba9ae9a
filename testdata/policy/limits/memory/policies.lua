-- Memory bombs: the allocator refuses past the cap, and a policy that catches "not enough
-- memory" is stopped anyway (the state is poisoned until the check ends).
local function bomb(id, title, check)
  return policy { id = id, title = title, severity = "error", kinds = { "plan" }, check = check }
end

return {
  bomb("t/table", "a growing table", function()
    local t = {} while true do t[#t + 1] = ("x"):rep(1024) .. #t end
  end),
  bomb("t/rep", "one huge string", function()
    return ("x"):rep(1 << 30)
  end),
  bomb("t/catch", "pcall around the bomb, then more", function()
    local kept = {}
    for i = 1, 100 do
      pcall(function() local t = {} while true do t[#t + 1] = ("y"):rep(4096) .. #t end end)
      kept[#kept + 1] = ("z"):rep(1000)
    end
  end),
  bomb("t/decode", "json.decode of large documents, kept", function()
    local text = "[" .. ("1,"):rep(100000) .. "1]"
    local kept = {}
    while true do kept[#kept + 1] = json.decode(text) end
  end),
  bomb("t/encode", "json.encode of a large table", function()
    local t = {}
    for i = 1, 200000 do t[i] = i end
    while true do t = { t, json.encode(t) } end
  end),
}
