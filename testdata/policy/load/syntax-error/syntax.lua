return policy {
  id = "t/syntax",
  title = "a missing comma"
  severity = "error",
}
