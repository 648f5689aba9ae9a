return policy {
  id = "multi/bucket-owner",
  title = "Buckets name their owner",
  severity = "warning",
  kinds = { "plan" },
  help = [[Every bucket carries an `Owner` tag, so that someone answers for its data.

Fix: add `tags = { Owner = "team" }`.]],
  check = function(plan, ctx)
    for r in plan:resources("aws_s3_bucket") do
      local tags = r:get("tags")
      if tags == nil or tags.Owner == nil then
        ctx:report(r:at("tags"), "bucket %s has no Owner tag", r.address)
      end
    end
  end,
}
