-- acme/migrate-before-shift — a production deploy of a blue/green ECS service applies the
-- change's migrations (goose up, migrate up) before the step that shifts traffic to the new
-- tasks. A worked example of a project policy: the plan (which services deploy blue/green),
-- the workflows (the order of a job's steps, the jobs it needs) and the migrations of the change
-- (project.migrations) read together.
--
-- Order matters both ways round: the green tasks need their schema when they take traffic, and
-- the blue tasks keep working on it only because the migrations are backward compatible (what
-- x/blue-green-needs-compatible-migrations checks). A migration step after the deploy step, or
-- none in the job nor in a job it needs, lets green serve against the old schema.

local steps = require("steps")
local uses, is_expression = steps.uses, steps.is_expression

local deploy_action = "aws-actions/amazon-ecs-deploy-task-definition"

-- The names of the services some plan of the run deploys blue/green.
local function blue_green_services(project)
  local names = {}
  for _, plan in ipairs(project.plans) do
    for r in plan:resources("aws_ecs_service") do
      local ctl = r:get("deployment_controller.0.type")
      local strategy = r:get("deployment_configuration.0.strategy")
      local name = r:get("name")
      if type(name) == "string" and (ctl == "CODE_DEPLOY" or strategy == "BLUE_GREEN") then
        names[name] = r
      end
    end
  end
  return names
end

-- The first step of job that runs the migrations (its index), or nil.
local function migration_step(job, pattern)
  for step in job:steps() do
    if type(step.run) == "string" and pattern:test(step.run) then
      return step
    end
  end
  return nil
end

-- Does a job that `job` needs (directly or not) run the migrations?
local function needed_job_migrates(wf, job, pattern, seen)
  for _, id in ipairs(job.needs or {}) do
    local other = wf:job(id)
    if other and not seen[id] then
      seen[id] = true
      if migration_step(other, pattern) or needed_job_migrates(wf, other, pattern, seen) then
        return true
      end
    end
  end
  return false
end

return policy {
  id = "acme/migrate-before-shift",
  title = "Blue/green production deploys migrate before the traffic shift",
  severity = "error",
  kinds = { "project" },
  origin = "deployment design 10.2 + 10.5: blue/green on ECS, backward-compatible migrations",
  options = {
    migrate = { type = "string",
                default = [[(?:^|[\s;&|(])(?:goose|migrate)\b[^\n]*\s(?:up|up-to|up-by-one)(?:\s|$)]],
                help = "regex (PCRE2, multiline) of the command that applies the migrations" },
    require_step = { type = "boolean", default = false,
                     help = "also report a deploy whose job (and the jobs it needs) runs no "
                       .. "migrations at all (off: the migrations may be applied elsewhere)" },
  },
  help = [[
In a blue/green deploy the green tasks take traffic once CodeDeploy (or ECS) shifts it, and
they need the schema their release expects: the change's migrations must be applied before
that, while blue still serves (which works because they are backward compatible). A production
job that deploys a blue/green service of the plan with `amazon-ecs-deploy-task-definition`
that runs the migrations (`goose up`, golang-migrate's `migrate … up`) must run them in a step
before the deploy step; with the option `require_step`, a job that runs them nowhere (neither
itself nor a job it `needs`) is reported too. Nothing is asked when the change has no
migrations (after `released_through` or changed since `--since`).

Fix: run the migrations in a step before the deploy step (or in a job the deploy job needs).]],
  check = function(project, ctx)
    if #project.migrations == 0 then
      return
    end
    local services = blue_green_services(project)
    if next(services) == nil then
      return
    end
    local pattern = regex(ctx.options.migrate, "m")
    for _, wf in ipairs(project.workflows) do
      for job in wf:jobs() do
        if ctx:env_class(job.environment) == "prod" then
          local migrate = migration_step(job, pattern)
          for step in job:steps() do
            local service = uses(step, deploy_action) and step.with and step.with.service
            if type(service) == "string" and services[service] then
              if migrate and migrate.index > step.index then
                ctx:report {
                  at = migrate,
                  message = string.format("runs the migrations after step %d deploys %s "
                    .. "blue/green: the green tasks take traffic before their schema exists",
                    step.index, service),
                  fix = "move the migration step before the deploy step",
                }
              elseif not migrate and ctx.options.require_step
                  and not needed_job_migrates(wf, job, pattern, {}) then
                ctx:report {
                  at = step:at("with.service"),
                  message = string.format("deploys %s blue/green to production, but neither "
                    .. "this job nor a job it needs runs the change's %d migrations: the green "
                    .. "tasks take traffic against the old schema", service,
                    #project.migrations),
                  fix = "run goose up (or migrate up) in a step before this one",
                }
              end
            end
          end
        end
      end
    end
  end,
}
