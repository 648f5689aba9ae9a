-- Every field and method of the plan, resource and value proxies, printed (--debug).
local function show(...) print(...) end

return policy {
  id = "t/api",
  title = "plan API",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    show("file", plan.file, "workspace", plan.workspace, "terraform", plan.terraform_version)
    show("env", plan.env.name, plan.env.class, plan.env.source, "ctx.env", ctx.env.class, ctx.id)
    show("backend", plan.backend, plan.backend.type)
    local n = 0
    for r in plan:resources() do
      n = n + 1
      show("live", r.address, r.type, r.name, "module=" .. r.module, r.mode, r.index, r.action,
        table.concat(r.actions, "+"), r.provider)
    end
    show("live resources", n)
    for r in plan:resources(nil, { actions = "any" }) do
      show("any", r.address, r.action, r:is("delete"), r:is("create"), r:is("replace"))
    end
    for r in plan:resources { actions = { "delete" } } do
      show("deleting", r.address, r.after, r.before.name)
    end
    for r in plan:resources("aws_db_*", { actions = { "create", "update" } }) do
      show("glob", r.address)
    end
    for r in plan:resources(nil, { module = "module.app*" }) do
      show("module", r.address, r.module, r.index)
    end
    for r in plan:resources("aws_nothing") do
      show("never", r.address)
    end
    local db = plan:resource("aws_db_instance.orders")
    show("resource", db, plan:resource("aws_db_instance.nope"))
    show("identity", plan:resource("aws_db_instance.orders") == db, db.after == db.after,
      db.after.tags == db.after.tags)
    show("known", db.after.engine, db.after.allocated_storage, db.after.multi_az)
    show("json null", db.after.storage_encrypted, db.after:has("storage_encrypted"),
      db.after:has("nothing_here"))
    show("unknown set", db.after.kms_key_id, db:unknown("kms_key_id"), db.after:has("kms_key_id"))
    show("unknown unset", db.after.arn, db:unknown("arn"), db.after:has("arn"))
    show("sensitive", db.after.password, db:sensitive("password"), db:sensitive("engine"))
    show("get", db:get("tags.Owner"), db:get("tags"), db:get("nothing.at.all"))
    show("dotted key", db.after.tags["kubernetes.io/role"])
    local tg = plan:resource("aws_lb_target_group.api")
    show("block", tg.after.health_check, #tg.after.health_check, tg.after.health_check[1].interval)
    show("path unset in a block", tg:get("health_check.0.path"), tg:unknown("health_check.0.path"))
    show("block index 2", tg.after.health_check[2], tg:get("health_check.1.interval"))
    local sg = plan:resource("aws_security_group.web")
    for i, rule in ipairs(sg.after.ingress) do
      show("ingress", i, rule.from_port, rule.cidr_blocks[1], #rule.cidr_blocks)
    end
    local keys = {}
    for k, v in pairs(db.after) do
      keys[#keys + 1] = k .. "=" .. tostring(v)
    end
    show("pairs in document order", table.concat(keys, " "))
    show("len", #db.after, #sg.after.ingress)
    local web = plan:resource("aws_instance.web[0]")
    show("references", table.concat(web:references("subnet_id"), ","), #web:references("ami"))
    show("refers", web:refers("subnet_id", plan:resource("aws_subnet.a")),
      web:refers("subnet_id", db), web:ref_count("subnet_id"), web:ref_count("ami"))
    local bucket = plan:resource("aws_s3_bucket.logs")
    show("before/after", bucket.before.tags.Owner, bucket.after.tags.Owner)
    local replica = plan:resource("aws_db_instance.replica")
    show("replace", replica.action, table.concat(replica.actions, "+"), replica.action_reason,
      replica.replace_paths[1][1])
    local loc = db:at("multi_az")
    show("at", loc, loc.file, loc.location, loc.path, loc.line, loc.missing, loc.unknown)
    show("at unknown", db:at("kms_key_id").unknown, db:at("arn").missing, db.after:at("tags.Owner"))
    show("node at", tg.after.health_check[1]:at("path"), tg.after.health_check[1]:at("path").missing)
    show("node get", tg.after:get("health_check.0.matcher"), sg.after:get("ingress.1.from_port"))
    local vars = plan:variables()
    show("variables", vars.environment, vars.db_password, vars.zones[2], #vars.zones, vars.nope)
    local names = {}
    for k in pairs(vars) do
      names[#names + 1] = k
    end
    show("variable names", table.concat(names, ","))
    local outs = plan:outputs()
    show("outputs", outs.db_endpoint, outs.db_password, outs.zones[1], outs:has("zones"))
    show("tostring", tostring(db.after.tags), tostring(vars.zones))
    show("concat", "tags: " .. db.after.tags)
    show("raw", plan.raw.format_version, plan.raw.resource_changes[1].address,
      plan.raw.variables.db_password.value, plan.raw.variables.environment.value,
      plan.raw.resource_changes[1].change.after.password,
      plan.raw.resource_changes[1].change.after.engine)
    show("raw config", plan.raw.configuration.root_module.resources[1].expressions.password.constant_value,
      plan.raw.configuration.root_module.resources[1].expressions.engine.constant_value)
    show("raw outputs", plan.raw.output_changes.db_password.after, plan.raw.output_changes.zones.after[2])
    -- planned_values is read on first use; iterating the document sees every member, in order
    show("raw planned", plan.raw.planned_values.root_module.resources[1].address,
      plan.raw.planned_values.root_module.resources[1].values.password)
    local members = {}
    for k in pairs(plan.raw) do members[#members + 1] = k end
    show("raw members", table.concat(members, ","), #members)
    local ok, err = pcall(function() db.after.engine = "mysql" end)
    show("write", ok, err)
    ok, err = pcall(function() return db.nonsense end)
    show("no field", ok, err)
    ok, err = pcall(function() return db:is("destroy") end)
    show("bad action", ok, err)
    ok, err = pcall(function() return plan:resources(nil, { colour = "red" }) end)
    show("bad filter", ok, err)
    ctx:report(db:at("multi_az"), "multi_az is %s", db.after.multi_az)
  end,
}
