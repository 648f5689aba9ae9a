-- A test case whose name and expectation come from the pack's author.
return {
  { name = "case \27[2J\27]0;pwned\7\r\nhostile_test.lua: 1 passed\u{202E}",
    plan = { changes = { ["aws_s3_bucket.logs"] = { after = { bucket = "logs" } } } },
    expect = {} },
}
