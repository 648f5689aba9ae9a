-- json, glob, to_table, require and math.random, printed (--debug).
local strings = require("strings")

return policy {
  id = "t/helpers",
  title = "helpers",
  severity = "note",
  kinds = { "plan" },
  check = function(plan, ctx)
    local doc = json.decode('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Sid":null}],"z":1,"a":2}')
    local keys = {}
    for k in pairs(doc) do
      keys[#keys + 1] = k
    end
    print("decode keys in document order", table.concat(keys, ","))
    print("decode", doc.Version, doc.Statement[1].Action, #doc.Statement, doc.Statement[1].Sid,
      doc.Statement[1]:has("Sid"), doc:get("Statement.0.Effect"), doc == doc)
    print("decode scalars", json.decode("42"), json.decode('"text"'), json.decode("true"),
      json.decode("null"), json.decode("1.5"))
    print("decode error", json.decode('{"a": tru}'))
    print("decode error NUL", json.decode("[1\0]"))
    print("decode sentinel", json.decode(UNKNOWN), json.decode(SENSITIVE))
    print("decoded value is no location", pcall(ctx.report, ctx, doc, "x"))
    print("encode", json.encode({ b = 1, a = { true, false, json.null }, c = "q\"\n" }),
      json.encode({}), json.encode(json.array()), json.encode(json.array({ 1, 2 })),
      json.encode(doc.Statement[1]), json.encode(3.25), json.encode(nil))
    print("encode mixed keys", pcall(json.encode, { [1] = 1, x = 2 }))
    print("encode a function", pcall(json.encode, print))
    print("encode a sparse array", pcall(json.encode, { [1] = 1, [100] = 2 }))
    print("encode infinity", pcall(json.encode, math.huge))
    local t = {}
    t.self = t
    print("encode cycle", pcall(json.encode, t))
    local copy = to_table(doc)
    copy.Version = "changed"
    print("to_table", type(copy), copy.Version, doc.Version, copy.Statement[1].Effect,
      type(copy.Statement), to_table(5), to_table("s"))
    print("glob", glob("aws_s3_*", "aws_s3_bucket"), glob("aws_s3_*", "aws_sqs_queue"),
      glob("a?c", "abc"), glob("[ab]*", "bz"), glob("*", nil), glob("*", UNKNOWN))
    print("require", strings.shout("hi"), require("strings") == strings, strings.loaded,
      require("nested.deep").name, require("nested.deep").strings == strings)
    print("require outside lib/", pcall(require, "../secrets"))
    print("require a missing module", pcall(require, "nope"))
    print("require through a symlink out of lib/", pcall(require, "escape"))
    print("require loop", pcall(require, "loop"))
    print("require syntax error", pcall(require, "broken"))
    print("random", math.random(1, 1000000), math.random(1, 1000000), math.random())
    print("collectgarbage", type(collectgarbage("count")), pcall(collectgarbage))
  end,
}
