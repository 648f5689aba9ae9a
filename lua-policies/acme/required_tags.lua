-- acme/required-tags — every taggable AWS resource carries the organisation's tags (cost
-- allocation, ownership, environment). Shows options, globs, plan.raw and the unknown rules:
-- `tags_all` (tags plus the provider's default_tags) is what AWS will hold; when it is known
-- only after apply, the policy falls back to the configured `tags` and `default_tags`, and a
-- finding that still depends on an unknown value is dropped (on_unknown = "skip").

-- The provider's default_tags when the configuration gives them as a constant; UNKNOWN when
-- they come from an expression; nil when there are none.
local function default_tags(plan)
  local config = plan.raw.configuration
  local aws = config and config.provider_config and config.provider_config.aws
  local block = aws and aws.expressions and aws.expressions.default_tags
  local tags = block and block[1] and block[1].tags
  if tags == nil then
    return nil
  end
  if tags:has("constant_value") then
    return tags.constant_value
  end
  return UNKNOWN
end

local function wanted(r, globs)
  for _, g in ipairs(globs) do
    if glob(g, r.type) then
      return true
    end
  end
  return false
end

-- The tag value name gets after apply: a string, nil, or UNKNOWN (also for what cannot be
-- read: a sensitive tag map).
local function tag(tags, defaults, name)
  if tags == SENSITIVE then
    return UNKNOWN
  end
  local v = tags ~= nil and tags ~= UNKNOWN and tags[name] or nil
  if v == nil and tags == UNKNOWN then
    return UNKNOWN
  end
  if v == nil and defaults ~= nil then
    v = defaults == UNKNOWN and UNKNOWN or defaults[name]
  end
  return v
end

return policy {
  id = "acme/required-tags",
  title = "Taggable resources carry the Environment, Owner and CostCenter tags",
  severity = "warning",
  kinds = { "plan" },
  origin = "acme tagging standard",
  options = {
    tags = {
      type = "strings",
      default = { "Environment", "Owner", "CostCenter" },
      help = "tags every taggable resource must carry, with a non-empty value",
    },
    types = {
      type = "strings",
      default = { "aws_*" },
      help = "resource types checked (globs)",
    },
  },
  help = [[
Cost reports, on-call routing and clean-up jobs all read the `Environment`, `Owner` and
`CostCenter` tags: an untagged resource is paid for by nobody and owned by nobody. A resource is
taggable when its plan shows a `tags` or `tags_all` attribute; the provider's `default_tags`
count.

Fix: add the missing tags to the resource, or once for every resource in the provider's
`default_tags` block.]],
  check = function(plan, ctx)
    local defaults = default_tags(plan)
    for r in plan:resources() do
      local after = r.after
      if wanted(r, ctx.options.types) and after and (after:has("tags") or after:has("tags_all")) then
        local all = r:get("tags_all")
        local tags, defs = all, nil
        if all == nil or all == UNKNOWN then
          tags, defs = r:get("tags"), defaults
        end
        local missing, unknown = {}, false
        for _, name in ipairs(ctx.options.tags) do
          local v = tag(tags, defs, name)
          if v == UNKNOWN then
            unknown = true
          elseif v == SENSITIVE or type(v) ~= "string" or v == "" then
            missing[#missing + 1] = name
          end
        end
        if #missing > 0 then
          -- UNKNOWN as an argument marks the finding as depending on it: dropped, since a tag
          -- that is missing from the constants may come from the unknown part
          ctx:report(r:at("tags"), "missing required tag%s %s%s", #missing > 1 and "s" or "",
            table.concat(missing, ", "), unknown and UNKNOWN or "")
        end
      end
    end
  end,
}
