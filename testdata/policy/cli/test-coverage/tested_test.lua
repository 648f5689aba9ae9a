return {
  { name = "reports", plan = { changes = { ["aws_s3_bucket.a"] = {} } }, expect = { { at = "aws_s3_bucket.a" } } },
  { name = "silent", plan = { changes = {} }, expect = {} },
}
