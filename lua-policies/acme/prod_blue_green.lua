-- acme/prod-blue-green-deploy — production deploys of ECS services go through CodeDeploy
-- blue/green and wait for the service to be stable, so a bad release never takes all the
-- traffic and a failed one rolls back on its own. A worked example of a workflow policy: jobs,
-- steps, `with:` values and their positions, environment classes (ctx:env_class), reusable
-- workflows (job.callee), regex() and ctx:skip.
--
-- A job deploys to production when its `environment:` names a production environment (the
-- configured `environments:` patterns), or — a job that calls a local reusable workflow — when
-- an input it passes (`with:`) does; the called workflow's jobs are then checked for it (and
-- the finding points at the calling job, where production is decided).

-- `aws ecs update-service` run as a command (a rolling update of the service).
local rolling_cli = regex([[(?:^|[\s;&|(])aws\s+ecs\s+update-service\b]], "m")

-- Does the step use the action (any ref, any case)?
local function uses(step, action)
  local u = step.uses
  if type(u) ~= "string" then
    return false
  end
  u = u:lower()
  return u == action or u:sub(1, #action + 1) == action .. "@"
end

local function is_expression(v)
  return type(v) == "string" and v:find("${{", 1, true) ~= nil
end

local function is_true(v)
  return v == true or (type(v) == "string" and v:lower() == "true")
end

-- What is wrong with the ECS deploys of one job's steps: a list of {step, at, message, fix}.
local function problems(ctx, job, action, inputs)
  local out = {}
  for step in job:steps() do
    if uses(step, action) then
      local with = step.with
      local missing = {}
      for _, name in ipairs(inputs) do
        local v = with and with[name]
        if v == nil or v == "" then
          missing[#missing + 1] = name
        end
      end
      if #missing > 0 then
        out[#out + 1] = {
          step = step,
          at = with and step:at("with") or step,
          message = string.format("deploys to ECS without CodeDeploy blue/green (%s not set): a "
            .. "rolling update replaces the tasks in place, with no test traffic and no "
            .. "automatic rollback", table.concat(missing, ", ")),
          fix = "set " .. table.concat(missing, ", ") .. " (an ECS service with deployment "
            .. "controller CODE_DEPLOY)",
        }
      end
      local wait = with and with["wait-for-service-stability"]
      if is_expression(wait) then
        ctx:skip(step:at("with.wait-for-service-stability"), "wait-for-service-stability is "
          .. "decided at run time")
      elseif not is_true(wait) then
        out[#out + 1] = {
          step = step,
          at = step:at("with.wait-for-service-stability"),
          message = "wait-for-service-stability is " .. (wait == nil and "not set" or json.encode(wait))
            .. ": the job succeeds before the new tasks are healthy, and a failed deploy looks "
            .. "green",
          fix = "set wait-for-service-stability: true",
        }
      end
    elseif type(step.run) == "string" and rolling_cli:test(step.run) then
      out[#out + 1] = {
        step = step,
        at = step:at("run"),
        message = "deploys with aws ecs update-service: a rolling update, not a CodeDeploy "
          .. "blue/green deployment",
        fix = "deploy with " .. action .. " and its codedeploy-* inputs",
      }
    end
  end
  return out
end

-- Does the job deploy to production by its own `environment:`?
local function prod_job(ctx, job)
  return ctx:env_class(job.environment) == "prod"
end

-- Does a job calling a reusable workflow pass it a production environment name?
local function passes_prod(ctx, job)
  local with = job.with
  if type(with) ~= "userdata" then
    return false
  end
  for _, v in pairs(with) do
    if type(v) == "string" and ctx:env_class(v) == "prod" then
      return true
    end
  end
  return false
end

return policy {
  id = "acme/prod-blue-green-deploy",
  title = "Production ECS deploys use CodeDeploy blue/green and wait for stability",
  severity = "error",
  kinds = { "workflow" },
  origin = "deployment design 10.2 + 10.5: blue/green on ECS, GitHub Actions, automatic rollback",
  options = {
    action = { type = "string", default = "aws-actions/amazon-ecs-deploy-task-definition",
               help = "the deploy action (lowercase owner/repo)" },
    codedeploy_inputs = { type = "strings",
                          default = { "codedeploy-appspec", "codedeploy-application",
                                      "codedeploy-deployment-group" },
                          help = "inputs a blue/green deploy sets" },
  },
  help = [[
A production deploy of an ECS service must be a CodeDeploy blue/green deployment: the new task
set takes test traffic first, traffic shifts only when it is healthy, and CodeDeploy rolls back
on failure. `aws-actions/amazon-ecs-deploy-task-definition` does that when it is given
`codedeploy-appspec`, `codedeploy-application` and `codedeploy-deployment-group`; with
`wait-for-service-stability: true` the job fails when the deployment does. Without them, or
with `aws ecs update-service`, the service is updated in place (rolling). A job deploys to
production when its `environment:` is a production environment, or when it calls a local
reusable workflow with a production environment name among its inputs.

Fix: deploy with the action, its codedeploy-* inputs and `wait-for-service-stability: true`.]],
  check = function(wf, ctx)
    local action = ctx.options.action
    local inputs = ctx.options.codedeploy_inputs
    for job in wf:jobs() do
      if prod_job(ctx, job) then
        for _, p in ipairs(problems(ctx, job, action, inputs)) do
          ctx:report { at = p.at, message = p.message, fix = p.fix }
        end
      elseif job.callee and passes_prod(ctx, job) then
        for called in job.callee:jobs() do
          if not prod_job(ctx, called) then -- a production job there is checked on its own
            for _, p in ipairs(problems(ctx, called, action, inputs)) do
              ctx:report {
                at = job:at("uses"),
                message = string.format("calls %s for production, whose %s %s", job.uses,
                  tostring(p.step), p.message),
                fix = p.fix,
              }
            end
          end
        end
      end
    end
  end,
}
