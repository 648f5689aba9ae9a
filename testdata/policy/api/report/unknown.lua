-- on_unknown: a finding that depends on UNKNOWN (its location or an argument) is dropped (skip,
-- the default; --verbose lists it), reported as a note, or reported with a remark (fail).
local function check(plan, ctx)
  local db = plan:resource("aws_db_instance.orders")
  ctx:report(db:at("kms_key_id"), "kms_key_id is set by an expression")
  ctx:report(db:at("engine"), "an argument is %s", db.after.kms_key_id)
  ctx:report { at = db, message = "concatenated: " .. db.after.kms_key_id }
  ctx:report(db:at("identifier"), "does not depend on anything unknown")
end

local function make(id, mode)
  return policy {
    id = id,
    title = "on_unknown = " .. mode,
    severity = "warning",
    kinds = { "plan" },
    on_unknown = mode,
    check = check,
  }
end

return { make("t/unknown-skip", "skip"), make("t/unknown-note", "note"), make("t/unknown-fail", "fail") }
