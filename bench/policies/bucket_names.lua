return policy {
  id = "bench/bucket-names", title = "Bucket names carry the org prefix", severity = "warning", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_s3_bucket") do
      local name = r.after.bucket
      if type(name) == "string" and not name:match("^acme%-") then
        ctx:report(r:at("bucket"), "bucket %s lacks the acme- prefix", name)
      end
    end
  end,
}
