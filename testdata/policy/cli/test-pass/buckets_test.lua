-- A plan built around a few attributes, a plan file, a backend file, options, policy selection.
return {
  {
    name = "suspended versioning",
    policy = "acme/bucket-versioning",
    plan = { changes = { ["aws_s3_bucket_versioning.logs"] = { after = { versioning_configuration = { { status = "Suspended" } } } } } },
    expect = { { at = "aws_s3_bucket_versioning.logs", path = "versioning_configuration.0.status", severity = "error" } },
  },
  {
    name = "the list form of changes keeps their order",
    policy = "acme/bucket-versioning",
    plan = {
      changes = {
        { address = "aws_s3_bucket_versioning.b", after = { versioning_configuration = { { status = "Enabled" } } } },
        { address = "module.m.aws_s3_bucket_versioning.a", after = { versioning_configuration = { { status = "Disabled" } } } },
      },
    },
    expect = { { rule = "acme/bucket-versioning", at = "module.m.aws_s3_bucket_versioning.a" } },
  },
  {
    name = "exempt by option",
    policy = "acme/bucket-versioning",
    options = { exempt = { "logs" } },
    plan = { changes = { ["aws_s3_bucket_versioning.logs"] = { after = { versioning_configuration = { { status = "Suspended" } } } } } },
    expect = {},
  },
  {
    name = "a real plan file",
    plan_file = "fixtures/small-plan.json",
    expect = {},
  },
  {
    name = "a backend without the lock file",
    backend = { type = "s3", workspace = "prod", config = { bucket = "b", use_lockfile = false } },
    expect = { { rule = "acme/bucket-backend", at = "backend", path = "config.use_lockfile", message = "workspace prod" } },
  },
  {
    name = "a plan with its backend",
    plan = { changes = {} },
    backend = { type = "s3", config = { bucket = "b", use_lockfile = true } },
    expect = {},
  },
}
