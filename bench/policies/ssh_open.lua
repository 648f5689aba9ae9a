return policy {
  id = "bench/ssh-open", title = "No SSH from anywhere", severity = "error", kinds = { "plan" },
  check = function(plan, ctx)
    for r in plan:resources("aws_security_group") do
      local ingress = r.after.ingress
      if ingress and ingress ~= UNKNOWN then
        for i, rule in ipairs(ingress) do
          if rule.from_port <= 22 and rule.to_port >= 22 then
            for _, cidr in ipairs(rule.cidr_blocks) do
              if cidr == "0.0.0.0/0" then
                ctx:report(r:at("ingress." .. (i - 1)), "SSH open to the internet")
              end
            end
          end
        end
      end
    end
  end,
}
