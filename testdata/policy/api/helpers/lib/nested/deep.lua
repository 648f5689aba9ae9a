return { name = "nested.deep", strings = require("strings") }
