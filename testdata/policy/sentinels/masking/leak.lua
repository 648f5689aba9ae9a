-- Every way a policy could try to print a secret ends in "(sensitive)".
return policy {
  id = "t/leak",
  title = "try to leak secrets",
  severity = "error",
  kinds = { "plan", "backend" },
  on_unknown = "fail", -- report what depends on UNKNOWN too (db.after holds one)
  check = function(subject, ctx)
    if ctx.kind == "backend" then
      local key = subject.config.access_key
      ctx:report(subject, "access key: %s / %s / %s", key, tostring(key), json.encode(subject.config))
      return
    end
    local plan = subject
    local db = plan:resource("aws_db_instance.orders")
    local pw = db.after.password
    ctx:report(db:at("password"), "tostring: %s", tostring(pw))
    ctx:report(db:at("password"), "concatenation: " .. pw)
    ctx:report(db:at("password"), string.format("string.format: %s", pw))
    ctx:report(db:at("password"), "json: %s", json.encode({ password = pw }))
    ctx:report(db, "the whole resource: %s", db.after)
    ctx:report(db, "the raw change: %s", plan.raw.resource_changes[1].change.after)
    ctx:report(db, "the raw configuration: %s",
      plan.raw.configuration.root_module.resources[1].expressions.password)
    ctx:report(db, "variable: %s, output: %s", plan:variables().db_password,
      plan:outputs().db_password)
    ctx:report(db, "raw variable: %s, raw output: %s, planned: %s",
      plan.raw.variables.db_password.value, plan.raw.output_changes.db_password.after,
      plan.raw.planned_values.root_module.resources[1].values.password)
    ctx:report { at = db:at("password"), message = "in a fix", fix = "was " .. pw }
    print("print:", pw, db.after)
    local ok, err = pcall(function() return pw .. "" == "s3cr3t-pass-word" end)
    print("comparing text:", ok, err)
    print("equal to the secret?", pw == "s3cr3t-pass-word", pw == SENSITIVE)
    print("length:", pcall(string.len, pw))
    print("as a number:", pcall(function() return pw + 0 end))
    print("string methods:", pcall(function() return pw:upper() end))
  end,
}
