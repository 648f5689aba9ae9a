-- Two policies in one file, tested together.
return {
  policy {
    id = "acme/bucket-versioning", title = "buckets are versioned", severity = "error", kinds = { "plan" },
    options = { exempt = { type = "strings", default = {} } },
    check = function(plan, ctx)
      for r in plan:resources("aws_s3_bucket_versioning") do
        local status = r:get("versioning_configuration.0.status")
        if status ~= "Enabled" and not glob(ctx.options.exempt[1] or "", r.name) then
          ctx:report(r:at("versioning_configuration.0.status"), "versioning is %s", status)
        end
      end
    end,
  },
  policy {
    id = "acme/bucket-backend", title = "state buckets lock", severity = "warning", kinds = { "backend" },
    check = function(backend, ctx)
      if backend.type == "s3" and backend.config.use_lockfile ~= true then
        ctx:report(backend:at("config.use_lockfile"), "no lock file in workspace %s", backend.workspace)
      end
    end,
  },
}
