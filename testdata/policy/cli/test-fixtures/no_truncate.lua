-- A migrations policy: TRUNCATE in an Up section of a migration of the change.
return policy {
  id = "t/no-truncate", title = "no TRUNCATE", severity = "error", kinds = { "migrations" },
  check = function(set, ctx)
    for m in set:all() do
      for st in m:statements("up") do
        if st.kind == "truncate" then
          ctx:report(st, "truncates %s in %s", table.concat(st.names, ", "), m.name)
        end
      end
    end
  end,
}
