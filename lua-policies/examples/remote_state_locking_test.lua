-- Tests of examples/remote-state-locking: backend cases are .terraform/terraform.tfstate files
-- built from `backend = {type, config, workspace, terraform_version}`.
return {
  {
    name = "s3 without locking",
    backend = { type = "s3", config = { bucket = "state", key = "app.tfstate", encrypt = true } },
    expect = {
      { at = "backend", path = "config.use_lockfile", fix = "set dynamodb_table" },
    },
  },
  {
    name = "s3 without locking on Terraform 1.10: use the lock file",
    backend = { type = "s3", terraform_version = "1.10.2", config = { bucket = "state" } },
    expect = {
      {
        at = "backend",
        path = "config.use_lockfile",
        message = "two concurrent applies",
        fix = 'set use_lockfile = true in the backend "s3" block',
      },
    },
  },
  {
    name = "DynamoDB locking",
    backend = { type = "s3", config = { bucket = "state", dynamodb_table = "tf-locks" } },
    expect = {},
  },
  {
    name = "S3 native lock file",
    backend = { type = "s3", config = { bucket = "state", use_lockfile = true } },
    expect = {},
  },
  {
    name = "an empty table name locks nothing",
    backend = { type = "s3", config = { bucket = "state", dynamodb_table = "" } },
    expect = { { at = "backend", path = "config.use_lockfile" } },
  },
  {
    name = "other backends are out of scope",
    backend = { type = "gcs", config = { bucket = "state" } },
    expect = {},
  },
}
