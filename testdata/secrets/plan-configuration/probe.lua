-- Reads every view of the plan and tries to print it: the raw document section by section
-- (configuration constants of sensitive attributes, short ones and numbers included, defaults of
-- sensitive variables, module call arguments bound to sensitive inputs, provider credentials),
-- resources (a for_each key that is a secret), variables and outputs; through print, ctx:report,
-- ctx:skip and string functions that would defeat a text filter.
return policy {
  id = "probe/plan",
  title = "prints every view of a plan",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    local raw = plan.raw
    for _, k in ipairs({ "variables", "configuration", "planned_values", "prior_state",
                         "resource_changes", "output_changes" }) do
      local text = json.encode(raw[k])
      print(k, text)
      print(k .. " (upper)", text:upper())
      for i = 1, #text, 3000 do
        ctx:report(plan, "%s[%d]: %s", k, i, text:sub(i, i + 2999))
      end
    end
    for r in plan:resources() do
      print("resource", r.address, r.module, r.index, tostring(r), json.encode(r.after))
      ctx:report(r, "probe %s index %s after %s", r.address, r.index, r.after)
      if r.index ~= nil then
        ctx:skip(r:at("value"), "the value of " .. r.address)
        print("index as text", pcall(string.upper, r.index))
      end
    end
    print("variables", json.encode(plan:variables()), "outputs", json.encode(plan:outputs()))
    ctx:report(plan, "probe done")
  end,
}
