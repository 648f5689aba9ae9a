-- Every field and method of the migration set, migration, statement and action proxies,
-- printed (--debug); findings at statements, actions and text offsets whose positions the
-- expectations pin. Two more sets (db2; db3 in golang-migrate's format) show that proxies do
-- not outlive their check.
local function show(...) print(...) end
local kept

local function flags(st)
  local out = {}
  for _, f in ipairs { "concurrently", "if_exists", "if_not_exists", "unique", "only", "partitioned" } do
    if st[f] then
      out[#out + 1] = f
    end
  end
  return table.concat(out, ",")
end

return policy {
  id = "t/migrations",
  title = "migrations API",
  severity = "note",
  kinds = { "migrations" },
  check = function(set, ctx)
    show("set", set.dir, tostring(set), set.history, ctx.kind)
    if kept then
      show("stale migration", pcall(function() return kept.m.name end))
      show("stale statement", pcall(function() return kept.st.text end))
      show("stale set", pcall(function() return kept.set:all() end))
      show("stale in created_in", pcall(set.created_in, set, kept.st, "users"))
      show("kept values", kept.name, kept.count)
      for m in set:all() do
        show("migration", m.path, m.down_path, m.format, m.version, m.has_down, m.no_transaction)
        for _, section in ipairs { "up", "down" } do
          for st in m:statements(section) do
            show("  " .. section, st.file, st.line, st.col, st.kind, st.table)
            ctx:report(st, "%s set: %s", set.dir, st.kind)
          end
        end
      end
      return
    end
    for m in set:all() do
      show("migration", m.path, m.name, m.version, m.format, m.no_transaction, m.has_down,
        m.checked, m.in_change, m.down_path, tostring(m), m.set == set)
      for _, section in ipairs { "up", "down" } do
        for st in m:statements(section) do
          show("  " .. section, st.query, st.line, st.col, st.kind, st.table, st.index,
            table.concat(st.names, ","), flags(st), st.section, st.file == m.path,
            st.migration == m)
        end
      end
    end
    show("by version", set:migration(2), set:migration("00003_email_index.sql"),
      set:migration("3"), set:migration(99), set:migration("nope"))

    local m1, m2, m3, m4 = set:migration(1), set:migration(2), set:migration(3), set:migration(4)
    local stmts = {}
    for st in m2:statements("up") do
      stmts[#stmts + 1] = st
    end
    local create, note, alter, rename, fk = table.unpack(stmts)
    show("sql", alter.sql)
    show("identity", alter == stmts[3], alter.actions == alter.actions, alter.names == alter.names)
    for i, a in ipairs(alter.actions) do
      show("action", i, tostring(a), a.op, a.column, a.type, a.default, a["function"], a.volatility,
        a.volatile, a.not_null, a.has_default, a.line, a.col, a.statement == alter)
    end
    local score = alter.actions[4]
    show("function", score["function"], alter.actions[3]["function"], alter.actions[2]["function"])
    show("rename", rename.actions[1].op, rename.actions[1].column, rename.actions[1].name)
    local con = fk.actions[1]
    show("constraint", con.op, con.name, con.kind, con.constraint, con.not_valid, con.line, con.col)
    show("note default", note.actions[1].default, note.actions[1].volatility, note.actions[1].volatile)

    -- facts of PostgreSQL's parse tree and of the catalog replay
    local retype = alter.actions[5]
    show("types", retype.new_type, retype.old_type, alter.actions[2].new_type,
      alter.actions[1].old_type, retype.using, con.references_table, con.index)
    show("parse", alter.parsed, alter.syntax, alter.placeholders, alter.transaction,
      alter.where, alter.joins, create.as_select, create.parent)
    show("create actions", #create.actions, create.actions[1].op, create.actions[1].column,
      create.actions[1].new_type, create.actions[1].primary_key)
    local rel = set:relation(alter, "orders")
    show("relation", rel.kind, rel.new, rel.retired, rel.renamed, rel.created == create,
      set:relation(create, "orders"), set:relation(alter, "nope"),
      set:relation(alter, "users_email_idx", "index"))
    show("relation bad", pcall(set.relation, set, m2, "orders"))
    show("validates", con.validates, rename.actions[1].recreated, alter.actions[3].prepared)

    -- created_in: new tables and indexes, at a statement or after a whole migration
    show("created_in st", set:created_in(note, "orders"), set:created_in(alter, "users"),
      set:created_in(create, "orders"), set:created_in(alter, "public.orders"))
    show("created_in m", set:created_in(m2, "orders"), set:created_in(m1, "users"),
      set:created_in(m2, "users"), set:created_in(m3, "users_email_idx", "index"),
      set:created_in(m3, "users_email_idx"), set:created_in(m4, "orders"))
    show("created_in bad", pcall(set.created_in, set, "orders", "orders"))
    show("created_in no name", pcall(set.created_in, set, m2))
    show("created_in nil name", pcall(set.created_in, set, m2, nil))
    show("created_in kind", pcall(set.created_in, set, m2, "orders", "view"))
    show("created_in action", pcall(set.created_in, set, con, "orders"))

    -- text: comments and literals blanked, same length and lines as the file
    local up3 = {}
    for st in m3:statements() do
      up3[#up3 + 1] = st
    end
    local update = up3[3]
    show("text", update.text)
    show("sql literal", update.sql)
    show("where", update.where, update.kind, update.transaction, up3[1].transaction)
    show("drop index", up3[2].line, up3[2].col, up3[2].text)
    local role
    for st in m4:statements() do
      show("m4", st.kind, st.line, st.col, st.text)
      if st.syntax then
        show("syntax", st.parsed, st.kind, st.syntax.line, st.syntax.col, st.syntax.message)
      end
      if st.text:find("PASSWORD", 1, true) then
        role = st
      end
    end
    local role1
    for st in m1:statements() do
      role1 = st
    end
    show("released role", role1.text, role1.sql)

    -- st:at(offset): a position inside the text
    local where = update.text:find("WHERE", 1, true)
    show("offset", where, update:at(where), update:at(where, "users.email_address"))
    -- columns count characters: the closing quote after 'r''ésumé' is byte 45 but column 43
    show("offset utf-8", update.text:sub(45, 45), update:at(45).line, update:at(45).col)
    show("offset 0", pcall(update.at, update, 0))
    show("offset past the end", pcall(update.at, update, #update.text + 2))
    show("offset huge", pcall(update.at, update, 1 << 40))
    show("migration line 0", pcall(m2.at, m2, 0))
    show("migration line huge", pcall(m2.at, m2, 1 << 40))
    show("st at", alter:at(), alter:at("users.x"), m2:at(), m2:at(4, "somewhere"))

    -- errors
    show("unknown set", pcall(function() return set.nonsense end))
    show("unknown migration", pcall(function() return m2.nonsense end))
    show("unknown statement", pcall(function() return alter.nonsense end))
    show("unknown action", pcall(function() return con.nonsense end))
    show("bad section", pcall(m2.statements, m2, "sideways"))
    show("write statement", pcall(function() alter.kind = "x" end))
    show("write migration", pcall(function() m2.name = "x" end))
    show("write action", pcall(function() con.op = "x" end))

    -- findings: a statement, an action (its clause), an offset, a migration line, the set
    ctx:report(alter.actions[1], "drops %s", alter.actions[1].column)
    ctx:report(alter.actions[5], "retypes to %s", alter.actions[5].type)
    ctx:report(con, "constraint %s", con.name)
    ctx:report(update:at(where), "where clause")
    ctx:report(up3[2], "drop index %s", up3[2].names[1])
    ctx:report(role, "a role")
    ctx:report(role1, "released: never reported")
    ctx:report(m3:at(1), "no transaction")
    ctx:report(set, "the set")
    kept = { m = m2, st = alter, set = set, name = m2.name, count = #stmts }
  end,
}
