return { { name = "never runs", plan = {}, expect = {} } }
