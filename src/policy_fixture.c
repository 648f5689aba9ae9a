/* policy_fixture.c — `infralint test` builds a valid plan around the few attributes a case gives
 * (after tests/mkplan.py): resource_changes with after_unknown / after_sensitive masks,
 * planned_values, and a `configuration` whose expressions say which attributes the author set
 * (constants from `after`, `set` paths set to something unknown, `refs` references) — so unset
 * and unknown read exactly as in a real plan. The document is built as Lua tables in the test
 * file's sandbox and encoded by policy_json_encode (sorted keys: byte-identical output). */
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "policy_int.h"

static const char *const plan_keys[] = {
    "changes",
    "complete",
    "env",
    "errored",
    "no_configuration",
    "outputs",
    "sensitive_outputs",
    "sensitive_variables",
    "terraform_version",
    "variables",
    "workspace",
};
static const char *const change_keys[] = {"action",    "action_reason", "address", "after",
                                          "before",    "noconfig",      "refs",    "replace_paths",
                                          "sensitive", "set",           "unknown"};
static const char *const backend_keys[] = {"config", "state_store", "terraform_version", "type",
                                           "workspace"};

/* ---- small DOM helpers (tables on the stack) ---- */

void policy_check_keys(lua_State *L, int t, const char *const *keys, size_t n, const char *what)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        size_t i = 0;
        while (k && i < n && strcmp(k, keys[i]))
            i++;
        if (!k || i == n) {
            const char *near = k ? did_you_mean(k, keys, n) : NULL;
            luaL_error(L, "unknown key '%s' in %s%s%s%s", k ? k : luaL_typename(L, -1), what,
                       near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        }
    }
}

static int get(lua_State *L, int t, const char *k)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, k);
    return lua_rawget(L, t);
}

static void set_str(lua_State *L, int t, const char *k, const char *v)
{
    lua_pushstring(L, v);
    lua_setfield(L, t, k);
}

/* Push a new empty array (encodes as [] even when empty). */
static void new_array(lua_State *L)
{
    policy_push_array(L);
}

static void append(lua_State *L, int arr)
{
    lua_rawseti(L, arr, (lua_Integer)lua_rawlen(L, arr) + 1);
}

/* A deep copy of plain tables (values from the case are never changed). */
static void deep_copy(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    int s = policy_sentinel_at(L, idx);
    if (s == SENTINEL_UNKNOWN || s == SENTINEL_SENSITIVE)
        luaL_error(L, "a fixture value cannot be %s: list its path in %s = {…} instead",
                   s == SENTINEL_UNKNOWN ? "UNKNOWN" : "SENSITIVE",
                   s == SENTINEL_UNKNOWN ? "unknown" : "sensitive");
    if (lua_type(L, idx) != LUA_TTABLE) {
        lua_pushvalue(L, idx);
        return;
    }
    if (depth > 64)
        luaL_error(L, "a fixture value is nested deeper than 64 levels");
    luaL_checkstack(L, 6, "fixture nested too deep");
    lua_newtable(L);
    int t = lua_gettop(L);
    if (lua_getmetatable(L, idx))
        lua_setmetatable(L, t); /* keeps json.array's marker */
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        deep_copy(L, -2, depth + 1);
        lua_rawset(L, t);
        lua_pop(L, 1);
    }
}

/* Split a dotted path at the stack top into segments pushed as a new array table. */
static int is_digits(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Step into t[seg] (an index for digits), creating a table (an array when next is digits). */
static void step_create(lua_State *L, int t, const char *seg, size_t n, int next_digits)
{
    if (is_digits(seg, n))
        lua_pushinteger(L, strtoll(seg, NULL, 10) + 1);
    else
        lua_pushlstring(L, seg, n);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, t) == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    if (next_digits)
        new_array(L);
    else
        lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_insert(L, -3);
    lua_rawset(L, t);
}

/* t[path] = value at the top (value popped); intermediate tables created. */
static void set_path(lua_State *L, int t, const char *path)
{
    int v = lua_gettop(L);
    lua_pushvalue(L, t);
    const char *p = path;
    for (;;) {
        size_t n = strcspn(p, ".");
        if (!p[n]) {
            if (is_digits(p, n))
                lua_pushinteger(L, strtoll(p, NULL, 10) + 1);
            else
                lua_pushlstring(L, p, n);
            lua_pushvalue(L, v);
            lua_rawset(L, -3);
            break;
        }
        const char *next = p + n + 1;
        step_create(L, lua_gettop(L), p, n, is_digits(next, strcspn(next, ".")));
        lua_remove(L, -2);
        p = next;
    }
    lua_settop(L, v - 1);
}

/* Remove t[path]: a key disappears, an array element becomes json.null (arrays keep shape). */
static void del_path(lua_State *L, int t, const char *path)
{
    lua_pushvalue(L, t);
    const char *p = path;
    for (;;) {
        size_t n = strcspn(p, ".");
        int digits = is_digits(p, n);
        if (digits)
            lua_pushinteger(L, strtoll(p, NULL, 10) + 1);
        else
            lua_pushlstring(L, p, n);
        if (!p[n]) {
            if (digits)
                policy_push_sentinel(L, SENTINEL_NULL);
            else
                lua_pushnil(L);
            lua_rawset(L, -3);
            lua_pop(L, 1);
            return;
        }
        if (lua_rawget(L, -2) != LUA_TTABLE) {
            lua_pop(L, 2);
            return;
        }
        lua_remove(L, -2);
        p += n + 1;
    }
}

/* ---- addresses ---- */

struct address {
    char module[512], modpath[512], type[128], name[128], rel[300];
    int data;
    const char *index; /* inside the address: "0" or "\"k\"" (length index_len) */
    size_t index_len;
};

/* Split module.a["x"].aws_s3_bucket.b[0] into its parts; 0, or -1 when malformed. */
static int parse_address(const char *addr, struct address *a)
{
    memset(a, 0, sizeof(*a));
    const char *seg[64];
    size_t len[64], n = 0;
    const char *s = addr;
    while (*s && n < 64) {
        const char *b = s;
        int quoted = 0, bracket = 0;
        for (; *s && (quoted || bracket || *s != '.'); s++) {
            if (quoted && *s == '\\' && s[1])
                s++;
            else if (*s == '"')
                quoted = !quoted;
            else if (!quoted && *s == '[')
                bracket = 1;
            else if (!quoted && *s == ']')
                bracket = 0;
        }
        seg[n] = b;
        len[n++] = (size_t)(s - b);
        if (*s)
            s++;
    }
    size_t i = 0;
    while (i + 1 < n && len[i] == 6 && !strncmp(seg[i], "module", 6)) {
        size_t used = strlen(a->module), pu = strlen(a->modpath);
        size_t keyless = strcspn(seg[i + 1], "[");
        if (keyless > len[i + 1])
            keyless = len[i + 1];
        if (used + len[i + 1] + 9 >= sizeof(a->module) || pu + keyless + 9 >= sizeof(a->modpath))
            return -1;
        snprintf(a->module + used, sizeof(a->module) - used, "%smodule.%.*s", used ? "." : "",
                 (int)len[i + 1], seg[i + 1]);
        snprintf(a->modpath + pu, sizeof(a->modpath) - pu, "%smodule.%.*s", pu ? "." : "",
                 (int)keyless, seg[i + 1]);
        i += 2;
    }
    if (i < n && len[i] == 4 && !strncmp(seg[i], "data", 4)) {
        a->data = 1;
        i++;
    }
    if (i + 2 != n || !len[i] || len[i] >= sizeof(a->type) || s[0])
        return -1;
    memcpy(a->type, seg[i], len[i]);
    const char *nm = seg[i + 1], *br = memchr(nm, '[', len[i + 1]);
    size_t nlen = br ? (size_t)(br - nm) : len[i + 1];
    if (!nlen || nlen >= sizeof(a->name))
        return -1;
    memcpy(a->name, nm, nlen);
    if (br) {
        if (nm[len[i + 1] - 1] != ']')
            return -1;
        a->index = br + 1;
        a->index_len = len[i + 1] - nlen - 2;
    }
    for (const char *c = a->type; *c; c++)
        if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            return -1;
    snprintf(a->rel, sizeof(a->rel), "%s%s.%s", a->data ? "data." : "", a->type, a->name);
    return 0;
}

static void push_index(lua_State *L, const struct address *a)
{
    if (a->index_len >= 2 && a->index[0] == '"')
        lua_pushlstring(L, a->index + 1, a->index_len - 2);
    else
        lua_pushinteger(L, strtoll(a->index, NULL, 10));
}

/* ---- one resource ---- */

static const char *const action_names[] = {"create",  "update",      "no-op",  "delete",
                                           "replace", "replace-cbd", "forget", "read"};

static void push_actions(lua_State *L, const char *action)
{
    new_array(L);
    int t = lua_gettop(L);
    if (!strcmp(action, "replace") || !strcmp(action, "replace-cbd")) {
        int cbd = action[7] == '-';
        lua_pushstring(L, cbd ? "create" : "delete");
        append(L, t);
        lua_pushstring(L, cbd ? "delete" : "create");
        append(L, t);
    } else {
        lua_pushstring(L, action);
        append(L, t);
    }
}

/* The list of strings at t[key] (or an empty one) pushed; raises on other shapes. */
static void path_list(lua_State *L, int t, const char *key, const char *addr)
{
    if (get(L, t, key) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
        return;
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
        return;
    }
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "'%s' of %s must be a list of attribute paths", key, addr);
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "'%s' of %s must be a list of attribute paths", key, addr);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static int in_list(lua_State *L, int list, const char *s)
{
    for (lua_Integer i = 1; lua_rawgeti(L, list, i) != LUA_TNIL; i++) {
        int eq = !strcmp(lua_tostring(L, -1), s);
        lua_pop(L, 1);
        if (eq)
            return 1;
    }
    lua_pop(L, 1);
    return 0;
}

/* A mask with true at every path of the list at idx ({} when none). */
static void mask_from(lua_State *L, int list)
{
    lua_newtable(L);
    int m = lua_gettop(L);
    for (lua_Integer i = 1; lua_rawgeti(L, list, i) != LUA_TNIL; i++) {
        const char *p = lua_tostring(L, -1);
        lua_pushboolean(L, 1);
        set_path(L, m, p);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static int is_block_list(lua_State *L, int v)
{
    if (lua_type(L, v) != LUA_TTABLE || lua_rawlen(L, v) == 0)
        return 0;
    for (lua_Integer i = 1; lua_rawgeti(L, v, i) != LUA_TNIL; i++) {
        int t =
            lua_type(L, -1) == LUA_TTABLE && !policy_sentinel_at(L, -1) && lua_rawlen(L, -1) == 0;
        lua_pop(L, 1);
        if (!t)
            return 0;
    }
    lua_pop(L, 1);
    return 1;
}

/* Configuration expressions for the known values of the table at v (blocks become lists). */
static void expressions(lua_State *L, int v, int skip, int depth)
{
    v = lua_absindex(L, v);
    if (depth > 32)
        luaL_error(L, "a fixture value is nested too deep");
    lua_newtable(L);
    int e = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, v)) {
        int val = lua_gettop(L);
        if (lua_type(L, -2) != LUA_TSTRING || policy_sentinel_at(L, val) == SENTINEL_NULL ||
            (skip && in_list(L, skip, lua_tostring(L, -2)))) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        if (is_block_list(L, val)) {
            new_array(L);
            for (lua_Integer i = 1; lua_rawgeti(L, val, i) != LUA_TNIL; i++) {
                expressions(L, -1, 0, depth + 1);
                lua_remove(L, -2);
                append(L, lua_gettop(L) - 1);
            }
            lua_pop(L, 1);
        } else {
            lua_createtable(L, 0, 1);
            lua_pushvalue(L, val);
            lua_setfield(L, -2, "constant_value");
        }
        lua_rawset(L, e);
        lua_pop(L, 1);
    }
}

/* expr[path] = value at the top, blocks along the way as lists (mkplan's set_expr). */
static void set_expr(lua_State *L, int expr, const char *path)
{
    int v = lua_gettop(L);
    lua_pushvalue(L, expr);
    const char *p = path;
    for (;;) {
        size_t n = strcspn(p, ".");
        if (!p[n]) {
            lua_pushlstring(L, p, n);
            lua_pushvalue(L, v);
            lua_rawset(L, -3);
            break;
        }
        const char *next = p + n + 1;
        size_t nn = strcspn(next, ".");
        if (is_digits(p, n)) {
            p = next;
            continue;
        }
        int cur = lua_gettop(L);
        if (is_digits(next, nn)) {
            lua_pushlstring(L, p, n);
            if (lua_rawget(L, cur) != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
                lua_pop(L, 1);
                new_array(L);
                lua_newtable(L);
                append(L, lua_gettop(L) - 1);
                lua_pushlstring(L, p, n);
                lua_pushvalue(L, -2);
                lua_rawset(L, cur);
            }
            lua_Integer want = strtoll(next, NULL, 10) + 1;
            while ((lua_Integer)lua_rawlen(L, -1) < want) {
                lua_newtable(L);
                append(L, lua_gettop(L) - 1);
            }
            lua_rawgeti(L, -1, want);
            lua_remove(L, -2);
        } else {
            step_create(L, cur, p, n, 0);
        }
        lua_remove(L, cur);
        p = next;
    }
    lua_settop(L, v - 1);
}

struct doc {
    int rc;      /* resource_changes */
    int planned; /* module address -> list of planned resources */
    int cfg;     /* module path -> {resources = [...], seen = {}} */
};

/* One change of the case, its stack slots and what was parsed from it. */
struct change {
    const char *addr, *action;
    struct address a;
    char provider[200];
    int gone;                                    /* delete or forget: no after */
    int spec, unknown, sensitive, set, noconfig; /* the change table, its path lists */
    int after, before, smask;                    /* built values */
};

static void read_change(lua_State *L, struct change *c)
{
    if (parse_address(c->addr, &c->a))
        luaL_error(L,
                   "'%s' is not a resource address (e.g. aws_s3_bucket.b, "
                   "module.m.aws_s3_bucket.b[0])",
                   c->addr);
    if (lua_type(L, c->spec) != LUA_TTABLE)
        luaL_error(L, "the change of %s must be a table {action = …, after = {…}}", c->addr);
    char what[600];
    snprintf(what, sizeof(what), "the change of %s", c->addr);
    policy_check_keys(L, c->spec, change_keys, ARRAY_SIZE(change_keys), what);
    c->action = "create";
    if (get(L, c->spec, "action") != LUA_TNIL) {
        c->action = lua_tostring(L, -1); /* kept alive by the change table */
        size_t i = 0;
        while (c->action && i < ARRAY_SIZE(action_names) && strcmp(c->action, action_names[i]))
            i++;
        if (!c->action || i == ARRAY_SIZE(action_names))
            luaL_error(L,
                       "action of %s must be create, update, no-op, delete, replace, "
                       "replace-cbd, forget or read",
                       c->addr);
    }
    lua_pop(L, 1);
    c->gone = !strcmp(c->action, "delete") || !strcmp(c->action, "forget");
    snprintf(c->provider, sizeof(c->provider), "registry.terraform.io/hashicorp/%.*s",
             (int)strcspn(c->a.type, "_"), c->a.type);
    path_list(L, c->spec, "unknown", c->addr);
    c->unknown = lua_gettop(L);
    path_list(L, c->spec, "sensitive", c->addr);
    c->sensitive = lua_gettop(L);
    path_list(L, c->spec, "set", c->addr);
    c->set = lua_gettop(L);
    path_list(L, c->spec, "noconfig", c->addr);
    c->noconfig = lua_gettop(L);
}

/* after (a copy without the unknown paths), before, and the sensitive mask. */
static void build_values(lua_State *L, struct change *c)
{
    if (get(L, c->spec, "after") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "'after' of %s must be a table", c->addr);
    deep_copy(L, -1, 0);
    lua_remove(L, -2);
    c->after = lua_gettop(L);
    for (lua_Integer i = 1; lua_rawgeti(L, c->unknown, i) != LUA_TNIL; i++) {
        del_path(L, c->after, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (get(L, c->spec, "before") == LUA_TNIL) {
        lua_pop(L, 1);
        if (!strcmp(c->action, "create") || !strcmp(c->action, "read"))
            policy_push_sentinel(L, SENTINEL_NULL);
        else
            deep_copy(L, c->after, 0);
    }
    c->before = lua_gettop(L);
    mask_from(L, c->sensitive);
    c->smask = lua_gettop(L);
}

/* Set the identity fields shared by resource_changes and planned_values on the table at t. */
static void set_identity(lua_State *L, int t, const struct change *c)
{
    set_str(L, t, "address", c->addr);
    set_str(L, t, "mode", c->a.data ? "data" : "managed");
    set_str(L, t, "type", c->a.type);
    set_str(L, t, "name", c->a.name);
    if (c->a.index) {
        push_index(L, &c->a);
        lua_setfield(L, t, "index");
    }
    set_str(L, t, "provider_name", c->provider);
}

static void add_change(lua_State *L, struct doc *d, const struct change *c)
{
    lua_newtable(L);
    int change = lua_gettop(L);
    push_actions(L, c->action);
    lua_setfield(L, change, "actions");
    lua_pushvalue(L, c->before);
    lua_setfield(L, change, "before");
    if (c->gone)
        policy_push_sentinel(L, SENTINEL_NULL);
    else
        lua_pushvalue(L, c->after);
    lua_setfield(L, change, "after");
    mask_from(L, c->unknown);
    lua_setfield(L, change, "after_unknown");
    lua_pushvalue(L, c->smask);
    lua_setfield(L, change, "before_sensitive");
    if (c->gone)
        lua_newtable(L);
    else
        lua_pushvalue(L, c->smask);
    lua_setfield(L, change, "after_sensitive");
    if (get(L, c->spec, "replace_paths") != LUA_TNIL)
        lua_setfield(L, change, "replace_paths");
    else
        lua_pop(L, 1);
    lua_newtable(L);
    int rc = lua_gettop(L);
    set_identity(L, rc, c);
    if (c->a.module[0])
        set_str(L, rc, "module_address", c->a.module);
    lua_pushvalue(L, change);
    lua_setfield(L, rc, "change");
    if (get(L, c->spec, "action_reason") != LUA_TNIL)
        lua_setfield(L, rc, "action_reason");
    else
        lua_pop(L, 1);
    append(L, d->rc);
    lua_pop(L, 1);
}

static void add_planned(lua_State *L, struct doc *d, const struct change *c)
{
    if (c->gone)
        return;
    lua_newtable(L);
    int pv = lua_gettop(L);
    set_identity(L, pv, c);
    lua_pushinteger(L, 0);
    lua_setfield(L, pv, "schema_version");
    lua_pushvalue(L, c->after);
    lua_setfield(L, pv, "values");
    lua_pushvalue(L, c->smask);
    lua_setfield(L, pv, "sensitive_values");
    if (get(L, d->planned, c->a.module) == LUA_TNIL) {
        lua_pop(L, 1);
        new_array(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, d->planned, c->a.module);
    }
    lua_insert(L, -2);
    append(L, lua_gettop(L) - 1);
    lua_pop(L, 1);
}

/* The resource's block in `configuration`: constants from after, `set` paths as expressions
 * known only after apply, `refs` as references. Instances of one count share a block. */
static void add_config(lua_State *L, struct doc *d, const struct change *c)
{
    if (!strcmp(c->action, "delete"))
        return; /* a deleted resource is gone from the configuration */
    int top = lua_gettop(L);
    if (get(L, d->cfg, c->a.modpath) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
        new_array(L);
        lua_setfield(L, -2, "resources");
        lua_newtable(L);
        lua_setfield(L, -2, "seen");
        lua_pushvalue(L, -1);
        lua_setfield(L, d->cfg, c->a.modpath);
    }
    int mod = lua_gettop(L);
    lua_getfield(L, mod, "seen");
    if (get(L, -1, c->a.rel) != LUA_TNIL) {
        lua_settop(L, top);
        return;
    }
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, c->a.rel);
    lua_pop(L, 1);
    expressions(L, c->gone ? c->before : c->after, c->noconfig, 0);
    int expr = lua_gettop(L);
    for (lua_Integer i = 1; lua_rawgeti(L, c->set, i) != LUA_TNIL; i++) {
        const char *p = lua_tostring(L, -1);
        lua_newtable(L);
        set_expr(L, expr, p);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (get(L, c->spec, "refs") != LUA_TNIL) {
        int refs = lua_gettop(L);
        if (lua_type(L, refs) != LUA_TTABLE)
            luaL_error(L, "'refs' of %s must be a table {path = {references}}", c->addr);
        lua_pushnil(L);
        while (lua_next(L, refs)) {
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE)
                luaL_error(L, "'refs' of %s must be a table {path = {references}}", c->addr);
            lua_createtable(L, 0, 1);
            lua_insert(L, -2);
            lua_setfield(L, -2, "references");
            set_expr(L, expr, lua_tostring(L, -2));
        }
    }
    lua_pop(L, 1);
    lua_newtable(L);
    int cr = lua_gettop(L);
    set_str(L, cr, "address", c->a.rel);
    set_str(L, cr, "mode", c->a.data ? "data" : "managed");
    set_str(L, cr, "type", c->a.type);
    set_str(L, cr, "name", c->a.name);
    lua_pushlstring(L, c->a.type, strcspn(c->a.type, "_"));
    lua_setfield(L, cr, "provider_config_key");
    lua_pushvalue(L, expr);
    lua_setfield(L, cr, "expressions");
    lua_pushinteger(L, 0);
    lua_setfield(L, cr, "schema_version");
    lua_getfield(L, mod, "resources");
    lua_pushvalue(L, cr);
    append(L, lua_gettop(L) - 1);
    lua_settop(L, top);
}

static void add_resource(lua_State *L, struct doc *d, const char *addr, int spec)
{
    struct change c;
    memset(&c, 0, sizeof(c));
    c.addr = addr;
    c.spec = spec;
    read_change(L, &c);
    build_values(L, &c);
    add_change(L, d, &c);
    add_planned(L, d, &c);
    add_config(L, d, &c);
}

/* Parent module path of m ("" for top-level modules). */
static void parent_of(const char *m, char *out, size_t n)
{
    const char *last = NULL;
    for (const char *s = m; (s = strstr(s, "module.")); s++)
        if (s == m || s[-1] == '.')
            last = s;
    size_t len = last && last != m ? (size_t)(last - m - 1) : 0;
    snprintf(out, n, "%.*s", (int)len, m);
}

/* The planned_values module at path (children nested as child_modules). */
static void planned_module(lua_State *L, int planned, const char *path)
{
    lua_newtable(L);
    int out = lua_gettop(L);
    if (get(L, planned, path) == LUA_TNIL) {
        lua_pop(L, 1);
        new_array(L);
    }
    lua_setfield(L, out, "resources");
    new_array(L);
    int kids = lua_gettop(L);
    /* children in sorted order: collect, sort by the encoder-stable path order */
    lua_newtable(L);
    int names = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, planned)) {
        lua_pop(L, 1);
        char parent[512];
        const char *m = lua_tostring(L, -1);
        parent_of(m, parent, sizeof(parent));
        if (*m && !strcmp(parent, path)) {
            lua_pushvalue(L, -1);
            append(L, names);
        }
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, names);
    for (lua_Integer i = 1; i <= n; i++) /* insertion sort: a handful of modules */
        for (lua_Integer j = i; j > 1; j--) {
            lua_rawgeti(L, names, j - 1);
            lua_rawgeti(L, names, j);
            if (strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) <= 0) {
                lua_pop(L, 2);
                break;
            }
            lua_rawseti(L, names, j - 1);
            lua_rawseti(L, names, j);
        }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, names, i);
        const char *m = lua_tostring(L, -1);
        planned_module(L, planned, m);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "address");
        append(L, kids);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (n)
        lua_setfield(L, out, "child_modules");
    else
        lua_pop(L, 1);
}

/* The configuration module at modpath, with module_calls for its children. */
static void config_module(lua_State *L, int cfg, const char *path)
{
    lua_newtable(L);
    int out = lua_gettop(L);
    if (get(L, cfg, path) == LUA_TTABLE)
        lua_getfield(L, -1, "resources");
    else
        new_array(L);
    lua_setfield(L, out, "resources");
    lua_pop(L, 1);
    lua_newtable(L);
    int calls = lua_gettop(L), any = 0;
    lua_pushnil(L);
    while (lua_next(L, cfg)) {
        lua_pop(L, 1);
        char parent[512];
        const char *m = lua_tostring(L, -1);
        parent_of(m, parent, sizeof(parent));
        if (!*m || strcmp(parent, path))
            continue;
        const char *name = strrchr(m, '.') + 1;
        lua_newtable(L);
        lua_pushfstring(L, "./modules/%s", name);
        lua_setfield(L, -2, "source");
        config_module(L, cfg, m);
        lua_setfield(L, -2, "module");
        lua_setfield(L, calls, name);
        any = 1;
    }
    if (any)
        lua_setfield(L, out, "module_calls");
    else
        lua_pop(L, 1);
}

/* Sorted addresses of a `changes` map, or the list itself, as {address, change} pairs. */
static void change_list(lua_State *L, int changes)
{
    new_array(L);
    int list = lua_gettop(L);
    if (lua_rawlen(L, changes) > 0) {
        for (lua_Integer i = 1; lua_rawgeti(L, changes, i) != LUA_TNIL; i++) {
            if (lua_type(L, -1) != LUA_TTABLE || get(L, -1, "address") != LUA_TSTRING)
                luaL_error(L, "item %d of 'changes' needs an 'address'", (int)i);
            lua_pop(L, 1);
            append(L, list);
        }
        lua_pop(L, 1);
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, changes)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "'changes' maps resource addresses to changes");
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        append(L, list);
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer i = 1; i <= n; i++)
        for (lua_Integer j = i; j > 1; j--) {
            lua_rawgeti(L, list, j - 1);
            lua_rawgeti(L, list, j);
            if (strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) <= 0) {
                lua_pop(L, 2);
                break;
            }
            lua_rawseti(L, list, j - 1);
            lua_rawseti(L, list, j);
        }
    for (lua_Integer i = 1; i <= n; i++) { /* address -> {address, change} */
        lua_rawgeti(L, list, i);
        lua_newtable(L);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "address");
        lua_pushvalue(L, -2);
        lua_rawget(L, changes);
        lua_setfield(L, -2, "change");
        lua_rawseti(L, list, i);
        lua_pop(L, 1);
    }
}

static void copy_field(lua_State *L, int from, const char *k, int to)
{
    if (get(L, from, k) != LUA_TNIL)
        lua_setfield(L, to, k);
    else
        lua_pop(L, 1);
}

/* doc.variables from spec.variables; pushes the configuration's declarations (sensitive ones
 * marked). */
static void add_variables(lua_State *L, int spec, int doc)
{
    lua_newtable(L);
    int vars = lua_gettop(L);
    lua_newtable(L);
    int decls = lua_gettop(L);
    path_list(L, spec, "sensitive_variables", "the plan");
    int sensvars = lua_gettop(L);
    int vt = get(L, spec, "variables");
    if (vt != LUA_TNIL && vt != LUA_TTABLE)
        luaL_error(L, "'variables' maps names to values");
    if (vt == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "'variables' maps names to values");
            lua_createtable(L, 0, 1);
            lua_insert(L, -2);
            lua_setfield(L, -2, "value");
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, vars);
            lua_newtable(L);
            if (in_list(L, sensvars, lua_tostring(L, -2))) {
                lua_pushboolean(L, 1);
                lua_setfield(L, -2, "sensitive");
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, decls);
        }
    }
    lua_pop(L, 2);
    lua_pushvalue(L, vars);
    lua_setfield(L, doc, "variables");
    lua_remove(L, vars); /* the declarations stay on top */
}

/* doc.output_changes from spec.outputs (UNKNOWN: known after apply) and sensitive_outputs. */
static void add_outputs(lua_State *L, int spec, int doc)
{
    path_list(L, spec, "sensitive_outputs", "the plan");
    int sensout = lua_gettop(L);
    lua_newtable(L);
    int outs = lua_gettop(L);
    int ot = get(L, spec, "outputs");
    if (ot != LUA_TNIL && ot != LUA_TTABLE)
        luaL_error(L, "'outputs' maps names to values");
    if (ot == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            int unknown = policy_sentinel_at(L, -1) == SENTINEL_UNKNOWN;
            int sens = lua_type(L, -2) == LUA_TSTRING && in_list(L, sensout, lua_tostring(L, -2));
            lua_newtable(L);
            int oc = lua_gettop(L);
            push_actions(L, "create");
            lua_setfield(L, oc, "actions");
            policy_push_sentinel(L, SENTINEL_NULL);
            lua_setfield(L, oc, "before");
            if (unknown)
                policy_push_sentinel(L, SENTINEL_NULL);
            else
                lua_pushvalue(L, oc - 1);
            lua_setfield(L, oc, "after");
            lua_pushboolean(L, unknown);
            lua_setfield(L, oc, "after_unknown");
            lua_pushboolean(L, 0);
            lua_setfield(L, oc, "before_sensitive");
            lua_pushboolean(L, sens);
            lua_setfield(L, oc, "after_sensitive");
            lua_pushvalue(L, oc - 2);
            lua_insert(L, -2);
            lua_rawset(L, outs);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    lua_setfield(L, doc, "output_changes");
    lua_pop(L, 1);
}

void policy_fixture_plan(lua_State *L, int spec)
{
    spec = lua_absindex(L, spec);
    luaL_checktype(L, spec, LUA_TTABLE);
    policy_check_keys(L, spec, plan_keys, ARRAY_SIZE(plan_keys), "'plan'");
    lua_newtable(L);
    int doc = lua_gettop(L);
    set_str(L, doc, "format_version", "1.2");
    if (get(L, spec, "terraform_version") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushliteral(L, "1.6.6");
    }
    lua_setfield(L, doc, "terraform_version");
    copy_field(L, spec, "complete", doc);
    copy_field(L, spec, "errored", doc);

    struct doc d;
    new_array(L);
    d.rc = lua_gettop(L);
    lua_newtable(L);
    d.planned = lua_gettop(L);
    lua_newtable(L);
    d.cfg = lua_gettop(L);
    if (get(L, spec, "changes") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "'changes' must be a table of address = {action = …, after = {…}}");
        change_list(L, lua_gettop(L));
        int list = lua_gettop(L);
        for (lua_Integer i = 1; lua_rawgeti(L, list, i) != LUA_TNIL; i++) {
            int item = lua_gettop(L);
            get(L, item, "address");
            get(L, item, "change");
            if (lua_isnil(L, -1)) { /* the list form: the item is the change */
                lua_pop(L, 1);
                lua_pushvalue(L, item);
            }
            add_resource(L, &d, lua_tostring(L, -2), lua_gettop(L));
            lua_settop(L, item - 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, d.rc);
    lua_setfield(L, doc, "resource_changes");
    lua_newtable(L);
    planned_module(L, d.planned, "");
    lua_setfield(L, -2, "root_module");
    lua_setfield(L, doc, "planned_values");

    add_variables(L, spec, doc); /* leaves the declarations for the configuration */
    int decls = lua_gettop(L);
    add_outputs(L, spec, doc);
    if (get(L, spec, "no_configuration") == LUA_TNIL || !lua_toboolean(L, -1)) {
        lua_newtable(L);
        int c = lua_gettop(L);
        lua_newtable(L);
        lua_newtable(L);
        set_str(L, lua_gettop(L), "name", "aws");
        lua_setfield(L, -2, "aws");
        lua_setfield(L, c, "provider_config");
        config_module(L, d.cfg, "");
        lua_pushvalue(L, decls);
        lua_setfield(L, -2, "variables");
        lua_setfield(L, c, "root_module");
        lua_setfield(L, doc, "configuration");
    }
    lua_pop(L, 1);
    struct policy_buf *b = policy_buf_new(L);
    policy_json_encode(L, doc, b, "null", (size_t)-1, 0);
    lua_pushlstring(L, policy_buf_str(b), b->len);
}

void policy_fixture_backend(lua_State *L, int spec)
{
    spec = lua_absindex(L, spec);
    luaL_checktype(L, spec, LUA_TTABLE);
    policy_check_keys(L, spec, backend_keys, ARRAY_SIZE(backend_keys), "'backend'");
    if (get(L, spec, "type") != LUA_TSTRING)
        luaL_error(L, "'backend' needs a type (\"s3\", \"local\", …)");
    lua_newtable(L);
    int blk = lua_gettop(L);
    lua_pushvalue(L, -2);
    lua_setfield(L, blk, "type");
    if (get(L, spec, "config") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
    } else if (lua_type(L, -1) != LUA_TTABLE) {
        luaL_error(L, "'config' of the backend must be a table");
    }
    lua_setfield(L, blk, "config");
    lua_pushinteger(L, 0);
    lua_setfield(L, blk, "hash");
    lua_newtable(L);
    int doc = lua_gettop(L);
    lua_pushinteger(L, 3);
    lua_setfield(L, doc, "version");
    if (get(L, spec, "terraform_version") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushliteral(L, "1.6.6");
    }
    lua_setfield(L, doc, "terraform_version");
    get(L, spec, "state_store");
    int store = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_pushvalue(L, blk);
    lua_setfield(L, doc, store ? "state_store" : "backend");
    struct policy_buf *b = policy_buf_new(L);
    policy_json_encode(L, doc, b, "null", (size_t)-1, 0);
    lua_pushlstring(L, policy_buf_str(b), b->len);
}
