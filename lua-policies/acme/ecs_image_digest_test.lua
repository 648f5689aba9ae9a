-- Tests of acme/ecs-image-digest: container_definitions is a JSON string, as in real plans.
local digest = "sha256:" .. string.rep("ab", 32)

local function task(containers)
  return { after = { family = "orders", container_definitions = json.encode(containers) } }
end

return {
  {
    name = "an image pinned by digest",
    plan = {
      env = "prod",
      changes = { ["aws_ecs_task_definition.orders"] = task({ { name = "app", image = "1234.dkr.ecr.eu-west-1.amazonaws.com/orders@" .. digest } }) },
    },
    expect = {},
  },
  {
    name = "a tagged image",
    plan = {
      env = "prod",
      changes = {
        ["aws_ecs_task_definition.orders"] = task({
          { name = "app", image = "1234.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4" },
          { name = "envoy", image = "public.ecr.aws/appmesh/aws-appmesh-envoy@" .. digest },
        }),
      },
    },
    expect = {
      { at = "aws_ecs_task_definition.orders", path = "container_definitions", message = "container 'app' runs image" },
    },
  },
  {
    name = "a short digest is no digest",
    plan = {
      env = "staging",
      changes = { ["aws_ecs_task_definition.orders"] = task({ { name = "app", image = "orders@sha256:abc" } }) },
    },
    expect = { { at = "aws_ecs_task_definition.orders", message = "'orders@sha256:abc'" } },
  },
  {
    name = "an exempt image",
    options = { exempt = { "public.ecr.aws/aws-observability/*" } },
    plan = {
      env = "prod",
      changes = {
        ["aws_ecs_task_definition.orders"] = task({ { name = "otel", image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40" } }),
      },
    },
    expect = {},
  },
  {
    name = "definitions known only after apply are not guessed",
    plan = {
      env = "prod",
      changes = {
        ["aws_ecs_task_definition.orders"] = {
          after = { family = "orders" }, unknown = { "container_definitions" }, set = { "container_definitions" },
        },
      },
    },
    expect = {},
  },
  {
    name = "dev is out of scope",
    plan = {
      env = "dev",
      changes = { ["aws_ecs_task_definition.orders"] = task({ { name = "app", image = "orders:latest" } }) },
    },
    expect = {},
  },
}
