-- The backend subject: one per .terraform/ directory.
return {
  policy {
    id = "t/backend",
    title = "backend API",
    severity = "warning",
    kinds = "backend",
    check = function(backend, ctx)
      print("backend", backend, backend.type, backend.state_store, backend.workspace,
        backend.terraform_version, backend.path, ctx.env.name, ctx.env.class)
      local config = backend.config
      if config then
        local keys = {}
        for k, v in pairs(config) do
          keys[#keys + 1] = k .. "=" .. tostring(v)
        end
        print("config", table.concat(keys, " "))
        print("secret", config.access_key, config.secret_key, config:has("secret_key"),
          "concat " .. config.access_key, json.encode(config.access_key))
        print("nested", config.assume_role.role_arn, config:get("assume_role.role_arn"))
        ctx:report(config:at("dynamodb_table"), "locks with %s", config.dynamodb_table)
        ctx:report(backend:at("config.encrypt"), "encrypt is %s", config.encrypt)
        ctx:report(backend:at("config.kms_key_id"), "kms_key_id missing: %s",
          backend:at("config.kms_key_id").missing)
        ctx:report(backend, "access_key is %s", config.access_key)
      else
        ctx:report(backend, "no backend file: Terraform uses the implicit local backend")
      end
    end,
  },
  policy {
    id = "t/plan-backend",
    title = "a plan sees its backend",
    severity = "note",
    kinds = { "plan" },
    check = function(plan, ctx)
      local b = plan.backend
      print("plan.backend", b and b.type, b and b.config.access_key, b and b.workspace)
    end,
  },
}
