/* policy.c — Lua policies: the policy{…} constructor and its validation, loading files and
 * directories (one sandboxed state per policy), the rule descriptor a policy becomes, the kinds
 * of subjects a policy may check, the C check trampoline the engine calls, and ctx:report. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infralint/backend.h"
#include "infralint/escape.h"
#include "infralint/migration.h"
#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "infralint/workflow.h"
#include "policy_int.h"

static void check_trampoline(struct rule_ctx *ctx, const struct subject *s);

/* ---- subject kinds ---- */

/* A new kind is one entry here and one case in policy_subject_push(). */
const struct policy_kind policy_kinds[] = {
    {"plan", KIND_PLAN, 1},
    {"backend", KIND_BACKEND, 1},
    {"workflow", KIND_WORKFLOW, 1},
    {"workflows", KIND_WORKFLOWS, 1},
    {"migrations", KIND_MIGRATIONS, 1},
    {"project", KIND_PROJECT, 1},
};
const size_t policy_nkinds = ARRAY_SIZE(policy_kinds);

int policy_subject_push(lua_State *L, const struct subject *s)
{
    switch (s->kind) {
    case KIND_PLAN: policy_plan_push(L, s); return 1;
    case KIND_BACKEND: policy_backend_push(L, s->stack); return 1;
    case KIND_WORKFLOW: policy_workflow_push(L, s->wf); return 1;
    case KIND_WORKFLOWS: policy_workflows_push(L, s->wfs); return 1;
    case KIND_MIGRATIONS: policy_migrations_push(L, s->mig); return 1;
    case KIND_PROJECT: policy_project_push(L, s); return 1;
    default: return 0;
    }
}

/* "plan, backend, …": the kinds this build can run (a buffer left on the stack). */
static const char *available_kinds(lua_State *L)
{
    struct policy_buf *b = policy_buf_new(L);
    for (size_t i = 0; i < policy_nkinds; i++)
        if (policy_kinds[i].available)
            policy_buf_addf(L, b, "%s%s", b->len ? ", " : "", policy_kinds[i].name);
    return policy_buf_str(b);
}

/* ---- policy{…}: validation at the line that builds the policy ---- */

static const char *const policy_keys[] = {
    "check",    "help",   "id",      "kinds", "on_unknown",
    "options",  "origin", "persona", "scope", "security_severity",
    "severity", "tags",   "title"};
static const char *const option_keys[] = {"default", "help", "type"};
static const char *const reserved_families[] = {"tf", "gha", "sql", "x", "infralint"};
static const char *const limit_options[] = {"instructions", "memory_mb", "deadline_ms", "findings"};

static int is_kebab(const char *s, const char *end)
{
    if (s == end)
        return 0;
    int dash = 1;
    for (; s < end; s++) {
        if (*s == '-') {
            if (dash)
                return 0;
            dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            dash = 0;
        } else {
            return 0;
        }
    }
    return !dash;
}

/* Reject a table's unknown keys (the smallest first, so the message is deterministic). */
static void check_keys(lua_State *L, int t, const char *const *known, size_t nknown,
                       const char *what)
{
    const char *bad = NULL;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s takes named fields only (found a %s key)", what,
                       luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        size_t i;
        for (i = 0; i < nknown; i++)
            if (!strcmp(k, known[i]))
                break;
        if (i == nknown && (!bad || strcmp(k, bad) < 0))
            bad = k; /* the key stays alive in the table */
    }
    if (!bad)
        return;
    const char *near = did_you_mean(bad, known, nknown);
    if (near)
        luaL_error(L, "unknown key '%s' in %s; did you mean '%s'?", bad, what, near);
    struct policy_buf *b = policy_buf_new(L);
    for (size_t i = 0; i < nknown; i++)
        policy_buf_addf(L, b, "%s%s", i ? ", " : "", known[i]);
    luaL_error(L, "unknown key '%s' in %s (known: %s)", bad, what, policy_buf_str(b));
}

/* Push t[key] without metamethods (no policy code runs inside ours). */
static int rawfield(lua_State *L, int t, const char *key)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

/* t[key] as a string: required (error when missing) or optional (NULL). */
static const char *field_str(lua_State *L, int t, const char *key, int required, int oneline)
{
    rawfield(L, t, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        if (required)
            luaL_error(L, "policy{} needs '%s'", key);
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "policy{}: '%s' must be a string, not %s", key, luaL_typename(L, -1));
    const char *s = lua_tostring(L, -1);
    if (oneline && (!*s || strchr(s, '\n')))
        luaL_error(L, "policy{}: '%s' must be one non-empty line", key);
    lua_pop(L, 1); /* still referenced by t */
    return s;
}

static int one_of(lua_State *L, const char *what, const char *v, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v, names[i]))
            return (int)i;
    const char *near = did_you_mean(v, names, n);
    struct policy_buf *b = policy_buf_new(L);
    for (size_t i = 0; i < n; i++)
        policy_buf_addf(L, b, "%s%s", i ? ", " : "", names[i]);
    if (near)
        return luaL_error(L, "policy{}: %s '%s' is not one of %s; did you mean '%s'?", what, v,
                          policy_buf_str(b), near);
    return luaL_error(L, "policy{}: %s '%s' is not one of %s", what, v, policy_buf_str(b));
}

static void check_id(lua_State *L, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash || !is_kebab(id, slash) || !is_kebab(slash + 1, id + strlen(id)))
        luaL_error(L,
                   "policy{}: id '%s' must be family/name in lowercase kebab-case (e.g. "
                   "acme/rds-multi-az)",
                   id);
    for (size_t i = 0; i < ARRAY_SIZE(reserved_families); i++)
        if ((size_t)(slash - id) == strlen(reserved_families[i]) &&
            !strncmp(id, reserved_families[i], (size_t)(slash - id)))
            luaL_error(L,
                       "policy{}: id '%s' uses the family '%s/', which is reserved for "
                       "built-in rules (tf, gha, sql, x, infralint)",
                       id, reserved_families[i]);
}

/* kinds: a name or a list of names; returns the rule_kind bits. */
static unsigned check_kinds(lua_State *L, int t)
{
    rawfield(L, t, "kinds");
    int k = lua_gettop(L);
    if (lua_isnil(L, k))
        luaL_error(L, "policy{} needs 'kinds' (%s)", available_kinds(L));
    if (lua_type(L, k) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, k);
        lua_rawseti(L, -2, 1);
        lua_replace(L, k);
    }
    if (lua_type(L, k) != LUA_TTABLE)
        luaL_error(L, "policy{}: 'kinds' must be a list of names, not %s", luaL_typename(L, k));
    unsigned bits = 0;
    const char *names[8];
    for (size_t i = 0; i < policy_nkinds; i++)
        names[i] = policy_kinds[i].name;
    lua_Integer n = (lua_Integer)lua_rawlen(L, k);
    if (!n)
        luaL_error(L, "policy{}: 'kinds' is empty");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, k, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "policy{}: 'kinds' must be a list of names (item %d is %s)", (int)i,
                       luaL_typename(L, -1));
        int j = one_of(L, "kind", lua_tostring(L, -1), names, policy_nkinds);
        if (!policy_kinds[j].available)
            luaL_error(L, "policy{}: kind '%s' is not available yet (this version checks %s)",
                       policy_kinds[j].name, available_kinds(L));
        bits |= (unsigned)policy_kinds[j].kind;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return bits;
}

#define POLICY_MAX_TAGS 20 /* SARIF properties.tags of one rule */
#define POLICY_MAX_TAG 64  /* bytes of one tag */

/* security_severity: a number (or a numeric string) from 0.1 to 10.0, as GitHub code scanning
 * ranks security alerts (low from 0.1, medium from 4.0, high from 7.0, critical from 9.0);
 * pushed as its one-decimal text ("7.5"), or nothing pushed (0) when the key is absent. */
static int check_security_severity(lua_State *L, int t)
{
    rawfield(L, t, "security_severity");
    int v = lua_gettop(L);
    if (lua_isnil(L, v)) {
        lua_pop(L, 1);
        return 0;
    }
    int isnum = 0;
    lua_Number x = lua_type(L, v) == LUA_TNUMBER || lua_type(L, v) == LUA_TSTRING
                       ? lua_tonumberx(L, v, &isnum)
                       : 0;
    double tenths = (double)x * 10;
    if (!isnum || !(tenths >= 1 && tenths <= 100) || fabs(tenths - round(tenths)) > 1e-9)
        luaL_error(L,
                   "policy{}: 'security_severity' must be a score from 0.1 to 10.0 with at most "
                   "one decimal (as GitHub code scanning ranks security alerts: 4.0 medium, 7.0 "
                   "high, 9.0 critical), not %s",
                   lua_type(L, v) == LUA_TSTRING || lua_type(L, v) == LUA_TNUMBER
                       ? luaL_tolstring(L, v, NULL)
                       : luaL_typename(L, v));
    char buf[8];
    snprintf(buf, sizeof(buf), "%.1f", (double)x);
    lua_pushstring(L, buf);
    lua_replace(L, v);
    return 1;
}

/* tags: a tag or a list of them (letters, digits, '-', '_', '.', '/'; at most POLICY_MAX_TAGS,
 * none twice), as SARIF rule properties.tags; the checked list pushed (an empty one when the
 * key is absent). */
static void check_tags(lua_State *L, int t)
{
    rawfield(L, t, "tags");
    int k = lua_gettop(L);
    if (lua_type(L, k) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, k);
        lua_rawseti(L, -2, 1);
        lua_replace(L, k);
    } else if (lua_isnil(L, k)) {
        lua_newtable(L);
        lua_replace(L, k);
    }
    if (lua_type(L, k) != LUA_TTABLE)
        luaL_error(L, "policy{}: 'tags' must be a list of strings, not %s", luaL_typename(L, k));
    lua_pushnil(L);
    while (lua_next(L, k)) { /* a list: keys 1..n only */
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
            lua_tointeger(L, -1) > (lua_Integer)lua_rawlen(L, k))
            luaL_error(L, "policy{}: 'tags' must be a list of strings (it has named fields)");
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, k);
    if (n > POLICY_MAX_TAGS)
        luaL_error(L, "policy{}: 'tags' has %d tags; at most %d", (int)n, POLICY_MAX_TAGS);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, k, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "policy{}: 'tags' must be a list of strings (item %d is %s)", (int)i,
                       luaL_typename(L, -1));
        size_t len;
        const char *tag = lua_tolstring(L, -1, &len);
        int ok = len > 0 && len <= POLICY_MAX_TAG;
        for (size_t j = 0; ok && j < len; j++)
            ok = (tag[j] >= 'a' && tag[j] <= 'z') || (tag[j] >= 'A' && tag[j] <= 'Z') ||
                 (tag[j] >= '0' && tag[j] <= '9') || strchr("-_./", tag[j]);
        if (!ok)
            luaL_error(L,
                       "policy{}: tag '%s' must be 1 to %d letters, digits, '-', '_', '.' or '/' "
                       "(e.g. external/cwe/cwe-798)",
                       tag, POLICY_MAX_TAG);
        for (lua_Integer j = 1; j < i; j++) {
            lua_rawgeti(L, k, j);
            if (lua_rawequal(L, -1, -2))
                luaL_error(L, "policy{}: tag '%s' is listed twice", tag);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

static const char *const option_types[] = {"integer", "number", "string", "strings", "boolean"};
static const enum opt_type option_type_ids[] = {OPT_INT, OPT_NUMBER, OPT_STRING, OPT_STRLIST,
                                                OPT_BOOL};

/* The text form of an option default (as C rules declare them); raises on a type mismatch. */
static const char *default_text(lua_State *L, const char *name, enum opt_type type,
                                const char *want, int d)
{
    struct policy_buf *b = policy_buf_new(L);
    int t = lua_type(L, d), ok = 1;
    switch (type) {
    case OPT_INT:
        ok = lua_isinteger(L, d);
        if (ok)
            policy_buf_addf(L, b, "%lld", (long long)lua_tointeger(L, d));
        break;
    case OPT_NUMBER:
        ok = t == LUA_TNUMBER;
        if (ok && lua_isinteger(L, d))
            policy_buf_addf(L, b, "%lld", (long long)lua_tointeger(L, d));
        else if (ok)
            policy_buf_addf(L, b, "%.17g", (double)lua_tonumber(L, d));
        break;
    case OPT_STRING:
        ok = t == LUA_TSTRING;
        if (ok)
            policy_buf_addstr(L, b, lua_tostring(L, d));
        break;
    case OPT_BOOL:
        ok = t == LUA_TBOOLEAN;
        if (ok)
            policy_buf_addstr(L, b, lua_toboolean(L, d) ? "true" : "false");
        break;
    case OPT_STRLIST:
        ok = t == LUA_TTABLE;
        for (lua_Integer i = 1; ok && lua_rawgeti(L, d, i) != LUA_TNIL; i++) {
            const char *item = lua_tostring(L, -1);
            if (lua_type(L, -1) != LUA_TSTRING || strchr(item, ','))
                luaL_error(L,
                           "policy{}: default of option '%s' must be a list of strings "
                           "without commas",
                           name);
            policy_buf_addf(L, b, "%s%s", i > 1 ? "," : "", item);
            lua_pop(L, 1);
        }
        if (ok)
            lua_pop(L, 1);
        break;
    }
    if (!ok)
        luaL_error(L, "policy{}: default of option '%s' must be %s %s, not %s", name,
                   want[0] == 'i' ? "an" : "a", want, luaL_typename(L, d));
    return policy_buf_str(b); /* the buffer stays on the stack */
}

/* Validate one option spec (at top) named name; leave {name=, type=, default=, help=} in out. */
static void check_option(lua_State *L, const char *name, int spec, int out)
{
    if (lua_type(L, spec) != LUA_TTABLE)
        luaL_error(L, "policy{}: option '%s' must be a table {type = …, default = …, help = …}",
                   name);
    const char *bad = name;
    int ok = name[0] >= 'a' && name[0] <= 'z';
    for (; *bad && ok; bad++)
        ok = (*bad >= 'a' && *bad <= 'z') || (*bad >= '0' && *bad <= '9') || *bad == '_';
    if (!ok)
        luaL_error(L, "policy{}: option name '%s' must be lowercase letters, digits and '_'", name);
    for (size_t i = 0; i < ARRAY_SIZE(limit_options); i++)
        if (!strcmp(name, limit_options[i]) || !strcmp(name, "severity"))
            luaL_error(L,
                       "policy{}: option name '%s' is reserved (per-policy limits and "
                       "severity are set in the configuration)",
                       name);
    lua_pushfstring(L, "option '%s'", name);
    check_keys(L, spec, option_keys, ARRAY_SIZE(option_keys), lua_tostring(L, -1));
    lua_pop(L, 1);
    rawfield(L, spec, "type");
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "policy{}: option '%s' needs a type (%s)", name,
                   "integer, number, string, strings, boolean");
    int ti = one_of(L, "option type", lua_tostring(L, -1), option_types, ARRAY_SIZE(option_types));
    lua_pop(L, 1);
    lua_newtable(L);
    int o = lua_gettop(L);
    lua_pushstring(L, name);
    lua_setfield(L, o, "name");
    lua_pushinteger(L, option_type_ids[ti]);
    lua_setfield(L, o, "type");
    rawfield(L, spec, "help");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "policy{}: help of option '%s' must be a string", name);
    lua_setfield(L, o, "help");
    rawfield(L, spec, "default");
    int d = lua_gettop(L);
    if (!lua_isnil(L, d)) {
        lua_pushstring(L, default_text(L, name, option_type_ids[ti], option_types[ti], d));
        lua_setfield(L, o, "default");
    }
    lua_settop(L, o);
    lua_setfield(L, out, name);
}

static int policy_define(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (lua_getmetatable(L, 1))
        luaL_error(L, "policy{} takes a plain table (this one has a metatable)");
    check_keys(L, 1, policy_keys, ARRAY_SIZE(policy_keys), "policy{}");
    lua_newtable(L); /* 2: the definition as the engine reads it */
    const char *id = field_str(L, 1, "id", 1, 1);
    check_id(L, id);
    lua_pushstring(L, id);
    lua_setfield(L, 2, "id");
    lua_pushstring(L, field_str(L, 1, "title", 1, 1));
    lua_setfield(L, 2, "title");
    static const char *const sevs[] = {"error", "warning", "note"};
    const char *sev = field_str(L, 1, "severity", 1, 1);
    lua_pushinteger(L, one_of(L, "severity", sev, sevs, 3));
    lua_setfield(L, 2, "severity");
    lua_pushinteger(L, (lua_Integer)check_kinds(L, 1));
    lua_setfield(L, 2, "kinds");
    static const char *const scopes[] = {"all", "staged", "prod"};
    const char *scope = field_str(L, 1, "scope", 0, 1);
    lua_pushinteger(L, scope ? one_of(L, "scope", scope, scopes, 3) : 0);
    lua_setfield(L, 2, "scope");
    static const char *const personas[] = {"regular", "pedantic", "auditor"};
    const char *persona = field_str(L, 1, "persona", 0, 1);
    lua_pushinteger(L, persona ? one_of(L, "persona", persona, personas, 3) : 0);
    lua_setfield(L, 2, "persona");
    static const char *const unknowns[] = {"skip", "note", "fail"};
    const char *onu = field_str(L, 1, "on_unknown", 0, 1);
    lua_pushinteger(L, onu ? one_of(L, "on_unknown", onu, unknowns, 3) : 0);
    lua_setfield(L, 2, "on_unknown");
    const char *help = field_str(L, 1, "help", 0, 0), *origin = field_str(L, 1, "origin", 0, 1);
    if (help) {
        lua_pushstring(L, help);
        lua_setfield(L, 2, "help");
    }
    if (origin) {
        lua_pushstring(L, origin);
        lua_setfield(L, 2, "origin");
    }
    if (check_security_severity(L, 1))
        lua_setfield(L, 2, "security_severity");
    check_tags(L, 1);
    lua_setfield(L, 2, "tags");
    rawfield(L, 1, "check");
    if (lua_type(L, -1) != LUA_TFUNCTION)
        luaL_error(L, lua_isnil(L, -1) ? "policy{} needs 'check', a function(subject, ctx)"
                                       : "policy{}: 'check' must be a function(subject, ctx)");
    lua_setfield(L, 2, "check");
    lua_newtable(L);
    int opts = lua_gettop(L);
    rawfield(L, 1, "options");
    int spec = lua_gettop(L);
    if (!lua_isnil(L, spec)) {
        if (lua_type(L, spec) != LUA_TTABLE)
            luaL_error(L, "policy{}: 'options' must be a table of name = {type = …}");
        lua_pushnil(L);
        while (lua_next(L, spec)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "policy{}: option names must be strings");
            check_option(L, lua_tostring(L, -2), lua_gettop(L), opts);
            lua_pop(L, 1);
        }
    }
    lua_settop(L, opts);
    lua_setfield(L, 2, "options");
    lua_Debug ar;
    int line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
    lua_pushinteger(L, line > 0 ? line : 0);
    lua_setfield(L, 2, "line");
    lua_newuserdatauv(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, "policy definition");
    return 1;
}

static int definition_tostring(lua_State *L)
{
    luaL_checkudata(L, 1, "policy definition");
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "id");
    lua_pushfstring(L, "policy %s", lua_tostring(L, -1));
    return 1;
}

/* ---- loading ---- */

struct load_ctx {
    const char *file;
    const char *text;
    size_t len;
    struct policy_sandbox *sb; /* the file's state, shared by its policies */
    size_t max;                /* how many policies the file may give */
    size_t count;              /* how many it returned */
    struct policy **v;         /* the first max of them, filled by collect */
    size_t n;
};

static int prepare_file(lua_State *L, void *ud)
{
    struct load_ctx *lc = ud;
    if (luaL_newmetatable(L, "policy definition")) {
        lua_pushcfunction(L, definition_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, policy_define);
    lua_setglobal(L, "policy");
    lua_pushfstring(L, "@%s", lc->file);
    if (luaL_loadbufferx(L, lc->text, lc->len, lua_tostring(L, -1), "t") != LUA_OK)
        lua_error(L);
    lua_remove(L, -2);
    return 0;
}

static char *field_dup(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    char *s = lua_isstring(L, -1) ? xstrdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

static lua_Integer field_int(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    lua_Integer v = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return v;
}

static int option_cmp(const void *a, const void *b)
{
    const struct rule_option *x = a, *y = b;
    return strcmp(x->name, y->name);
}

static const char *keep_str(struct policy *p, char *s)
{
    p->optstr = xreallocarray(p->optstr, p->noptstr + 1, sizeof(char *));
    p->optstr[p->noptstr++] = s;
    return s;
}

/* Read the definition table at def into p (plain C from here: nothing raises but luaL_ref). */
static void read_definition(lua_State *L, int def, struct policy *p)
{
    lua_getfield(L, def, "check");
    p->check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    p->id = field_dup(L, def, "id");
    p->title = field_dup(L, def, "title");
    p->help = field_dup(L, def, "help");
    p->origin = field_dup(L, def, "origin");
    p->security_severity = field_dup(L, def, "security_severity");
    lua_getfield(L, def, "tags");
    size_t ntags = lua_rawlen(L, -1);
    p->tags = xcalloc(ntags + 1, sizeof(*p->tags));
    for (size_t i = 0; i < ntags; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        p->tags[i] = xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    p->line = (unsigned)field_int(L, def, "line");
    p->on_unknown = (enum policy_on_unknown)field_int(L, def, "on_unknown");
    p->rule.severity = (enum severity)(SEV_ERROR - field_int(L, def, "severity"));
    p->rule.kinds = (unsigned)field_int(L, def, "kinds");
    p->rule.scope = (enum rule_scope)field_int(L, def, "scope");
    p->rule.persona = (enum persona)field_int(L, def, "persona");
    lua_getfield(L, def, "options");
    int o = lua_gettop(L);
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, o)) {
        lua_pop(L, 1);
        n++;
    }
    p->options = xcalloc(n + ARRAY_SIZE(limit_options) + 1, sizeof(*p->options));
    lua_pushnil(L);
    while (lua_next(L, o)) {
        struct rule_option *opt = &p->options[p->ndeclared++];
        int spec = lua_gettop(L);
        opt->name = keep_str(p, field_dup(L, spec, "name"));
        opt->type = (enum opt_type)field_int(L, spec, "type");
        char *def_text = field_dup(L, spec, "default"), *help = field_dup(L, spec, "help");
        opt->def = def_text ? keep_str(p, def_text) : NULL;
        opt->help = help ? keep_str(p, help) : "";
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (p->ndeclared > 1)
        qsort(p->options, p->ndeclared, sizeof(*p->options), option_cmp);
}

static void policy_free(struct policy *p);

/* A new policy of the file, sharing its state, from the definition at def. */
static void collect_one(lua_State *L, struct load_ctx *lc, int def)
{
    struct policy *p = xcalloc(1, sizeof(*p));
    p->file = xstrdup(lc->file);
    p->dir = path_dirname(lc->file);
    p->check_ref = LUA_NOREF;
    p->sb = lc->sb;
    policy_sandbox_ref(lc->sb);
    lc->v[lc->n++] = p;
    read_definition(L, def, p);
}

static void collect_file(lua_State *L, int nres, void *ud)
{
    struct load_ctx *lc = ud;
    int v = lua_gettop(L) - nres + 1;
    if (nres < 1 || lua_isnil(L, v))
        luaL_error(L, "a policy file must return policy{…} or a list of them (it returned "
                      "nothing)");
    if (luaL_testudata(L, v, "policy definition")) {
        lc->count = 1;
        lua_getiuservalue(L, v, 1);
        collect_one(L, lc, lua_gettop(L));
        return;
    }
    if (lua_type(L, v) != LUA_TTABLE || lua_getmetatable(L, v))
        luaL_error(L, "a policy file must return policy{…} or a list of them, not %s",
                   luaL_typename(L, v));
    lua_Integer n = (lua_Integer)lua_rawlen(L, v), keys = 0;
    lua_pushnil(L);
    while (lua_next(L, v)) {
        lua_pop(L, 1);
        keys++;
    }
    if (!n || keys != n)
        luaL_error(L, "a policy file must return policy{…} or a list of them (the table "
                      "returned is not a list)");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, v, i);
        if (!luaL_testudata(L, -1, "policy definition"))
            luaL_error(L,
                       "item %d of the list the policy file returned is %s, not "
                       "policy{…}",
                       (int)i, luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    lc->count = (size_t)n;
    for (lua_Integer i = 1; i <= n && (size_t)i <= lc->max; i++) {
        lua_rawgeti(L, v, i);
        lua_getiuservalue(L, -1, 1);
        collect_one(L, lc, lua_gettop(L));
        lua_pop(L, 2);
    }
}

static struct policy *find_policy(const struct policy_set *ps, const char *id)
{
    for (size_t i = 0; i < ps->n; i++)
        if (!strcmp(ps->v[i]->id, id))
            return ps->v[i];
    return NULL;
}

static void policy_free(struct policy *p)
{
    if (!p)
        return;
    policy_sandbox_free(p->sb);
    for (size_t i = 0; i < p->noptstr; i++)
        free(p->optstr[i]);
    free(p->optstr);
    free(p->options);
    free(p->id);
    free(p->title);
    free(p->help);
    free(p->origin);
    free(p->security_severity);
    for (size_t i = 0; p->tags && p->tags[i]; i++)
        free(p->tags[i]);
    free(p->tags);
    free(p->file);
    free(p->dir);
    free(p);
}

/* Fill the rule descriptor (and the per-policy limit options) once the definition is read. */
static void make_rule(struct policy_set *ps, struct policy *p)
{
    static const char *const limit_help[] = {
        "instruction budget of one check (policy_limits.instructions)",
        "memory cap of the policy's Lua state, in MB (policy_limits.memory_mb)",
        "wall-clock deadline of one check, in ms (policy_limits.deadline_ms)",
        "findings reported by one check, then one note counts the rest (policy_limits.findings)"};
    const long long limits[] = {ps->limits.instructions, ps->limits.memory_mb,
                                ps->limits.deadline_ms, ps->limits.findings};
    for (size_t i = 0; i < ARRAY_SIZE(limit_options); i++) {
        struct rule_option *o = &p->options[p->ndeclared + i];
        o->name = limit_options[i];
        o->type = OPT_INT;
        o->def = keep_str(p, xstrfmt("%lld", limits[i]));
        o->help = limit_help[i];
    }
    if (!p->help)
        p->help = xstrdup(p->title);
    if (!p->origin)
        p->origin = xstrfmt("Lua policy %s", p->file);
    p->rule.id = p->id;
    p->rule.title = p->title;
    p->rule.help = p->help;
    p->rule.origin = p->origin;
    p->rule.security_severity = p->security_severity;
    p->rule.tags = (const char *const *)p->tags;
    p->rule.options = p->options;
    p->rule.check = check_trampoline;
    p->rule.data = p;
    p->set = ps;
}

static void load_error(struct policy_set *ps, const char *file, const struct policy_outcome *o)
{
    if (o->stop)
        diag_add(ps->errors, o->file ? o->file : file, o->line, 0,
                 "policy file stopped while loading: %s", o->message);
    else
        diag_add(ps->errors, o->file ? o->file : file, o->line, 0, "%s", o->message);
}

/* Run the file once, in one state its policies share (a file is one author's: its policies may
 * share its locals anyway); its policies, at most max of them, into lc->v. 0, or -1 (diagnostic
 * added, nothing kept). */
static int run_file(struct policy_set *ps, struct load_ctx *lc)
{
    char *err = NULL;
    char *dir = path_dirname(lc->file);
    lc->sb = policy_sandbox_new(lc->file, dir, &ps->limits, ps->debug, &err);
    free(dir);
    if (!lc->sb) {
        diag_add(ps->errors, lc->file, 0, 0, "%s", err);
        free(err);
        return -1;
    }
    lc->v = xcalloc(lc->max ? lc->max : 1, sizeof(*lc->v));
    struct policy_outcome o;
    int rc = policy_sandbox_call(lc->sb, prepare_file, collect_file, lc, &o);
    if (rc != 0) {
        load_error(ps, lc->file, &o);
        for (size_t i = 0; i < lc->n; i++)
            policy_free(lc->v[i]);
        lc->n = 0;
    }
    policy_outcome_release(&o);
    policy_sandbox_free(lc->sb); /* the policies hold their references */
    return rc;
}

struct trial {
    struct policy_set *ps;
    struct load_ctx *lc;
};

/* The worker's run of the file (its results die with the worker). */
static void trial_load(void *ud)
{
    struct trial *t = ud;
    struct diag_list quiet = {0};
    struct diag_list *keep = t->ps->errors;
    t->ps->errors = &quiet;
    run_file(t->ps, t->lc);
    t->ps->errors = keep;
}

static int load_file(struct policy_set *ps, const char *file)
{
    char real[PATH_MAX];
    const char *key = realpath(file, real) ? real : file;
    for (size_t i = 0; i < ps->nfiles; i++)
        if (!strcmp(ps->files[i], key))
            return 0; /* named twice (config and -p): loaded once */
    ALLOC_GROW(ps->files, ps->nfiles + 1, ps->files_alloc);
    ps->files[ps->nfiles++] = xstrdup(key);

    if (ps->n >= ps->max_total)
        return diag_add(ps->errors, file, 0, 0,
                        "not loaded: %zu policies are loaded already, the most a run takes "
                        "(policy_limits.policies)",
                        ps->n);
    char *text;
    size_t len;
    if (file_read(file, &text, &len) < 0)
        return diag_add(ps->errors, file, 0, 0, "cannot read policy: %s", file_strerror(errno));
    size_t room = ps->max_total - ps->n;
    struct load_ctx lc = {file, text, len, NULL, 0, 0, NULL, 0};
    lc.max = ps->max_per_file < room ? ps->max_per_file : room;
    char *why = NULL;
    if (ps->isolate == POLICY_ISOLATE_PROCESS) { /* a first run where it cannot hang us */
        struct trial t = {ps, &lc};
        if (policy_isolate_load(&ps->limits, trial_load, &t, &why) != 0) {
            diag_add(ps->errors, file, 0, 0, "policy file stopped while loading: %s", why);
            free(why);
            free(text);
            return -1;
        }
    }
    int rc = run_file(ps, &lc);
    free(text);
    if (rc == 0 && lc.count > lc.max)
        rc = diag_add(ps->errors, file, 0, 0,
                      "the file returns %zu policies: only the first %zu are loaded (at most "
                      "%zu per file, %zu in a run: policy_limits.policies_per_file, "
                      "policy_limits.policies)",
                      lc.count, lc.max, ps->max_per_file, ps->max_total);
    for (size_t i = 0; i < lc.n; i++) {
        struct policy *p = lc.v[i];
        const struct policy *dup = find_policy(ps, p->id);
        if (dup) {
            diag_add(ps->errors, file, p->line, 0,
                     "duplicate policy id '%s' (first defined at %s:%u)", p->id, dup->file,
                     dup->line);
            policy_free(p);
            rc = -1;
            continue;
        }
        make_rule(ps, p);
        ALLOC_GROW(ps->v, ps->n + 1, ps->alloc);
        ps->v[ps->n++] = p;
    }
    free(lc.v);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.lua under dir (not *_test.lua, not lib/), in name order. Links to directories are
 * not followed, links to files only inside root (the directory named): a pull request that adds
 * a link to a file of the machine would otherwise have it run, or quoted by a syntax error. */
static int load_dir(struct policy_set *ps, const char *root, const char *dir, int depth,
                    size_t *found)
{
    if (depth > 16)
        return diag_add(ps->errors, dir, 0, 0, "policy directories nested too deep");
    DIR *dh = opendir(dir);
    if (!dh)
        return diag_add(ps->errors, dir, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.')
            continue;
        ALLOC_GROW(names, n + 1, alloc);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(dh);
    if (n)
        qsort(names, n, sizeof(*names), name_cmp);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]);
        struct stat st;
        int is_link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
        if (!is_link && S_ISDIR(st.st_mode)) {
            if (strcmp(names[i], "lib") && load_dir(ps, root, path, depth + 1, found))
                rc = -1;
        } else if (ends_with(names[i], ".lua") && !ends_with(names[i], "_test.lua")) {
            (*found)++;
            if (is_link && stat(path, &st) == 0 && !path_within(path, root)) {
                rc = diag_add(ps->errors, path, 0, 0,
                              "a symbolic link out of the policy directory: not loaded");
            } else if (load_file(ps, path)) {
                rc = -1;
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return rc;
}

int policy_set_load(struct policy_set *ps, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return diag_add(ps->errors, path, 0, 0, "cannot open policy: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return load_file(ps, path);
    size_t found = 0;
    int rc = load_dir(ps, path, path, 0, &found);
    if (!found)
        return diag_add(ps->errors, path, 0, 0, "no policy files (*.lua) in this directory");
    return rc;
}

int policy_set_load_all(struct policy_set *ps, const struct config *c, char *const *paths,
                        size_t npaths)
{
    int rc = 0;
    char *base = c && c->path ? path_dirname(c->path) : NULL;
    for (size_t i = 0; c && i < c->npolicies; i++) {
        char *p =
            c->policies[i][0] == '/' ? xstrdup(c->policies[i]) : path_join(base, c->policies[i]);
        if (policy_set_load(ps, p))
            rc = -1;
        free(p);
    }
    free(base);
    for (size_t i = 0; i < npaths; i++)
        if (policy_set_load(ps, paths[i]))
            rc = -1;
    return rc;
}

void policy_set_init(struct policy_set *ps, const struct config *c, struct diag_list *errors)
{
    memset(ps, 0, sizeof(*ps));
    ps->errors = errors;
    ps->limits.instructions =
        c && c->limit_instructions ? c->limit_instructions : POLICY_DEFAULT_INSTRUCTIONS;
    ps->limits.memory_mb = c && c->limit_memory_mb ? c->limit_memory_mb : POLICY_DEFAULT_MEMORY_MB;
    ps->limits.deadline_ms =
        c && c->limit_deadline_ms ? c->limit_deadline_ms : POLICY_DEFAULT_DEADLINE_MS;
    ps->limits.findings = c && c->limit_findings ? c->limit_findings : POLICY_DEFAULT_FINDINGS;
    ps->max_per_file = (size_t)(c && c->limit_policies_per_file ? c->limit_policies_per_file
                                                                : POLICY_DEFAULT_PER_FILE);
    ps->max_total = (size_t)(c && c->limit_policies ? c->limit_policies : POLICY_DEFAULT_POLICIES);
}

void policy_set_release(struct policy_set *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        policy_free(ps->v[i]);
    free(ps->v);
    for (size_t i = 0; i < ps->nfiles; i++)
        free(ps->files[i]);
    free(ps->files);
    memset(ps, 0, sizeof(*ps));
}

const struct rule *policy_rule(const struct policy *p)
{
    return &p->rule;
}

const char *policy_file(const struct policy *p)
{
    return p->file;
}

unsigned policy_line(const struct policy *p)
{
    return p->line;
}

int policy_is_policy(const struct rule *r)
{
    return r->check == check_trampoline;
}

void policy_print_errors(FILE *out, const struct diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        if (!x->file)
            escape_term_printf(out, "infralint: error: %s", x->message);
        else if (x->line)
            escape_term_printf(out, "%s:%u: error: %s", x->file, x->line, x->message);
        else
            escape_term_printf(out, "%s: error: %s", x->file, x->message);
    }
}

/* ---- running a check ---- */

struct ctx_ud {
    unsigned gen;
    struct policy_check *chk;
};

const char *policy_subject_file(const struct subject *s)
{
    if (s->kind == KIND_PLAN)
        return plan_file(s->plan);
    if (s->kind == KIND_BACKEND)
        return s->stack->backend ? s->stack->backend->file : s->stack->dotterraform;
    if (s->kind == KIND_WORKFLOW)
        return s->wf->file;
    if (s->kind == KIND_WORKFLOWS)
        return s->wfs->dir;
    if (s->kind == KIND_MIGRATIONS)
        return s->mig->dir;
    return NULL;
}

const char *policy_redact_text(lua_State *L, const char *text, size_t len)
{
    const struct policy_check *chk = policy_sandbox_of(L)->run;
    char *clean = redact_scrub(chk ? chk->red : NULL, text, len, REDACT_TEXT);
    struct policy_buf *b = policy_buf_new(L);
    if (clean) {
        char **box = policy_box_new(L); /* freed by the GC if the copy raises */
        *box = clean;
        policy_buf_addstr(L, b, clean);
        lua_pop(L, 1);
    } else {
        policy_buf_add(L, b, text, len);
    }
    return policy_buf_str(b);
}

void policy_push_doc_str(lua_State *L, const char *s, size_t len)
{
    const struct policy_check *chk = policy_sandbox_of(L)->run;
    const struct redact_set *red = chk ? chk->red : NULL;
    if (redact_set_has(red, s, len)) {
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
        return;
    }
    char *clean = redact_scrub(red, s, len, REDACT_VALUE);
    if (!clean) {
        lua_pushlstring(L, s, len);
        return;
    }
    char **box = policy_box_new(L);
    *box = clean;
    lua_pushstring(L, clean);
    lua_remove(L, -2);
}

void policy_push_location(lua_State *L, const char *s)
{
    const struct policy_check *chk = policy_sandbox_of(L)->run;
    char *clean = redact_scrub(chk ? chk->red : NULL, s, strlen(s), REDACT_LOCATION);
    if (!clean) {
        lua_pushstring(L, s);
        return;
    }
    char **box = policy_box_new(L);
    *box = clean;
    lua_pushstring(L, clean);
    lua_remove(L, -2);
}

/* A copy of s scrubbed of what is secret for the check (outside a Lua call). */
static char *redacted(const struct policy_check *chk, const char *s)
{
    char *out = redact_scrub(chk ? chk->red : NULL, s, strlen(s), REDACT_TEXT);
    return out ? out : xstrdup(s);
}

void policy_run_error(struct policy *p, const struct subject *s, const struct policy_outcome *o,
                      int fd)
{
    char *where = o->line ? xstrfmt("%s:%u", o->file ? o->file : p->file, o->line)
                          : xstrdup(o->file ? o->file : p->file);
    char *text = redacted(p->sb->run, o->message);
    char *msg = xstrfmt("policy %s (%s): %s", p->id, where, text);
    if (fd >= 0)
        policy_isolate_send_error(fd, policy_subject_file(s), msg, o->stop != POLICY_RUNNING);
    else
        diag_add(p->set->errors, policy_subject_file(s), 0, 0, "%s", msg);
    if (p->set->debug && o->traceback) {
        char *tb = redacted(p->sb->run, o->traceback);
        struct strbuf sb = STRBUF_INIT; /* each line of it as a debug line of its own */
        for (char *line = tb, *eol; line; line = eol ? eol + 1 : NULL) {
            eol = strchr(line, '\n');
            if (eol)
                *eol = '\0';
            strbuf_addf(&sb, "debug: %s: ", p->id);
            escape_term_keep(&sb, line, "\t");
            strbuf_addch(&sb, '\n');
        }
        fputs(sb.buf, stderr);
        strbuf_release(&sb);
        free(tb);
    }
    free(where);
    free(text);
    free(msg);
}

static struct ctx_ud *check_ctx(lua_State *L, int idx)
{
    struct ctx_ud *c = luaL_checkudata(L, idx, "ctx");
    policy_check_gen(L, c->gen);
    return c;
}

static void push_options(lua_State *L, const struct policy_check *chk)
{
    const struct policy *p = chk->policy;
    lua_createtable(L, 0, (int)p->ndeclared);
    for (size_t i = 0; i < p->ndeclared; i++) {
        const struct rule_option *o = &p->options[i];
        switch (o->type) {
        case OPT_INT: lua_pushinteger(L, (lua_Integer)rule_opt_int(chk->ctx, o->name)); break;
        case OPT_NUMBER: {
            double d = rule_opt_number(chk->ctx, o->name);
            if (d >= -9e15 && d <= 9e15 && d == (double)(long long)d)
                lua_pushinteger(L, (lua_Integer)d); /* 7, not 7.0, in messages */
            else
                lua_pushnumber(L, (lua_Number)d);
            break;
        }
        case OPT_STRING: lua_pushstring(L, rule_opt_str(chk->ctx, o->name)); break;
        case OPT_BOOL: lua_pushboolean(L, rule_opt_bool(chk->ctx, o->name)); break;
        case OPT_STRLIST: {
            size_t n;
            const char *const *l = rule_opt_list(chk->ctx, o->name, &n);
            lua_createtable(L, (int)n, 0);
            for (size_t k = 0; k < n; k++) {
                lua_pushstring(L, l[k]);
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
            break;
        }
        }
        lua_setfield(L, -2, o->name);
    }
}

/* Format the message: string.format (the original) over masked arguments from first on. */
static const char *format_message(lua_State *L, int fmt, int first, int last, int *unknown)
{
    if (first > last)
        return lua_tostring(L, fmt);
    lua_getfield(L, LUA_REGISTRYINDEX, "infralint.format");
    lua_pushvalue(L, fmt);
    for (int i = first; i <= last; i++) {
        int s = policy_sentinel_at(L, i);
        if (s == SENTINEL_UNKNOWN)
            *unknown = 1;
        if (s || policy_node_test(L, i)) {
            struct policy_buf *b = policy_buf_new(L);
            policy_value_text(L, i, b, 1024);
            lua_pushstring(L, policy_buf_str(b));
            lua_remove(L, -2);
        } else {
            lua_pushvalue(L, i);
        }
    }
    lua_call(L, last - first + 2, 1);
    return lua_tostring(L, -1);
}

/* The length of s cut to at most max bytes without splitting a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t max)
{
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static int ctx_report(lua_State *L)
{
    policy_sandbox_guard(L);
    struct policy_check *chk = check_ctx(L, 1)->chk;
    const struct policy *p = chk->policy;
    int top = lua_gettop(L), at, unknown = 0, has_sev = 0;
    enum severity sev = p->rule.severity;
    const char *fix = NULL, *msg;
    if (lua_type(L, 2) == LUA_TTABLE) {
        static const char *const keys[] = {"at", "fix", "message", "severity"};
        check_keys(L, 2, keys, ARRAY_SIZE(keys), "ctx:report{}");
        rawfield(L, 2, "at");
        at = lua_gettop(L);
        rawfield(L, 2, "message");
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "ctx:report{}: 'message' must be a string");
        msg = lua_tostring(L, -1);
        rawfield(L, 2, "fix");
        if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "ctx:report{}: 'fix' must be a string");
        fix = lua_tostring(L, -1);
        rawfield(L, 2, "severity");
        if (!lua_isnil(L, -1)) {
            if (lua_type(L, -1) != LUA_TSTRING || severity_parse(lua_tostring(L, -1), &sev))
                return luaL_error(L, "ctx:report{}: 'severity' must be error, warning or note");
            has_sev = 1;
        }
    } else {
        at = 2;
        if (lua_type(L, 3) != LUA_TSTRING)
            return luaL_error(L, "ctx:report(at, format, ...) needs a format string, not %s",
                              luaL_typename(L, 3));
        msg = format_message(L, 3, 4, top, &unknown);
    }
    struct policy_at pa;
    if (policy_anchor_of(L, at, &pa) != 0)
        return luaL_error(L, "ctx:report: %s", lua_tostring(L, -1));
    if ((chk->subj->kind == KIND_MIGRATIONS &&
         !policy_migrations_reportable(chk->subj->mig, pa.a.file)) ||
        (chk->subj->kind == KIND_PROJECT &&
         !policy_project_reportable(chk->subj->project, pa.a.file)))
        return 0; /* released history or a context sibling: never reported on */
    if (pa.unknown || strstr(msg, policy_sentinel_text(SENTINEL_UNKNOWN)) ||
        (fix && strstr(fix, policy_sentinel_text(SENTINEL_UNKNOWN))))
        unknown = 1;
    if (fix)
        fix = policy_redact_text(L, fix, strlen(fix));
    /* scrub, then cut: a secret across the cut is gone before the cut can halve it */
    msg = policy_redact_text(L, msg, strlen(msg));
    struct policy_buf *b = policy_buf_new(L);
    size_t n = strlen(msg), cut = n > 4096 ? utf8_cut(msg, 4096) : n;
    policy_buf_add(L, b, msg, cut);
    if (n > cut)
        policy_buf_addstr(L, b, "...");
    if (unknown) {
        if (p->on_unknown == ON_UNKNOWN_SKIP) {
            const char *what = pa.a.path ? pa.a.path : "a value";
            if (chk->fd >= 0)
                policy_isolate_send_skip(chk->fd, &pa.a, what);
            else
                rule_skip_unknown(chk->ctx, &pa.a, what);
            return 0;
        }
        if (p->on_unknown == ON_UNKNOWN_NOTE) {
            sev = SEV_NOTE;
            has_sev = 1;
        }
        policy_buf_addstr(L, b, " (depends on a value known only after apply)");
    }
    if (chk->nfindings >= chk->max_findings) {
        chk->dropped++; /* counted in one note when the check ends */
        return 0;
    }
    chk->nfindings++;
    const char *text = policy_buf_str(b);
    if (chk->fd >= 0)
        policy_isolate_send_finding(chk->fd, has_sev, sev, &pa.a, fix, text);
    else if (has_sev)
        rule_report_sev(chk->ctx, sev, &pa.a, fix, "%s", text);
    else
        rule_report(chk->ctx, &pa.a, fix, "%s", text);
    return 0;
}

/* ctx:skip(at[, what]): the check cannot decide here (a value it cannot read); --verbose lists
 * it, as it lists the checks built-in rules skip on unknown values. */
static int ctx_skip(lua_State *L)
{
    policy_sandbox_guard(L);
    struct policy_check *chk = check_ctx(L, 1)->chk;
    const char *what = luaL_optstring(L, 3, NULL);
    struct policy_at pa;
    if (policy_anchor_of(L, 2, &pa) != 0)
        return luaL_error(L, "ctx:skip: %s", lua_tostring(L, -1));
    if (!what)
        what = pa.a.path ? pa.a.path : "a value";
    if (chk->fd >= 0)
        policy_isolate_send_skip(chk->fd, &pa.a, what);
    else
        rule_skip_unknown(chk->ctx, &pa.a, what);
    return 0;
}

/* ctx:env_class(name): the class of an environment name by the configured patterns ("prod",
 * "staging", "dev" or "unknown"), as built-in rules classify a job's `environment:`. */
static int ctx_env_class(lua_State *L)
{
    policy_sandbox_guard(L);
    struct policy_check *chk = check_ctx(L, 1)->chk;
    const char *name = lua_isnoneornil(L, 2) ? NULL : luaL_checkstring(L, 2);
    lua_pushstring(L, env_class_name(name ? rule_env_class(chk->ctx, name) : ENV_UNKNOWN));
    return 1;
}

static int ctx_index(lua_State *L)
{
    policy_sandbox_guard(L);
    check_ctx(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "report"))
        lua_pushcfunction(L, ctx_report);
    else if (!strcmp(k, "skip"))
        lua_pushcfunction(L, ctx_skip);
    else if (!strcmp(k, "env_class"))
        lua_pushcfunction(L, ctx_env_class);
    else if (!strcmp(k, "options"))
        lua_getiuservalue(L, 1, 1);
    else if (!strcmp(k, "env"))
        lua_getiuservalue(L, 1, 2);
    else if (!strcmp(k, "id"))
        lua_getiuservalue(L, 1, 3);
    else if (!strcmp(k, "kind"))
        lua_pushstring(L, rule_kind_name(check_ctx(L, 1)->chk->subj->kind));
    else
        return luaL_error(L,
                          "ctx has no field '%s' (report, skip, env_class, options, env, id, "
                          "kind)",
                          k);
    return 1;
}

void policy_push_env(lua_State *L, const struct envinfo *e)
{
    lua_createtable(L, 0, 3);
    if (e && e->name) {
        lua_pushstring(L, e->name);
        lua_setfield(L, -2, "name");
    }
    lua_pushstring(L, env_class_name(e ? e->cls : ENV_UNKNOWN));
    lua_setfield(L, -2, "class");
    lua_pushstring(L, env_source_name(e ? e->source : ENVSRC_NONE));
    lua_setfield(L, -2, "source");
}

static int prepare_check(lua_State *L, void *ud)
{
    struct policy_check *chk = ud;
    struct policy_sandbox *sb = policy_sandbox_of(L);
    policy_new_generation(L);
    policy_sandbox_seed(L, sb->seed);
    if (luaL_newmetatable(L, "ctx")) {
        static const luaL_Reg mt[] = {
            {"__index", ctx_index}, {"__newindex", policy_read_only}, {NULL, NULL}};
        luaL_setfuncs(L, mt, 0);
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, chk->policy->check_ref);
    if (!policy_subject_push(L, chk->subj))
        luaL_error(L, "this version cannot show a %s to a policy", rule_kind_name(chk->subj->kind));
    struct ctx_ud *c = lua_newuserdatauv(L, sizeof(*c), 3);
    c->gen = sb->gen;
    c->chk = chk;
    luaL_setmetatable(L, "ctx");
    push_options(L, chk);
    lua_setiuservalue(L, -2, 1);
    policy_push_env(L, chk->subj->env);
    lua_setiuservalue(L, -2, 2);
    lua_pushstring(L, chk->policy->id);
    lua_setiuservalue(L, -2, 3);
    return 2;
}

/* The note after the findings cap: how many more the check found on this document. */
static void report_dropped(const struct policy_check *chk)
{
    struct anchor a;
    memset(&a, 0, sizeof(a));
    a.file = policy_subject_file(chk->subj);
    char *msg = xstrfmt("%zu more finding%s of this policy on this document %s dropped (at most "
                        "%zu are reported per document: policy_limits.findings)",
                        chk->dropped, chk->dropped == 1 ? "" : "s",
                        chk->dropped == 1 ? "was" : "were", chk->max_findings);
    if (chk->fd >= 0)
        policy_isolate_send_finding(chk->fd, 1, SEV_NOTE, &a, NULL, msg);
    else
        rule_report_sev(chk->ctx, SEV_NOTE, &a, NULL, "%s", msg);
    free(msg);
}

void policy_run_check(struct policy *p, struct rule_ctx *ctx, const struct subject *s, int fd)
{
    struct policy_limits lim = {rule_opt_int(ctx, "instructions"), rule_opt_int(ctx, "memory_mb"),
                                rule_opt_int(ctx, "deadline_ms"), rule_opt_int(ctx, "findings")};
    policy_sandbox_limits(p->sb, &lim);
    if (strcmp(p->sb->label, p->id))
        policy_sandbox_rename(p->sb, p->id); /* its debug log prefix and math.random seed */
    struct policy_check chk;
    memset(&chk, 0, sizeof(chk));
    chk.policy = p;
    chk.subj = s;
    chk.ctx = ctx;
    chk.fd = fd;
    chk.red = redact_run_subject(s->redact, s); /* a workflow's: with those its jobs call */
    chk.max_findings = (size_t)rule_opt_int(ctx, "findings");
    p->sb->run = &chk;
    struct policy_outcome o;
    if (policy_sandbox_call(p->sb, prepare_check, NULL, &chk, &o) != 0) {
        policy_run_error(p, s, &o, fd);
        if (o.stop)
            p->dead = 1; /* a limit stops the policy for the rest of the run */
    }
    policy_outcome_release(&o);
    if (chk.dropped)
        report_dropped(&chk);
    p->sb->run = NULL;
}

static void check_trampoline(struct rule_ctx *ctx, const struct subject *s)
{
    struct policy *p = (struct policy *)rule_self(ctx)->data;
    if (p->dead)
        return;
    if (s->kind == KIND_MIGRATIONS && !policy_migrations_checked(s->mig))
        return; /* only released history or context: nothing the run reports on */
    if (p->set->isolate == POLICY_ISOLATE_PROCESS)
        policy_isolate_check(p, ctx, s);
    else
        policy_run_check(p, ctx, s, -1);
}
