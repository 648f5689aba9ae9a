local deprecated = { ["python3.7"] = true, ["python3.8"] = true, ["nodejs14.x"] = true }
return policy {
  id = "bench/lambda-runtime", title = "Lambda runtimes are supported", severity = "warning", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_lambda_function") do
      local rt = r.after.runtime
      if deprecated[rt] then
        ctx:report(r:at("runtime"), "runtime %s is deprecated", rt)
      end
    end
  end,
}
