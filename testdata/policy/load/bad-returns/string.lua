return "t/a-string"
