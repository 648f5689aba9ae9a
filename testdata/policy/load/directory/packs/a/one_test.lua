-- a test file: never loaded as a policy
return { { name = "one", plan = {}, expect = { { at = "" } } } }
