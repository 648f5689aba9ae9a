-- Tests of acme/migrate-before-shift: a plan, a workflow and migrations in one case.
local deploy = "aws-actions/amazon-ecs-deploy-task-definition@v2"

local function plan(controller)
  return {
    env = "prod",
    changes = {
      ["aws_ecs_service.api"] = {
        after = { name = "orders-api", deployment_controller = { { type = controller } } },
      },
    },
  }
end

local migrations = {
  ["00001_orders.sql"] = "-- +goose Up\nCREATE TABLE orders (id bigint);\n-- +goose Down\nDROP TABLE orders;\n",
  ["00002_sku.sql"] = "-- +goose Up\nALTER TABLE orders ADD COLUMN sku text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN sku;\n",
}

local function workflow(steps)
  return [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
]] .. steps
end

local deploy_step = [[
      - name: Deploy
        uses: ]] .. deploy .. [[

        with:
          task-definition: task-definition.json
          cluster: orders
          service: orders-api
          codedeploy-appspec: appspec.yaml
          codedeploy-application: orders-api
          codedeploy-deployment-group: orders-api-prod
]]

local migrate_step = [[
      - name: Migrate
        run: goose -dir migrations postgres "$DATABASE_URL" up
]]

return {
  {
    name = "migrations before the deploy: silent",
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = workflow(migrate_step .. deploy_step),
    expect = {},
  },
  {
    name = "migrations after the traffic shift",
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = workflow(deploy_step .. migrate_step),
    expect = { { at = "deploy", path = "jobs.deploy.steps[1]", message = "after step 0 deploys orders-api" } },
  },
  {
    name = "no migration step anywhere, with require_step",
    options = { require_step = true },
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = workflow(deploy_step),
    expect = { { at = "deploy", path = "jobs.deploy.steps[0].with.service", message = "2 migrations" } },
  },
  {
    name = "no migration step anywhere, by default: silent",
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = workflow(deploy_step),
    expect = {},
  },
  {
    name = "the migrations run in a job the deploy needs: silent",
    options = { require_step = true },
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = [[
on: workflow_dispatch
jobs:
  migrate:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: goose -dir migrations postgres "$DATABASE_URL" up
  deploy:
    needs: migrate
    runs-on: ubuntu-latest
    environment: production
    steps:
]] .. deploy_step,
    expect = {},
  },
  {
    name = "a rolling service: silent",
    plan = plan("ECS"),
    migrations = migrations,
    workflow = workflow(deploy_step .. migrate_step),
    expect = {},
  },
  {
    name = "every migration is released history: silent",
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    released_through = 2,
    workflow = workflow(deploy_step .. migrate_step),
    expect = {},
  },
  {
    name = "a staging deploy: silent",
    plan = plan("CODE_DEPLOY"),
    migrations = migrations,
    workflow = [[
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: staging
    steps:
]] .. deploy_step .. migrate_step,
    expect = {},
  },
}
