return { policy { id = "t/first", title = "first", severity = "error", kinds = "plan", check = function() end }, "second" }
