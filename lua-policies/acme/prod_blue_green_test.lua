-- Tests of acme/prod-blue-green-deploy. Workflows are fixtures: `# expect: <policy>` on the line
-- before the line a finding points at, `# ok: <policy>` where it must stay silent.
local deploy = "aws-actions/amazon-ecs-deploy-task-definition@v2"

return {
  {
    name = "blue/green with stability: silent",
    workflow = [[
on: {release: {types: [published]}}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      # ok: acme/prod-blue-green-deploy
      - uses: ]] .. deploy .. [[

        with:
          task-definition: task-definition.json
          service: orders
          cluster: prod
          codedeploy-appspec: appspec.yaml
          codedeploy-application: orders
          codedeploy-deployment-group: orders-prod
          wait-for-service-stability: true
]],
  },
  {
    name = "a rolling deploy action in production",
    workflow = [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: {name: prod, url: https://orders.example.com}
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        uses: ]] .. deploy .. [[

        # expect: acme/prod-blue-green-deploy
        with:
          task-definition: task-definition.json
          service: orders
          cluster: prod
          # expect: acme/prod-blue-green-deploy
          wait-for-service-stability: false
]],
    expect = {
      { at = "deploy", path = "jobs.deploy.steps[1].with", message = "codedeploy-appspec, codedeploy-application, codedeploy-deployment-group not set" },
      { at = "deploy", path = "jobs.deploy.steps[1].with.wait-for-service-stability", message = "is false" },
    },
  },
  {
    name = "stability not set points at the with: that lacks it",
    workflow = [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: ]] .. deploy .. [[

        # expect: acme/prod-blue-green-deploy
        with:
          task-definition: td.json
          codedeploy-appspec: appspec.yaml
          codedeploy-application: orders
          codedeploy-deployment-group: orders-prod
]],
    expect = { { message = "wait-for-service-stability is not set" } },
  },
  {
    name = "aws ecs update-service in a run script",
    workflow = [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      # expect: acme/prod-blue-green-deploy
      - run: |
          aws ecs register-task-definition --cli-input-json file://td.json
          aws ecs update-service --cluster prod --service orders --force-new-deployment
]],
  },
  {
    name = "staging and unknown environments are not checked",
    env = "prod",
    workflow = [[
on: push
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      # ok: acme/prod-blue-green-deploy
      - uses: ]] .. deploy .. [[

        with: {task-definition: td.json}
  preview:
    runs-on: ubuntu-latest
    environment: ${{ github.head_ref }}
    steps:
      # ok: acme/prod-blue-green-deploy
      - run: aws ecs update-service --cluster preview --service orders
]],
  },
  {
    name = "stability from an input is decided at run time",
    workflow = [[
on:
  workflow_dispatch:
    inputs: {wait: {type: boolean, default: true}}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      # ok: acme/prod-blue-green-deploy
      - uses: ]] .. deploy .. [[

        with:
          codedeploy-appspec: appspec.yaml
          codedeploy-application: orders
          codedeploy-deployment-group: orders-prod
          wait-for-service-stability: ${{ inputs.wait }}
]],
  },
  {
    name = "a reusable deploy called for production is checked through the call",
    workflows = {
      ["release.yml"] = [[
on: {push: {tags: ["v*"]}}
jobs:
  staging:
    uses: ./.github/workflows/deploy.yml
    with: {environment: staging}
  production:
    needs: staging
    # expect: acme/prod-blue-green-deploy
    uses: ./.github/workflows/deploy.yml
    with: {environment: production}
]],
      ["deploy.yml"] = [[
on:
  workflow_call:
    inputs: {environment: {type: string, required: true}}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: ${{ inputs.environment }}
    steps:
      - uses: ]] .. deploy .. [[

        with: {task-definition: td.json, wait-for-service-stability: true}
]],
    },
    expect = { { at = "production", message = "whose jobs.deploy.steps[0] deploys to ECS without CodeDeploy" } },
  },
  {
    name = "options name another action and other inputs",
    options = { action = "acme/ecs-deploy", codedeploy_inputs = { "appspec" } },
    workflow = [[
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      # ok: acme/prod-blue-green-deploy
      - uses: ]] .. deploy .. [[

      - uses: acme/ecs-deploy@v3
        # expect: acme/prod-blue-green-deploy
        with: {wait-for-service-stability: "true"}
]],
  },
}
