return policy {
  id = "bench/db-encrypted", title = "Databases are encrypted", severity = "error", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_db_instance") do
      if r:get("storage_encrypted") ~= true then
        ctx:report(r:at("storage_encrypted"), "storage_encrypted is %s", r:get("storage_encrypted"))
      end
    end
  end,
}
