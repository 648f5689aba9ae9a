return { main = policy { id = "t/in-a-map", title = "map", severity = "error", kinds = "plan", check = function() end } }
