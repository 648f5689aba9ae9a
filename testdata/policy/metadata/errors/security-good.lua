-- Valid: security_severity as a number or a numeric string, tags as a list or one string.
return {
  policy { id = "t/sec-number", title = "t", severity = "note", kinds = "plan",
           security_severity = 9, tags = { "external/cwe/cwe-798", "secrets" }, check = function() end },
  policy { id = "t/sec-string", title = "t", severity = "note", kinds = "plan",
           security_severity = "4.5", tags = "single", check = function() end },
}
