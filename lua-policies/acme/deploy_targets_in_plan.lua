-- acme/deploy-targets-in-plan — every ECS service a production deploy step names is one the
-- production plan of the run manages, in the cluster the step names. An org rule across the
-- plan and the workflows: a typo in `service:` deploys nothing (or the wrong service), and a
-- service outside Terraform escapes the review of its plan.
--
-- It only runs when the run has a production plan (project.plans with env.class "prod"), and
-- leaves names chosen at run time alone (they cannot be checked offline: ctx:skip says so).

local steps = require("steps")
local uses, is_expression = steps.uses, steps.is_expression

local deploy_action = "aws-actions/amazon-ecs-deploy-task-definition"

-- "orders" from "arn:aws:ecs:eu-west-1:123456789012:cluster/orders" (or the name itself).
local function cluster_name(v)
  if type(v) ~= "string" then
    return nil
  end
  return v:match("^arn:.*:cluster/(.+)$") or v
end

-- service name -> {cluster name -> resource} of every production plan; nil without one.
local function production_services(project)
  local found, any = {}, false
  for _, plan in ipairs(project.plans) do
    if plan.env.class == "prod" then
      any = true
      for r in plan:resources("aws_ecs_service") do
        local name = r:get("name")
        if type(name) == "string" then
          found[name] = found[name] or {}
          -- a cluster known only after apply (created in this plan) matches any cluster
          local cluster = cluster_name(r:get("cluster")) or "*"
          found[name][cluster] = r
        end
      end
    end
  end
  return any and found or nil
end

return policy {
  id = "acme/deploy-targets-in-plan",
  title = "Production deploys target services the production plan manages",
  severity = "warning",
  kinds = { "project" },
  origin = "acme platform standard: every production service is managed by Terraform",
  help = [[
A production deploy step (`amazon-ecs-deploy-task-definition` in a job whose `environment:` is
a production environment) must name an ECS service, and cluster, that a production plan of
the same run manages (`aws_ecs_service.name`, its `cluster`). Otherwise the name is a typo (the
deploy fails or, worse, updates another service), or the service lives outside Terraform and
its configuration is never reviewed. Names set at run time are not checked (`--verbose` lists
them). Runs without a production plan are not checked.

Fix: correct `service:` / `cluster:`, or bring the service under Terraform.]],
  check = function(project, ctx)
    local services = production_services(project)
    if not services then
      return
    end
    for _, wf in ipairs(project.workflows) do
      if not wf.context then
        for job in wf:jobs() do
          if ctx:env_class(job.environment) == "prod" then
            for step in job:steps() do
              local with = uses(step, deploy_action) and step.with
              local service = with and with.service
              local cluster = with and (with.cluster or "default")
              if is_expression(service) or is_expression(cluster) then
                ctx:skip(step:at("with.service"), "the service or cluster is chosen at run time")
              elseif type(service) == "string" then
                local in_plan = services[service]
                if not in_plan then
                  ctx:report {
                    at = step:at("with.service"),
                    message = string.format("deploys ECS service '%s', which no production plan "
                      .. "of this run manages: a typo, or a service outside Terraform's review",
                      service),
                    fix = "name a service of the production plan, or manage this one in Terraform",
                  }
                elseif not in_plan[cluster] and not in_plan["*"] then
                  local known = {}
                  for c in pairs(in_plan) do
                    known[#known + 1] = c
                  end
                  table.sort(known)
                  ctx:report {
                    at = step:at("with.cluster"),
                    message = string.format("deploys %s to cluster '%s', but the production "
                      .. "plan runs it in %s", service, cluster, table.concat(known, ", ")),
                    fix = "name the cluster the plan puts the service in",
                  }
                end
              end
            end
          end
        end
      end
    end
  end,
}
