return { { name = "only a trigger", plan = { changes = { ["aws_s3_bucket.a"] = {} } }, expect = { { at = "aws_s3_bucket.a" } } } }
