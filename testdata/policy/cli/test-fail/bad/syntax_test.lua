return { { name = "x" plan = {} } }
