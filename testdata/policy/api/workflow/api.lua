-- Every field and method of the workflow, trigger, permissions, job and step proxies and of the
-- YAML view (wf.root), printed (--debug); a few findings whose positions the expectations pin.
local function show(...) print(...) end
local kept

local function keys(node)
  local out = {}
  for k, v in pairs(node) do
    out[#out + 1] = tostring(k) .. "=" .. tostring(v)
  end
  return table.concat(out, " ")
end

local function list(t)
  return t and table.concat(t, ",") or "nil"
end

return policy {
  id = "t/workflow",
  title = "workflow API",
  severity = "note",
  kinds = { "workflow" },
  check = function(wf, ctx)
    show("workflow", wf.path, wf.file, tostring(wf), wf.name, wf.context, wf.line, wf.col, ctx.kind)
    show("on", tostring(wf.on), #wf.on)
    for event, t in pairs(wf.on) do
      show("trigger", event, tostring(t), t.event, t.line, t.col, list(t.branches),
        list(t.branches_ignore), list(t.paths_ignore), list(t.types), t.config and t.config.line)
    end
    if kept and wf.name == nil then
      -- proxies from the previous check (ci.yml) refuse to work; plain values survive
      show("stale workflow", pcall(function() return kept.wf.name end))
      show("stale job", pcall(function() return kept.job.id end))
      show("stale step", pcall(function() return kept.step.run end))
      show("stale trigger", pcall(function() return kept.trigger.event end))
      show("stale permissions", pcall(function() return kept.perms.contents end))
      show("stale node", pcall(function() return kept.node.REGION end))
      show("stale location", pcall(ctx.report, ctx, kept.loc, "x"))
      show("kept value", kept.name)
    end
    if wf.name ~= "CI" then
      local wc = wf.on.workflow_call
      if wc then
        show("workflow_call inputs", wc.inputs[1].name, wc.inputs[1].type, wc.config.inputs.target.required)
      end
      show("permissions", wf.permissions, wf.permissions and wf.permissions.form,
        wf.permissions and wf.permissions.contents)
      for job in wf:jobs() do
        show("job", job.id, job.environment, job.line, job.col, job.callee)
      end
      return
    end
    local push = wf.on.push
    show("on.push", push == wf.on.push, push.tags, push.inputs, wf.on.schedule, wf.on[1])
    show("same list", push.branches == push.branches, #push.branches)
    local wd = wf.on.workflow_dispatch
    for i, input in ipairs(wd.inputs) do
      show("input", i, input.name, input.type)
    end
    show("trigger at", wd:at(), wd:at("inputs.level.type"), wd:at("inputs.level.nope").missing)
    show("config", wd.config, wd.config.line, wd.config.col, wd.config.inputs.level.options[2])
    -- the event's map is the node wf.root reaches: same proxy, same position (its key)
    show("config is root", wd.config == wf.root.on.workflow_dispatch, wf.root.on.push.line,
      push:at("tags"), push:at("tags").missing)

    local p = wf.permissions
    show("permissions", tostring(p), p.form, #p, p.contents, p["id-token"], p.actions, p.line, p.col)
    for scope, level in pairs(p) do
      show("scope", scope, level)
    end
    show("permissions at", p:at(), p:at("id-token"), p:at("packages"), p:at("packages").missing)

    show("env", wf.env, wf.env.REGION, wf.env.DB_PASSWORD, wf.env.DB_PASSWORD == SENSITIVE)
    show("defaults", wf.defaults, wf.defaults.line, wf.concurrency)

    local ids = {}
    for job in wf:jobs() do
      ids[#ids + 1] = job.id
    end
    show("jobs", table.concat(ids, ","), wf:job("nope"))

    local build = wf:job("build")
    show("build", tostring(build), build.id, build.name, build.line, build.col, build.environment,
      build.condition, build.uses, #build.needs, build.callee, build.workflow == wf)
    show("runs_on", build.runs_on, build.runs_on[2], #build.runs_on, build.runs_on.line)
    show("build permissions", build.permissions.form, build.permissions.contents,
      build.permissions.packages, #build.permissions)
    show("typed env", keys(build.env))
    show("types", math.type(build.env.LEVEL), math.type(build.env.RATIO), type(build.env.DEBUG),
      type(build.env.QUOTED), build.env:has("EMPTY"), build.env:has("NOPE"))
    for step in build:steps() do
      show("step", tostring(step), step.index, step.id, step.name, step.uses, step.run,
        step.condition, step.line, step.col, step.job == build)
    end
    local test
    for step in build:steps() do
      test = step
    end
    show("step env", test.env, test.env.API_TOKEN == SENSITIVE, tostring(test.env.API_TOKEN),
      test.working_directory, test.shell, test.with)
    show("step at", test:at(), test:at("run"), test:at("env.API_TOKEN"), test:at("timeout-minutes"))
    show("step node", test.node.name, test.node.line, test.node:get("env.API_TOKEN"))

    local deploy = wf:job("deploy")
    show("deploy", deploy.environment, list(deploy.needs), deploy.needs == deploy.needs,
      deploy.condition, deploy.permissions.deployments, deploy.permissions.contents)
    show("alias", deploy.defaults, deploy.defaults.line, deploy.defaults.col,
      deploy.defaults.run.shell, deploy.defaults == wf.defaults)
    show("alias at", deploy:at("defaults.run.shell"), wf:at("defaults.run.shell"))

    local call = wf:job("call")
    show("call", call.uses, list(call.needs), call.with.target, call.secrets, call.runs_on,
      call.callee)

    -- the raw YAML in document order, aliases followed where they are used
    show("root", keys(wf.root))
    show("root jobs", keys(wf.root.jobs.deploy))
    show("root same", wf.root.jobs == wf.root.jobs, wf.root.env == wf.env)
    show("root env node", wf.root.env.line, wf.root.env.col, wf.root.jobs.build.steps[2].run)
    show("root len", #wf.root, #wf.root.jobs.build.steps, #wf.root.jobs.build.steps[1].with)
    show("get", wf.root:get("jobs.build.steps.1.id"), wf.root:get("jobs.deploy.defaults.run.shell"),
      wf.root:get("jobs.nope.x"))

    -- locations: present, missing (points at the mapping that lacks the key), the whole file
    local loc = wf:at("jobs.build.steps.1.working-directory")
    show("at", loc, loc.file, loc.location, loc.path, loc.line, loc.col, loc.missing)
    local gone = wf:at("jobs.build.timeout-minutes")
    show("missing", gone, gone.path, gone.line, gone.col, gone.missing)
    show("missing deep", wf:at("jobs.build.strategy.matrix.os"))
    show("file", wf:at(), build:at(), build:at("runs-on"), build:at("env.RATIO"))

    -- read-only, unknown fields, wrong types
    show("write wf", pcall(function() wf.name = "x" end))
    show("write node", pcall(function() wf.root.name = "x" end))
    show("write job", pcall(function() build.name = "x" end))
    show("write step", pcall(function() test.run = "x" end))
    show("unknown wf", pcall(function() return wf.nonsense end))
    show("unknown job", pcall(function() return build.nonsense end))
    show("unknown step", pcall(function() return test.nonsense end))
    show("unknown trigger", pcall(function() return push.nonsense end))
    show("unknown location field", pcall(function() return loc.colum end))
    show("write location", pcall(function() loc.line = 1 end))
    show("job(nil)", pcall(wf.job, wf))
    show("jobs on a job", pcall(wf.jobs, build))
    show("index a sentinel", pcall(function() return wf.env.DB_PASSWORD:upper() end))

    -- findings
    ctx:report(test:at("working-directory"), "working directory %s", test.working_directory)
    ctx:report(gone, "no timeout")
    ctx:report(deploy.defaults, "defaults through an alias")
    ctx:report { at = p:at("id-token"), message = "id-token: " .. p["id-token"], fix = "drop it" }
    ctx:report(wd, "manual trigger")
    ctx:report(test, "test step holds %s", test.env.API_TOKEN)
    ctx:report(wf.root.jobs.build.env, "env block")
    ctx:report(wf, "the workflow itself")
    kept = { wf = wf, job = build, step = test, trigger = push, perms = p, node = wf.env, loc = loc,
             name = wf.name }
  end,
}
