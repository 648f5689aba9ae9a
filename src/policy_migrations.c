/* policy_migrations.c — the migrations subject as Lua sees it: one set per migration directory
 * (history matters: what a migration may do depends on what earlier ones created), its
 * migrations in version order, their statements split exactly as goose splits them, and each
 * statement's analysis — kind, table, flags, ALTER TABLE actions — the same model the built-in
 * sql/ rules read (include/infralint/migration.h), so policies never re-parse SQL. A
 * statement's `text` has comments and literals blanked (same length, same lines: offsets in it
 * are positions in the file) and `sql` is the normalised text with literals replaced, so a
 * literal (a password in CREATE ROLE) reaches a policy through neither; only an action's
 * `default` is the column default as written (a policy judges it). */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "infralint/migration.h"
#include "infralint/util.h"
#include "policy_int.h"

/* Cache namespaces (their addresses). */
static const char set_ns = 0, mig_ns = 0, stmt_ns = 0, act_ns = 0, text_ns = 0, acts_ns = 0,
                  names_ns = 0;

/* Every proxy: the generation first (policy_check_ud reads it). */
struct mig_ud {
    unsigned gen;
    const struct mig_set *set;
    const struct migration *m;
    const struct mig_stmt *st;
    const struct mig_action *a;
};

static void push_ud(lua_State *L, const void *ns, const void *key, const char *tname,
                    const struct mig_set *set, const struct migration *m, const struct mig_stmt *st,
                    const struct mig_action *a)
{
    if (policy_cache_get(L, ns, key))
        return;
    struct mig_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->gen = policy_sandbox_of(L)->gen;
    u->set = set;
    u->m = m;
    u->st = st;
    u->a = a;
    luaL_setmetatable(L, tname);
    policy_cache_put(L, ns, key, -1);
}

static const struct mig_ud *check(lua_State *L, int idx, const char *tname)
{
    return policy_check_ud(L, idx, tname);
}

static void push_migration(lua_State *L, const struct migration *m)
{
    push_ud(L, &mig_ns, m, "migration", m->set, m, NULL, NULL);
}

static void push_stmt(lua_State *L, const struct mig_stmt *st)
{
    push_ud(L, &stmt_ns, st, "statement", st->mig->set, st->mig, st, NULL);
}

static void push_action(lua_State *L, const struct mig_stmt *st, const struct mig_action *a)
{
    push_ud(L, &act_ns, a, "action", st->mig->set, st->mig, st, a);
}

static int push_method(lua_State *L, const luaL_Reg *methods, const char *k)
{
    for (const luaL_Reg *m = methods; m->name; m++)
        if (!strcmp(k, m->name)) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    return 0;
}

/* Fill the anchor given to an __anchor function (argument 2) with a; returns nothing kept. */
static int give_anchor(lua_State *L, const struct anchor *a)
{
    struct policy_at *out = lua_touserdata(L, 2);
    out->a = *a;
    lua_pushnil(L);
    return 1;
}

/* Push a location handle for a (strings copied). */
static void push_loc(lua_State *L, const struct anchor *a)
{
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a = *a;
    policy_loc_push(L, &at);
}

static const char *mig_file(const struct migration *m)
{
    return m->file ? m->file : m->down_file;
}

static int in_set(const struct mig_set *s, const char *file)
{
    const struct migration *m = mig_by_file(s, file);
    return m ? m->checked : -1;
}

int policy_migrations_reportable(const struct mig_set *s, const char *file)
{
    return !file || in_set(s, file) != 0;
}

int policy_migrations_checked(const struct mig_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i]->checked)
            return 1;
    return 0;
}

/* ---- actions ---- */

static const char *volatility(enum mig_volatility v)
{
    switch (v) {
    case MVOL_STABLE: return "stable";
    case MVOL_VOLATILE: return "volatile";
    case MVOL_UNKNOWN: return "unknown";
    default: return NULL;
    }
}

/* "table.column" (or the table): the path built-in sql/ rules report actions under. */
static const char *action_path(lua_State *L, const struct mig_stmt *st, const struct mig_action *a)
{
    struct policy_buf *b = policy_buf_new(L);
    policy_buf_addstr(L, b, st->table ? st->table : "?");
    if (a->column)
        policy_buf_addf(L, b, ".%s", a->column);
    return policy_buf_str(b);
}

static int action_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_ud *u = check(L, 1, "action");
    const char *path = lua_isnoneornil(L, 2) ? action_path(L, u->st, u->a) : luaL_checkstring(L, 2);
    struct anchor a = mig_anchor(u->st, u->a->tok, path);
    push_loc(L, &a);
    return 1;
}

static int action_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_ud *u = check(L, 1, "action");
    const struct mig_action *a = u->a;
    const char *k = luaL_checkstring(L, 2);
    static const struct {
        const char *name;
        size_t off;
    } flags[] = {
        {"not_null", offsetof(struct mig_action, not_null)},
        {"has_default", offsetof(struct mig_action, has_default)},
        {"generated", offsetof(struct mig_action, generated)},
        {"identity", offsetof(struct mig_action, identity)},
        {"not_valid", offsetof(struct mig_action, not_valid)},
        {"using_index", offsetof(struct mig_action, using_index)},
        {"if_exists", offsetof(struct mig_action, if_exists)},
        {"if_not_exists", offsetof(struct mig_action, if_not_exists)},
        {"concurrently", offsetof(struct mig_action, concurrently)},
        {"references", offsetof(struct mig_action, references)},
        {"unique", offsetof(struct mig_action, unique)},
        {"primary_key", offsetof(struct mig_action, primary_key)},
        {"using", offsetof(struct mig_action, using_expr)},
        {"prepared", offsetof(struct mig_action, prepared)},
    };
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (!strcmp(k, flags[i].name)) {
            lua_pushboolean(L, *(const int *)(const void *)((const char *)a + flags[i].off));
            return 1;
        }
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, action_at);
    else if (!strcmp(k, "op"))
        lua_pushstring(L, mig_op_name(a->op));
    else if (!strcmp(k, "column"))
        policy_push_str(L, a->column);
    else if (!strcmp(k, "name"))
        policy_push_str(L, a->name);
    else if (!strcmp(k, "type"))
        policy_push_str(L, a->type);
    else if (!strcmp(k, "default"))
        policy_push_str(L, a->default_sql);
    else if (!strcmp(k, "function"))
        policy_push_str(L, a->function);
    else if (!strcmp(k, "volatility"))
        policy_push_str(L, volatility(a->vol));
    else if (!strcmp(k, "volatile"))
        lua_pushboolean(L, a->vol == MVOL_VOLATILE || a->vol == MVOL_UNKNOWN);
    else if (!strcmp(k, "kind") || !strcmp(k, "constraint"))
        policy_push_str(L, mig_constraint_name(a->constraint));
    else if (!strcmp(k, "new_column"))
        lua_pushboolean(L, mig_action_column_is_new(u->st, a));
    else if (!strcmp(k, "new_type") || !strcmp(k, "old_type")) {
        const struct mig_type *t =
            k[0] == 'n' ? (a->new_type.name ? &a->new_type : NULL) : a->old_type;
        char buf[160];
        policy_push_str(L, t ? mig_type_str(t, buf, sizeof(buf)) : NULL);
    } else if (!strcmp(k, "references_table"))
        policy_push_str(L, a->ref_table);
    else if (!strcmp(k, "index"))
        policy_push_str(L, a->index_name);
    else if (!strcmp(k, "validates") || !strcmp(k, "recreated")) {
        const struct mig_stmt *o = k[0] == 'v' ? a->added : a->recreated;
        if (o)
            push_stmt(L, o);
        else
            lua_pushnil(L);
    } else if (!strcmp(k, "statement"))
        push_stmt(L, u->st);
    else if (!strcmp(k, "line") || !strcmp(k, "col")) {
        struct anchor at = mig_anchor(u->st, a->tok, NULL);
        lua_pushinteger(L, k[0] == 'l' ? at.line : at.col);
    } else
        return luaL_error(L,
                          "action has no field '%s' (op, column, name, type, default, "
                          "function, volatility, volatile, kind, constraint, not_null, "
                          "has_default, generated, identity, not_valid, using_index, "
                          "if_exists, if_not_exists, concurrently, references, unique, "
                          "primary_key, using, prepared, new_column, new_type, old_type, "
                          "references_table, index, validates, recreated, statement, line, "
                          "col; method at)",
                          k);
    return 1;
}

static int action_tostring(lua_State *L)
{
    const struct mig_ud *u = check(L, 1, "action");
    lua_pushfstring(L, "%s %s", mig_op_name(u->a->op), action_path(L, u->st, u->a));
    return 1;
}

static int action_anchor(lua_State *L)
{
    const struct mig_ud *u = check(L, 1, "action");
    const char *path = action_path(L, u->st, u->a); /* the buffer stays on the stack */
    struct anchor a = mig_anchor(u->st, u->a->tok, path);
    struct policy_at *out = lua_touserdata(L, 2);
    out->a = a;
    return 1; /* the buffer keeps the path alive */
}

/* ---- statements ---- */

/* The statement's source with comments and literal contents blanked (quotes and dollar tags
 * kept; line breaks kept, so offsets and lines are the file's). */
static void push_blanked(lua_State *L, const struct mig_stmt *st)
{
    if (policy_cache_get(L, &text_ns, st))
        return;
    size_t n = strlen(st->text), base = st->ntoks ? st->toks[0].off : 0;
    struct policy_buf *b = policy_buf_new(L);
    policy_buf_add(L, b, st->text, n);
    for (size_t i = 0; i < n; i++)
        if (b->p[i] != '\n' && b->p[i] != '\r')
            b->p[i] = ' ';
    for (size_t k = 0; k < st->ntoks; k++) {
        const struct sql_token *t = &st->toks[k];
        size_t at = t->off - base, len = t->len, keep_head = len, keep_tail = 0;
        if (at + len > n)
            continue;
        const char *raw = st->text + at;
        if (t->kind == SQL_STRING) {
            const char *q = memchr(raw, '\'', len);
            keep_head = q ? (size_t)(q - raw) + 1 : len;
            keep_tail = keep_head < len ? 1 : 0;
        } else if (t->kind == SQL_DOLLAR && len >= 2) {
            const char *q = memchr(raw + 1, '$', len - 1);
            keep_head = q ? (size_t)(q - raw) + 1 : len;
            keep_tail = keep_head * 2 <= len ? keep_head : 0;
        }
        memcpy(b->p + at, raw, keep_head);
        if (keep_tail)
            memcpy(b->p + at + len - keep_tail, raw + len - keep_tail, keep_tail);
    }
    lua_pushlstring(L, policy_buf_str(b), b->len);
    lua_remove(L, -2);
    policy_cache_put(L, &text_ns, st, -1);
}

/* st:at([path]) at the statement, or st:at(offset[, path]) at byte offset (1-based) of text. */
static int stmt_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_stmt *st = check(L, 1, "statement")->st;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer off = luaL_checkinteger(L, 2);
        size_t n = strlen(st->text);
        if (off < 1 || (size_t)off > n + 1)
            return luaL_error(L, "st:at: offset %I is outside the statement's text (1 to %I)", off,
                              (lua_Integer)n + 1);
        struct anchor a = mig_anchor(st, 0, luaL_optstring(L, 3, st->table));
        mig_text_pos(st, (size_t)off - 1, &a.line, &a.col);
        push_loc(L, &a);
        return 1;
    }
    struct anchor a = mig_anchor(st, 0, luaL_optstring(L, 2, st->table));
    push_loc(L, &a);
    return 1;
}

static void push_actions(lua_State *L, const struct mig_stmt *st)
{
    if (policy_cache_get(L, &acts_ns, st))
        return;
    lua_createtable(L, (int)st->nactions, 0);
    for (size_t i = 0; i < st->nactions; i++) {
        push_action(L, st, &st->actions[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &acts_ns, st, -1);
}

static void push_names(lua_State *L, const struct mig_stmt *st)
{
    if (policy_cache_get(L, &names_ns, st))
        return;
    lua_createtable(L, (int)st->nnames, 0);
    for (size_t i = 0; i < st->nnames; i++) {
        lua_pushstring(L, st->names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &names_ns, st, -1);
}

static int stmt_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_ud *u = check(L, 1, "statement");
    const struct mig_stmt *st = u->st;
    const char *k = luaL_checkstring(L, 2);
    static const struct {
        const char *name;
        size_t off;
    } flags[] = {
        {"concurrently", offsetof(struct mig_stmt, concurrently)},
        {"if_exists", offsetof(struct mig_stmt, if_exists)},
        {"if_not_exists", offsetof(struct mig_stmt, if_not_exists)},
        {"unique", offsetof(struct mig_stmt, unique)},
        {"only", offsetof(struct mig_stmt, only)},
        {"partitioned", offsetof(struct mig_stmt, partitioned)},
        {"parsed", offsetof(struct mig_stmt, parsed)},
        {"placeholders", offsetof(struct mig_stmt, placeholders)},
        {"as_select", offsetof(struct mig_stmt, as_select)},
        {"joins", offsetof(struct mig_stmt, joins)},
    };
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (!strcmp(k, flags[i].name)) {
            lua_pushboolean(L, *(const int *)(const void *)((const char *)st + flags[i].off));
            return 1;
        }
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, stmt_at);
    else if (!strcmp(k, "text"))
        push_blanked(L, st);
    else if (!strcmp(k, "sql"))
        lua_pushstring(L, st->sql);
    else if (!strcmp(k, "kind"))
        lua_pushstring(L, mig_kind_name(st->kind));
    else if (!strcmp(k, "table"))
        policy_push_str(L, st->table);
    else if (!strcmp(k, "index"))
        policy_push_str(L, st->index);
    else if (!strcmp(k, "names"))
        push_names(L, st);
    else if (!strcmp(k, "actions"))
        push_actions(L, st);
    else if (!strcmp(k, "section"))
        lua_pushstring(L, st->section == MIG_UP ? "up" : "down");
    else if (!strcmp(k, "query"))
        lua_pushinteger(L, (lua_Integer)st->query + 1);
    else if (!strcmp(k, "file"))
        lua_pushstring(L, st->file);
    else if (!strcmp(k, "migration"))
        push_migration(L, st->mig);
    else if (!strcmp(k, "line"))
        lua_pushinteger(L, st->line);
    else if (!strcmp(k, "col"))
        lua_pushinteger(L, st->col);
    else if (!strcmp(k, "parent"))
        policy_push_str(L, st->parent);
    else if (!strcmp(k, "where")) {
        static const char *const w[] = {"none", "narrow", "broad"};
        policy_push_str(L, st->kind == MK_UPDATE || st->kind == MK_DELETE ? w[st->where] : NULL);
    } else if (!strcmp(k, "transaction"))
        lua_pushboolean(L, mig_stmt_tx(st) != 0);
    else if (!strcmp(k, "syntax")) {
        if (!st->syntax) {
            lua_pushnil(L);
            return 1;
        }
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, st->syntax->line);
        lua_setfield(L, -2, "line");
        lua_pushinteger(L, st->syntax->col);
        lua_setfield(L, -2, "col");
        lua_pushstring(L, st->syntax->msg);
        lua_setfield(L, -2, "message");
    } else
        return luaL_error(L,
                          "statement has no field '%s' (text, sql, kind, table, index, "
                          "names, actions, concurrently, if_exists, if_not_exists, unique, "
                          "only, partitioned, parsed, syntax, placeholders, parent, as_select, "
                          "where, joins, transaction, section, query, file, migration, line, "
                          "col; method at)",
                          k);
    return 1;
}

static int stmt_tostring(lua_State *L)
{
    const struct mig_stmt *st = check(L, 1, "statement")->st;
    lua_pushfstring(L, "%s:%d: %s", st->file, (int)st->line, mig_kind_name(st->kind));
    return 1;
}

static int stmt_anchor(lua_State *L)
{
    const struct mig_stmt *st = check(L, 1, "statement")->st;
    struct anchor a = mig_anchor(st, 0, st->table);
    return give_anchor(L, &a);
}

/* ---- migrations ---- */

static int stmts_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct migration *m = check(L, lua_upvalueindex(1), "migration")->m;
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    lua_Integer end = lua_tointeger(L, lua_upvalueindex(3));
    if (i >= end)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_stmt(L, &m->stmts[i]);
    return 1;
}

/* m:statements(["up" | "down"]): an iterator over one section's statements, in order. */
static int mig_statements(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct migration *m = check(L, 1, "migration")->m;
    static const char *const sections[] = {"up", "down", NULL};
    int sec = luaL_checkoption(L, 2, "up", sections);
    size_t n;
    const struct mig_stmt *v = mig_section(m, sec ? MIG_DOWN : MIG_UP, &n);
    lua_settop(L, 1);
    lua_pushinteger(L, (lua_Integer)(v - m->stmts));
    lua_pushinteger(L, (lua_Integer)(v - m->stmts + (ptrdiff_t)n));
    lua_pushcclosure(L, stmts_next, 3);
    return 1;
}

static int mig_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct migration *m = check(L, 1, "migration")->m;
    lua_Integer line = luaL_optinteger(L, 2, 1);
    if (line < 1 || line > UINT_MAX)
        return luaL_error(L, "m:at: line %I is not a line number", line);
    struct anchor a =
        mig_file_anchor(m, mig_file(m), (unsigned)line, 1, luaL_optstring(L, 3, NULL));
    push_loc(L, &a);
    return 1;
}

static int mig_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct migration *m = check(L, 1, "migration")->m;
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {
        {"statements", mig_statements}, {"at", mig_at}, {NULL, NULL}};
    if (push_method(L, methods, k))
        return 1;
    if (!strcmp(k, "path"))
        lua_pushstring(L, mig_file(m));
    else if (!strcmp(k, "down_path"))
        policy_push_str(L, m->down_file);
    else if (!strcmp(k, "name"))
        lua_pushstring(L, m->name);
    else if (!strcmp(k, "version")) {
        if (m->has_version)
            lua_pushinteger(L, (lua_Integer)m->version);
        else
            lua_pushnil(L);
    } else if (!strcmp(k, "format"))
        lua_pushstring(L, mig_format_name(m->format));
    else if (!strcmp(k, "no_transaction"))
        lua_pushboolean(L, m->no_transaction);
    else if (!strcmp(k, "has_down"))
        lua_pushboolean(L, m->has_down);
    else if (!strcmp(k, "checked"))
        lua_pushboolean(L, m->checked);
    else if (!strcmp(k, "in_change"))
        lua_pushboolean(L, m->in_change);
    else if (!strcmp(k, "set"))
        push_ud(L, &set_ns, m->set, "migrations", m->set, NULL, NULL, NULL);
    else
        return luaL_error(L,
                          "migration has no field '%s' (path, down_path, name, version, "
                          "format, no_transaction, has_down, checked, in_change, set; methods "
                          "statements, at)",
                          k);
    return 1;
}

static int mig_tostring(lua_State *L)
{
    lua_pushstring(L, mig_file(check(L, 1, "migration")->m));
    return 1;
}

static int mig_anchor_fn(lua_State *L)
{
    const struct migration *m = check(L, 1, "migration")->m;
    struct anchor a = mig_file_anchor(m, mig_file(m), 1, 1, NULL);
    return give_anchor(L, &a);
}

/* ---- the set ---- */

static const struct mig_set *check_set(lua_State *L, int idx)
{
    return check(L, idx, "migrations")->set;
}

static int all_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_set *s = check_set(L, lua_upvalueindex(1));
    lua_Integer i = policy_iter_step(L, s->n);
    if (i < 0)
        return 0;
    push_migration(L, s->v[i]);
    return 1;
}

/* set:all(): every migration of the directory in version order, history included. */
static int set_all(lua_State *L)
{
    policy_sandbox_guard(L);
    check_set(L, 1);
    return policy_push_iter(L, all_next);
}

/* set:migration(version | name): the migration, or nil. */
static int set_migration(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_set *s = check_set(L, 1);
    int by_version = lua_isinteger(L, 2);
    lua_Integer v = by_version ? lua_tointeger(L, 2) : 0;
    const char *name = by_version ? NULL : luaL_checkstring(L, 2);
    for (size_t i = 0; i < s->n; i++) {
        const struct migration *m = s->v[i];
        if (by_version
                ? m->has_version && m->version == (long long)v
                : !strcmp(m->name, name) || (m->version_text && !strcmp(m->version_text, name))) {
            push_migration(L, m);
            return 1;
        }
    }
    lua_pushnil(L);
    return 1;
}

/* set:created_in(m | st, name[, "table" | "index"]): is name new when m's Up section has run
 * (or when statement st runs): created by it (before st), or by an earlier migration of the
 * change? A table that is not new existed before the change. */
static int set_created_in(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_set *s = check_set(L, 1);
    static const char *const kinds[] = {"table", "index", NULL};
    const struct mig_ud *u = luaL_testudata(L, 2, "statement");
    if (!u)
        u = luaL_testudata(L, 2, "migration");
    if (!u)
        return luaL_error(L, "set:created_in needs a migration or a statement, not %s",
                          luaL_typename(L, 2));
    policy_check_gen(L, u->gen);
    if (u->set != s)
        return luaL_error(L, "set:created_in: that migration belongs to another set");
    const char *name = lua_isnil(L, 3) ? NULL : luaL_checkstring(L, 3);
    int is_index = luaL_checkoption(L, 4, "table", kinds);
    int isnew;
    if (u->st)
        isnew = is_index ? mig_index_is_new(u->st, name) : mig_table_is_new(u->st, name);
    else
        isnew = mig_is_new_after(u->m, name, is_index);
    lua_pushboolean(L, isnew);
    return 1;
}

/* set:relation(st, name[, "table" | "index"]): what name denoted just before st ran, as a
 * table {kind, new, retired, renamed, created}, or nil when no loaded Up section created it. */
static int set_relation(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_set *s = check_set(L, 1);
    const struct mig_ud *u = check(L, 2, "statement");
    if (u->set != s)
        return luaL_error(L, "set:relation: that statement belongs to another set");
    const char *name = luaL_checkstring(L, 3);
    static const char *const kinds[] = {"table", "index", NULL};
    int is_index = luaL_checkoption(L, 4, "table", kinds);
    const struct mig_rel *r = mig_rel_before(u->st, name, is_index);
    if (!r || !r->created) {
        lua_pushnil(L);
        return 1;
    }
    static const char *const rk[] = {
        "?", "table", "partitioned_table", "partition", "view", "materialized_view", "index"};
    lua_createtable(L, 0, 5);
    lua_pushstring(L, (size_t)r->kind < ARRAY_SIZE(rk) ? rk[r->kind] : "?");
    lua_setfield(L, -2, "kind");
    lua_pushboolean(L, mig_rel_is_new(r, u->st));
    lua_setfield(L, -2, "new");
    lua_pushboolean(L, r->retired);
    lua_setfield(L, -2, "retired");
    lua_pushboolean(L, r->renamed != NULL);
    lua_setfield(L, -2, "renamed");
    push_stmt(L, r->created);
    lua_setfield(L, -2, "created");
    return 1;
}

static int set_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct mig_set *s = check_set(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {{"all", set_all},
                                       {"migration", set_migration},
                                       {"created_in", set_created_in},
                                       {"relation", set_relation},
                                       {NULL, NULL}};
    if (push_method(L, methods, k))
        return 1;
    if (!strcmp(k, "dir"))
        lua_pushstring(L, s->dir);
    else if (!strcmp(k, "history"))
        lua_pushboolean(L, s->history);
    else
        return luaL_error(L,
                          "migrations has no field '%s' (dir, history; methods all, "
                          "migration, created_in, relation)",
                          k);
    return 1;
}

static int set_tostring(lua_State *L)
{
    lua_pushstring(L, check_set(L, 1)->dir);
    return 1;
}

static int set_anchor(lua_State *L)
{
    struct anchor a;
    memset(&a, 0, sizeof(a));
    a.file = check_set(L, 1)->dir;
    return give_anchor(L, &a);
}

void policy_migration_push(lua_State *L, const struct migration *m)
{
    push_migration(L, m);
}

void policy_migrations_push(lua_State *L, const struct mig_set *s)
{
    push_ud(L, &set_ns, s, "migrations", s, NULL, NULL, NULL);
}

void policy_migrations_open(lua_State *L)
{
    static const struct {
        const char *name;
        lua_CFunction index, tostring, anchor;
    } types[] = {
        {"migrations", set_index, set_tostring, set_anchor},
        {"migration", mig_index, mig_tostring, mig_anchor_fn},
        {"statement", stmt_index, stmt_tostring, stmt_anchor},
        {"action", action_index, action_tostring, action_anchor},
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        const luaL_Reg mt[] = {{"__index", types[i].index},
                               {"__newindex", policy_read_only},
                               {"__tostring", types[i].tostring},
                               {"__concat", policy_concat},
                               {NULL, NULL}};
        policy_proxy_metatable(L, types[i].name, mt, types[i].anchor);
    }
}
