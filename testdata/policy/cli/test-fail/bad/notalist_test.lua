return "cases"
