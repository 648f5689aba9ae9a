-- the same id again, and twice within this file
return {
  policy { id = "t/same", title = "second", severity = "error", kinds = "plan", check = function() end },
  policy { id = "t/twice", title = "twice", severity = "error", kinds = "plan", check = function() end },
  policy { id = "t/twice", title = "twice again", severity = "error", kinds = "plan", check = function() end },
}
