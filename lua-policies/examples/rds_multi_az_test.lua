-- Tests of examples/rds-multi-az: each case builds a plan around a few attributes.
-- `unknown` lists attributes known only after apply; `set` says the configuration sets them
-- (so they are UNKNOWN); without `set` they are unset (nil).
return {
  {
    name = "single-AZ instance in prod",
    plan = { env = "prod", changes = { ["aws_db_instance.orders"] = { after = { multi_az = false } } } },
    expect = { { at = "aws_db_instance.orders", path = "multi_az", message = "multi_az is false" } },
  },
  {
    name = "multi-AZ instance",
    plan = { env = "prod", changes = { ["aws_db_instance.orders"] = { after = { multi_az = true } } } },
    expect = {},
  },
  {
    name = "unset multi_az is the provider default: false",
    plan = {
      env = "prod",
      changes = { ["aws_db_instance.orders"] = { after = { engine = "postgres" }, unknown = { "multi_az" } } },
    },
    expect = { { at = "aws_db_instance.orders", path = "multi_az", message = "multi_az is unset" } },
  },
  {
    name = "multi_az set from a variable is not guessed",
    plan = {
      env = "prod",
      changes = {
        ["aws_db_instance.orders"] = { after = { engine = "postgres" }, unknown = { "multi_az" }, set = { "multi_az" } },
      },
    },
    expect = {},
  },
  {
    name = "an existing single-AZ database the plan does not touch",
    plan = { env = "prod", changes = { ["aws_db_instance.orders"] = { action = "no-op", after = { multi_az = false } } } },
    expect = { { at = "aws_db_instance.orders", path = "multi_az" } },
  },
  {
    name = "a database being deleted is not checked",
    plan = { env = "prod", changes = { ["aws_db_instance.orders"] = { action = "delete", after = { multi_az = false } } } },
    expect = {},
  },
  {
    name = "staging is out of scope",
    plan = { env = "staging", changes = { ["aws_db_instance.orders"] = { after = { multi_az = false } } } },
    expect = {},
  },
  {
    name = "an Aurora cluster with one instance",
    plan = {
      env = "prod",
      changes = {
        ["aws_rds_cluster.main"] = { after = { engine = "aurora-postgresql" }, unknown = { "id" } },
        ["aws_rds_cluster_instance.a"] = {
          after = { instance_class = "db.r6g.large" },
          unknown = { "cluster_identifier" },
          refs = { cluster_identifier = { "aws_rds_cluster.main.id", "aws_rds_cluster.main" } },
        },
      },
    },
    expect = { { at = "aws_rds_cluster.main", message = "has 1 instance:" } },
  },
  {
    name = "two instances in one AZ",
    plan = {
      env = "prod",
      changes = {
        ["aws_rds_cluster.main"] = { after = { cluster_identifier = "orders" } },
        ["aws_rds_cluster_instance.a"] = { after = { cluster_identifier = "orders", availability_zone = "eu-west-1a" } },
        ["aws_rds_cluster_instance.b"] = { after = { cluster_identifier = "orders", availability_zone = "eu-west-1a" } },
      },
    },
    expect = { { at = "aws_rds_cluster.main", message = "are in eu-west-1a" } },
  },
  {
    name = "two instances in two AZs",
    plan = {
      env = "prod",
      changes = {
        ["aws_rds_cluster.main"] = { after = { cluster_identifier = "orders" } },
        ["aws_rds_cluster_instance.a"] = { after = { cluster_identifier = "orders", availability_zone = "eu-west-1a" } },
        ["aws_rds_cluster_instance.b"] = { after = { cluster_identifier = "orders", availability_zone = "eu-west-1b" } },
      },
    },
    expect = {},
  },
  {
    name = "an instance whose cluster is known only after apply",
    plan = {
      env = "prod",
      changes = {
        ["aws_rds_cluster.main"] = { after = { cluster_identifier = "orders" } },
        ["aws_rds_cluster_instance.a"] = {
          after = {}, unknown = { "cluster_identifier" }, refs = { cluster_identifier = { "var.cluster" } },
        },
      },
    },
    expect = {},
  },
}
