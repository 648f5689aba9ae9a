-- ctx:skip: the check cannot decide here; --verbose lists it.
return policy {
  id = "t/skip",
  title = "skip",
  severity = "warning",
  kinds = { "plan" },
  check = function(plan, ctx)
    local db = plan:resource("aws_db_instance.orders")
    ctx:skip(db:at("password"))
    ctx:skip(db, "the engine version")
    print("skip at nothing", pcall(ctx.skip, ctx, 42))
  end,
}
