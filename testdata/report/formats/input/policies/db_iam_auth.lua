-- A security policy: SARIF marks it as one (security-severity, the "security" tag) and carries
-- its own tags, as for the built-in security rules.
return policy {
  id = "multi/db-iam-auth",
  title = "Databases authenticate with IAM",
  severity = "warning",
  kinds = { "plan" },
  security_severity = 5.3,
  tags = { "external/cwe/cwe-287", "rds" },
  help = [[A database reached with a long-lived password that lives in the state can be opened
by anyone who reads the state; IAM authentication issues short-lived tokens instead.

Fix: set `iam_database_authentication_enabled = true` and grant `rds-db:connect`.]],
  check = function(plan, ctx)
    for r in plan:resources("aws_db_instance") do
      if r:get("iam_database_authentication_enabled") ~= true then
        ctx:report(r:at("iam_database_authentication_enabled"),
                   "database %s does not use IAM authentication", r.address)
      end
    end
  end,
}
