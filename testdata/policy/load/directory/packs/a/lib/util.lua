-- a helper module: under lib/, so never loaded as a policy
return { hello = function() return "hello from pack-a/lib" end }
