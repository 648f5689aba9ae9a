-- Map keys are names, not values: a view hands them out as written. This plan's tag keys repeat
-- its sensitive variables (one inside another, an URL around a password), so everything a
-- policy prints with them meets the second net: longest match first, overlaps covered, and
-- ctx:report scrubs before it cuts a message at 4096 bytes.
return policy {
  id = "probe/keys",
  title = "prints tag keys that repeat secrets",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    local last
    for r in plan:resources() do
      for k in pairs(r.after.tags) do
        last = k
        ctx:report(r, "tag key %s", k)
        ctx:report(r, string.rep("x", 4090) .. k)
        ctx:report { at = r:at("tags"), message = "tag", fix = "rename " .. k }
        ctx:skip(r:at("tags"), "the tag " .. k)
        print("key", k)
      end
    end
    ctx:report(plan, "probe done")
    error("last key seen: " .. last, 0)
  end,
}
