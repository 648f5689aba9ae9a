-- Tests of acme/deploy-targets-in-plan: a production plan and the workflows that deploy.
local deploy = "aws-actions/amazon-ecs-deploy-task-definition@v2"

local prod_plan = {
  env = "prod",
  changes = {
    ["aws_ecs_service.api"] = {
      after = { name = "orders-api", cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/orders" },
    },
  },
}

local function workflow(environment, service, cluster)
  return [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: ]] .. environment .. [[

    steps:
      - uses: ]] .. deploy .. [[

        with:
          task-definition: task-definition.json
          cluster: ]] .. cluster .. [[

          service: ]] .. service .. "\n"
end

return {
  {
    name = "the service and cluster of the plan: silent",
    plan = prod_plan,
    workflow = workflow("production", "orders-api", "orders"),
    expect = {},
  },
  {
    name = "a typo in the service",
    plan = prod_plan,
    workflow = workflow("production", "order-api", "orders"),
    expect = { { at = "deploy", path = "jobs.deploy.steps[0].with.service", message = "'order-api'" } },
  },
  {
    name = "another cluster",
    plan = prod_plan,
    workflow = workflow("production", "orders-api", "orders-staging"),
    expect = { { at = "deploy", path = "jobs.deploy.steps[0].with.cluster", message = "runs it in orders" } },
  },
  {
    name = "a name chosen at run time: skipped",
    plan = prod_plan,
    workflow = workflow("production", "${{ inputs.service }}", "orders"),
    expect = {},
  },
  {
    name = "a staging deploy: silent",
    plan = prod_plan,
    workflow = workflow("staging", "orders-api-staging", "orders-staging"),
    expect = {},
  },
  {
    name = "no production plan in the run: silent",
    plan = { env = "staging", changes = prod_plan.changes },
    workflow = workflow("production", "order-api", "orders"),
    expect = {},
  },
}
