-- ctx:report in both forms, at every kind of location; misuse raises errors.
return policy {
  id = "t/report",
  title = "report forms",
  severity = "warning",
  kinds = { "plan" },
  check = function(plan, ctx)
    local db = plan:resource("aws_db_instance.orders")
    ctx:report(db, "at a resource: %s has %d GB", db.after.engine, db.after.allocated_storage)
    ctx:report(db.after.tags, "at a node")
    ctx:report(db:at("tags.Owner"), "at a location: %s", db.after.tags.Owner)
    ctx:report(plan, "at the plan itself")
    ctx:report(plan:resource('module.app["blue"].aws_ecs_service.this'):at("desired_count"),
      "in a module: %d tasks", 2)
    ctx:report { at = db:at("multi_az"), message = "table form", fix = "set multi_az = true" }
    ctx:report { at = db:at("engine"), message = "severity error", severity = "error" }
    ctx:report { at = db:at("identifier"), message = "severity note", severity = "note" }
    ctx:report(db:at("backup_retention_period"), string.rep("long ", 1000))
    local function try(what, ...)
      local ok, err = pcall(ctx.report, ctx, ...)
      print(what, ok, err)
    end
    try("a string", "aws_db_instance.orders", "x")
    try("nil", nil, "x")
    try("a sentinel", UNKNOWN, "x")
    try("no message", db)
    try("unknown key", { at = db, message = "x", colour = "red" })
    try("bad severity", { at = db, message = "x", severity = "fatal" })
    try("message not a string", { at = db, message = 42 })
    try("fix not a string", { at = db, message = "x", fix = true })
    try("bad format", db, "%d", "not a number")
  end,
}
