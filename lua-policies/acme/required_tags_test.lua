-- Tests of acme/required-tags.
local all = { Environment = "prod", Owner = "team-orders", CostCenter = "cc-42" }

return {
  {
    name = "a bucket with every tag",
    plan = { changes = { ["aws_s3_bucket.logs"] = { after = { bucket = "logs", tags = all, tags_all = all } } } },
    expect = {},
  },
  {
    name = "a bucket without Owner and CostCenter",
    plan = {
      changes = {
        ["aws_s3_bucket.logs"] = {
          after = { bucket = "logs", tags = { Environment = "prod" }, tags_all = { Environment = "prod" } },
        },
      },
    },
    expect = {
      { at = "aws_s3_bucket.logs", path = "tags", message = "missing required tags Owner, CostCenter" },
    },
  },
  {
    name = "an empty tag value counts as missing",
    plan = {
      changes = {
        ["aws_sqs_queue.jobs"] = {
          after = { tags = { Environment = "prod", Owner = "", CostCenter = "cc-1" },
                    tags_all = { Environment = "prod", Owner = "", CostCenter = "cc-1" } },
        },
      },
    },
    expect = { { at = "aws_sqs_queue.jobs", path = "tags", message = "missing required tag Owner" } },
  },
  {
    name = "resources without tags are not taggable",
    plan = { changes = { ["aws_iam_role_policy_attachment.a"] = { after = { role = "r", policy_arn = "arn" } } } },
    expect = {},
  },
  {
    name = "tags_all known after apply: the configured tags decide",
    plan = {
      changes = {
        ["aws_s3_bucket.logs"] = { after = { tags = { Environment = "prod" } }, unknown = { "tags_all" } },
      },
    },
    expect = { { at = "aws_s3_bucket.logs", message = "Owner, CostCenter" } },
  },
  {
    name = "tags from a variable are not guessed",
    plan = {
      changes = {
        ["aws_s3_bucket.logs"] = { after = { bucket = "logs" }, unknown = { "tags", "tags_all" }, set = { "tags" } },
      },
    },
    expect = {},
  },
  {
    name = "only the types asked for",
    options = { types = { "aws_s3_*" } },
    plan = { changes = { ["aws_sqs_queue.jobs"] = { after = { tags = {}, tags_all = {} } } } },
    expect = {},
  },
  {
    name = "a configured tag list",
    options = { tags = { "Team" } },
    plan = { changes = { ["aws_sqs_queue.jobs"] = { after = { tags = all, tags_all = all } } } },
    expect = { { at = "aws_sqs_queue.jobs", message = "missing required tag Team" } },
  },
  {
    name = "deleted resources are not checked",
    plan = { changes = { ["aws_sqs_queue.old"] = { action = "delete", after = { tags = {}, tags_all = {} } } } },
    expect = {},
  },
}
