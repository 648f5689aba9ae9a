/* policy_proxy.c — what a policy holds of a document: read-only, lazy userdata proxies (nodes),
 * the UNKNOWN / SENSITIVE / json.null sentinels, location handles, and the counted buffers our C
 * code builds strings in. A node is created when first touched and cached weakly by document
 * node, so `r.after == r.after` and repeated access is one table look-up; every node records the
 * generation of the check that made it, and refuses to be used after that check. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "policy_int.h"

/* Registry keys (their addresses). */
static const char box_mt_key = 0, buf_mt_key = 0, node_mt_key = 0, loc_mt_key = 0, cache_key = 0,
                  weak_mt_key = 0;
static const char sentinel_key[4] = {0};
static const char sentinel_mt_key[4] = {0};

/* ---- counted buffers ---- */

static int buf_gc(lua_State *L)
{
    struct policy_buf *b = lua_touserdata(L, 1);
    if (b && b->p) {
        void *ud;
        lua_Alloc f = lua_getallocf(L, &ud);
        f(ud, b->p, b->cap, 0);
        b->p = NULL;
        b->cap = b->len = 0;
    }
    return 0;
}

struct policy_buf *policy_buf_new(lua_State *L)
{
    struct policy_buf *b = lua_newuserdatauv(L, sizeof(*b), 0);
    memset(b, 0, sizeof(*b));
    lua_rawgetp(L, LUA_REGISTRYINDEX, &buf_mt_key);
    lua_setmetatable(L, -2);
    return b;
}

static void buf_grow(lua_State *L, struct policy_buf *b, size_t n)
{
    if (n >= (size_t)-1 / 4 - b->len)
        luaL_error(L, "string too long");
    if (b->len + n + 1 <= b->cap)
        return;
    policy_sandbox_guard(L); /* long encodings meet the deadline here */
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
        cap *= 2;
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    char *p = f(ud, b->p, b->p ? b->cap : 0, cap);
    if (!p)
        luaL_error(L, "not enough memory");
    b->p = p;
    b->cap = cap;
}

void policy_buf_add(lua_State *L, struct policy_buf *b, const char *s, size_t n)
{
    buf_grow(L, b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void policy_buf_addstr(lua_State *L, struct policy_buf *b, const char *s)
{
    policy_buf_add(L, b, s, strlen(s));
}

void policy_buf_addf(lua_State *L, struct policy_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    buf_grow(L, b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void policy_buf_addjson(lua_State *L, struct policy_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            policy_buf_add(L, b, esc, 2);
        } else if (c == '\n') {
            policy_buf_add(L, b, "\\n", 2);
        } else if (c == '\t') {
            policy_buf_add(L, b, "\\t", 2);
        } else if (c == '\r') {
            policy_buf_add(L, b, "\\r", 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            policy_buf_add(L, b, esc, 6);
        } else {
            policy_buf_add(L, b, (const char *)&s[i], 1);
        }
    }
}

const char *policy_buf_str(struct policy_buf *b)
{
    return b->p ? b->p : "";
}

static int box_gc(lua_State *L)
{
    char **b = lua_touserdata(L, 1);
    if (b && *b) {
        free(*b);
        *b = NULL;
    }
    return 0;
}

char **policy_box_new(lua_State *L)
{
    char **b = lua_newuserdatauv(L, sizeof(*b), 0);
    *b = NULL;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &box_mt_key);
    lua_setmetatable(L, -2);
    return b;
}

/* ---- generations and the identity cache ---- */

void policy_check_gen(lua_State *L, unsigned gen)
{
    if (gen && gen != policy_sandbox_of(L)->gen)
        luaL_error(L, "stale proxy: a document is only valid during the check that received it "
                      "(do not keep proxies in globals)");
}

void policy_new_generation(lua_State *L)
{
    policy_sandbox_of(L)->gen++;
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
}

/* Push the weak table of namespace ns. */
static void cache_table(lua_State *L, const void *ns)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
    }
    if (lua_rawgetp(L, -1, ns) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &weak_mt_key);
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, -3, ns);
    }
    lua_remove(L, -2);
}

int policy_cache_get(lua_State *L, const void *ns, const void *key)
{
    cache_table(L, ns);
    if (lua_rawgetp(L, -1, key) == LUA_TNIL) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    return 1;
}

void policy_cache_put(lua_State *L, const void *ns, const void *key, int idx)
{
    idx = lua_absindex(L, idx);
    cache_table(L, ns);
    lua_pushvalue(L, idx);
    lua_rawsetp(L, -2, key);
    lua_pop(L, 1);
}

/* ---- sentinels ---- */

static const char *const sentinel_names[] = {"", "UNKNOWN", "SENSITIVE", "json.null"};

const char *policy_sentinel_text(int s)
{
    return s == SENTINEL_UNKNOWN     ? "(known after apply)"
           : s == SENTINEL_SENSITIVE ? "(sensitive)"
                                     : "null";
}

void policy_push_sentinel(lua_State *L, enum policy_sentinel s)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &sentinel_key[s]);
}

int policy_sentinel_at(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || lua_rawlen(L, idx) != 1)
        return 0;
    const unsigned char *tag = lua_touserdata(L, idx);
    if (!lua_getmetatable(L, idx))
        return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &sentinel_mt_key[*tag & 3]);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same ? *tag : 0;
}

static int sentinel_tostring(lua_State *L)
{
    int s = policy_sentinel_at(L, 1);
    lua_pushstring(L, policy_sentinel_text(s));
    return 1;
}

static int sentinel_concat(lua_State *L)
{
    struct policy_buf *b = policy_buf_new(L);
    for (int i = 1; i <= 2; i++)
        policy_value_text(L, i, b, 1024);
    lua_pushlstring(L, b->p ? b->p : "", b->len);
    return 1;
}

static int sentinel_refuse(lua_State *L)
{
    int s = policy_sentinel_at(L, 1);
    if (!s)
        s = policy_sentinel_at(L, 2);
    const char *why = s == SENTINEL_UNKNOWN     ? "the value is known only after apply"
                      : s == SENTINEL_SENSITIVE ? "the value is sensitive"
                                                : "it stands for JSON null";
    return luaL_error(L,
                      "%s cannot be used as a table, a number or a function (%s); compare it "
                      "with == first",
                      sentinel_names[s], why);
}

static void make_sentinels(lua_State *L)
{
    static const char *const events[] = {"__index", "__newindex", "__len", "__call", "__lt",
                                         "__le",    "__add",      "__sub", "__mul",  "__div",
                                         "__mod",   "__pow",      "__unm", "__idiv", "__band",
                                         "__bor",   "__bxor",     "__shl", "__shr",  "__bnot"};
    for (int s = SENTINEL_UNKNOWN; s <= SENTINEL_NULL; s++) {
        lua_newtable(L);
        lua_pushstring(L, sentinel_names[s]);
        lua_setfield(L, -2, "__name");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
        lua_pushcfunction(L, sentinel_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushcfunction(L, sentinel_concat);
        lua_setfield(L, -2, "__concat");
        for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
            lua_pushcfunction(L, sentinel_refuse);
            lua_setfield(L, -2, events[i]);
        }
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &sentinel_mt_key[s]);
        unsigned char *tag = lua_newuserdatauv(L, 1, 0);
        *tag = (unsigned char)s;
        lua_insert(L, -2);
        lua_setmetatable(L, -2);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &sentinel_key[s]);
    }
    policy_push_sentinel(L, SENTINEL_UNKNOWN);
    lua_setglobal(L, "UNKNOWN");
    policy_push_sentinel(L, SENTINEL_SENSITIVE);
    lua_setglobal(L, "SENSITIVE");
}

/* ---- scalars and text ---- */

int policy_push_scalar(lua_State *L, const struct pval *v)
{
    double d;
    switch (pval_type(v)) {
    case PV_ABSENT:
    case PV_NULL: lua_pushnil(L); return 1;
    case PV_BOOL: lua_pushboolean(L, pval_is_true(v)); return 1;
    case PV_NUMBER:
        pval_num(v, &d);
        if (d == floor(d) && fabs(d) <= 9007199254740992.0)
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, (lua_Number)d);
        return 1;
    case PV_STRING: policy_push_doc_str(L, pval_str(v), strlen(pval_str(v))); return 1;
    default: return 0;
    }
}

void policy_value_text(lua_State *L, int idx, struct policy_buf *b, size_t max)
{
    idx = lua_absindex(L, idx);
    int s = policy_sentinel_at(L, idx);
    if (s) {
        policy_buf_addstr(L, b, policy_sentinel_text(s));
        return;
    }
    if (policy_node_test(L, idx)) {
        size_t start = b->len;
        policy_json_encode(L, idx, b, "null", start + max, 0);
        if (b->len - start > max) {
            b->len = start + max;
            b->p[b->len] = '\0';
            policy_buf_addstr(L, b, "...");
        }
        return;
    }
    size_t n;
    const char *t = luaL_tolstring(L, idx, &n);
    policy_buf_add(L, b, t, n < max ? n : max);
    if (n > max)
        policy_buf_addstr(L, b, "...");
    lua_pop(L, 1);
}

/* ---- proxy metatables and anchors ---- */

void policy_proxy_metatable(lua_State *L, const char *name, const luaL_Reg *methods,
                            lua_CFunction anchor)
{
    luaL_newmetatable(L, name);
    if (methods)
        luaL_setfuncs(L, methods, 0);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    if (anchor) {
        lua_pushcfunction(L, anchor);
        lua_setfield(L, -2, "__anchor");
    }
    lua_pop(L, 1);
}

int policy_anchor_of(lua_State *L, int idx, struct policy_at *out)
{
    idx = lua_absindex(L, idx);
    memset(out, 0, sizeof(*out));
    int s = policy_sentinel_at(L, idx);
    if (lua_type(L, idx) != LUA_TUSERDATA || s ||
        luaL_getmetafield(L, idx, "__anchor") != LUA_TFUNCTION) {
        lua_pushfstring(L,
                        "%s%s is not a location (give a resource, a node, r:at(path), or the "
                        "subject itself)",
                        s ? "" : "a ", s ? sentinel_names[s] : luaL_typename(L, idx));
        return -1;
    }
    lua_pushvalue(L, idx);
    lua_pushlightuserdata(L, out);
    lua_call(L, 2, 1); /* raises when the value has no location; the result keeps the
                          strings alive */
    return 0;
}

/* ---- location handles ---- */

struct loc {
    unsigned gen;
    unsigned line, col, line2;
    unsigned char unknown, missing;
    size_t file, location, path; /* offsets into data, or (size_t)-1 for none */
    char data[];
};

static size_t loc_size(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

static size_t loc_put(char *data, size_t *off, const char *s)
{
    if (!s)
        return (size_t)-1;
    size_t at = *off, n = strlen(s) + 1;
    memcpy(data + at, s, n);
    *off += n;
    return at;
}

void policy_loc_push(lua_State *L, const struct policy_at *at)
{
    size_t n = loc_size(at->a.file) + loc_size(at->a.location) + loc_size(at->a.path);
    struct loc *l = lua_newuserdatauv(L, sizeof(*l) + n, 0);
    size_t off = 0;
    l->gen = policy_sandbox_of(L)->gen;
    l->line = at->a.line;
    l->col = at->a.col;
    l->line2 = at->a.line2;
    l->unknown = (unsigned char)at->unknown;
    l->missing = (unsigned char)at->missing;
    l->file = loc_put(l->data, &off, at->a.file);
    l->location = loc_put(l->data, &off, at->a.location);
    l->path = loc_put(l->data, &off, at->a.path);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &loc_mt_key);
    lua_setmetatable(L, -2);
}

static struct loc *loc_check(lua_State *L, int idx)
{
    struct loc *l = lua_touserdata(L, idx);
    if (!l || !lua_getmetatable(L, idx))
        luaL_typeerror(L, idx, "location");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &loc_mt_key);
    if (!lua_rawequal(L, -1, -2))
        luaL_typeerror(L, idx, "location");
    lua_pop(L, 2);
    return l;
}

static const char *loc_str(const struct loc *l, size_t off)
{
    return off == (size_t)-1 ? NULL : l->data + off;
}

static int loc_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct loc *l = loc_check(L, 1);
    const char *k = luaL_checkstring(L, 2);
    const char *s = NULL;
    if (!strcmp(k, "file"))
        s = loc_str(l, l->file);
    else if (!strcmp(k, "location"))
        s = loc_str(l, l->location);
    else if (!strcmp(k, "path"))
        s = loc_str(l, l->path);
    else if (!strcmp(k, "line") || !strcmp(k, "col")) {
        unsigned v = k[0] == 'l' ? l->line : l->col;
        if (v)
            lua_pushinteger(L, v);
        else
            lua_pushnil(L);
        return 1;
    } else if (!strcmp(k, "missing") || !strcmp(k, "unknown")) {
        lua_pushboolean(L, k[0] == 'm' ? l->missing : l->unknown);
        return 1;
    } else {
        return luaL_error(L,
                          "location has no field '%s' (file, location, path, line, col, "
                          "missing, unknown)",
                          k);
    }
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
    return 1;
}

static int loc_tostring(lua_State *L)
{
    const struct loc *l = loc_check(L, 1);
    struct policy_buf *b = policy_buf_new(L);
    const char *file = loc_str(l, l->file), *loc = loc_str(l, l->location),
               *path = loc_str(l, l->path);
    policy_buf_addstr(L, b, file ? file : "?");
    if (l->line)
        policy_buf_addf(L, b, ":%u:%u", l->line, l->col);
    if (loc)
        policy_buf_addf(L, b, ": %s", loc);
    if (path)
        policy_buf_addf(L, b, "%s%s", loc ? "." : ": ", path);
    lua_pushstring(L, policy_buf_str(b));
    return 1;
}

static int loc_anchor(lua_State *L)
{
    const struct loc *l = loc_check(L, 1);
    struct policy_at *out = lua_touserdata(L, 2);
    policy_check_gen(L, l->gen);
    out->a.file = loc_str(l, l->file);
    out->a.location = loc_str(l, l->location);
    out->a.path = loc_str(l, l->path);
    out->a.line = l->line;
    out->a.col = l->col;
    out->a.line2 = l->line2;
    out->unknown = l->unknown;
    out->missing = l->missing;
    lua_pushvalue(L, 1);
    return 1;
}

void policy_push_str(lua_State *L, const char *s)
{
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
}

void policy_push_value(lua_State *L, const char *s)
{
    if (s)
        policy_push_doc_str(L, s, strlen(s));
    else
        lua_pushnil(L);
}

void *policy_check_ud(lua_State *L, int idx, const char *tname)
{
    void *u = luaL_checkudata(L, idx, tname);
    policy_check_gen(L, *(const unsigned *)u);
    return u;
}

int policy_push_iter(lua_State *L, lua_CFunction next)
{
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next, 2);
    return 1;
}

lua_Integer policy_iter_step(lua_State *L, size_t n)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if (i >= (lua_Integer)n)
        return -1;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    return i;
}

int policy_read_only(lua_State *L)
{
    const char *name = luaL_getmetafield(L, 1, "__name") == LUA_TSTRING ? lua_tostring(L, -1)
                                                                        : luaL_typename(L, 1);
    return luaL_error(L, "%s is read-only", name);
}

/* ---- nodes ---- */

struct policy_node *policy_node_test(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
        return NULL;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &node_mt_key);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same ? lua_touserdata(L, idx) : NULL;
}

struct policy_node *policy_node_check(lua_State *L, int idx)
{
    struct policy_node *n = policy_node_test(L, idx);
    if (!n)
        luaL_typeerror(L, idx, "node");
    policy_check_gen(L, n->gen);
    return n;
}

int policy_node_push(lua_State *L, const struct policy_node *tmpl, int parent)
{
    parent = parent ? lua_absindex(L, parent) : 0;
    const void *ns = tmpl->ns ? tmpl->ns : tmpl->view;
    if (tmpl->v && policy_cache_get(L, ns, tmpl->v))
        return 0;
    struct policy_node *n = lua_newuserdatauv(L, sizeof(*n), 2);
    *n = *tmpl;
    n->gen = tmpl->gen ? policy_sandbox_of(L)->gen : 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &node_mt_key);
    lua_setmetatable(L, -2);
    if (parent) {
        lua_pushvalue(L, parent);
        lua_setiuservalue(L, -2, 1);
    }
    if (tmpl->v)
        policy_cache_put(L, ns, tmpl->v, -1);
    return 1;
}

void policy_node_set_key(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    lua_setiuservalue(L, idx, 2);
}

void policy_node_path(lua_State *L, int idx, struct policy_buf *b)
{
    idx = lua_absindex(L, idx);
    const struct policy_node *n = lua_touserdata(L, idx);
    if (n->root)
        return;
    luaL_checkstack(L, 3, "document nested too deep");
    lua_getiuservalue(L, idx, 1);
    if (policy_node_test(L, -1))
        policy_node_path(L, -1, b);
    lua_pop(L, 1);
    if (b->len)
        policy_buf_add(L, b, ".", 1);
    if (lua_getiuservalue(L, idx, 2) == LUA_TSTRING)
        policy_buf_addstr(L, b, lua_tostring(L, -1));
    else
        policy_buf_addf(L, b, "%zu", n->idx);
    lua_pop(L, 1);
}

static int node_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, 1);
    int present;
    if (lua_type(L, 2) == LUA_TSTRING) {
        size_t len;
        const char *k = lua_tolstring(L, 2, &len);
        if (!strcmp(k, "has") || !strcmp(k, "at") || !strcmp(k, "get")) {
            lua_getmetatable(L, 1);
            lua_pushfstring(L, "method_%s", k);
            lua_rawget(L, -2);
            return 1;
        }
        if (n->view->prop && n->view->prop(L, 1, n, k))
            return 1;
        if (strlen(k) != len) {
            lua_pushnil(L);
            return 1;
        }
        n->view->child(L, 1, n, k, len, 0, &present);
        return 1;
    }
    if (lua_isinteger(L, 2) && lua_tointeger(L, 2) >= 1 && n->view->is_array(n)) {
        n->view->child(L, 1, n, NULL, 0, (size_t)(lua_tointeger(L, 2) - 1), &present);
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

static int node_has(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, 1);
    int present = 0;
    if (lua_type(L, 2) == LUA_TSTRING) {
        size_t len;
        const char *k = lua_tolstring(L, 2, &len);
        if (strlen(k) == len)
            n->view->child(L, 1, n, k, len, 0, &present);
    } else if (lua_isinteger(L, 2) && lua_tointeger(L, 2) >= 1 && n->view->is_array(n)) {
        n->view->child(L, 1, n, NULL, 0, (size_t)(lua_tointeger(L, 2) - 1), &present);
    } else {
        return luaL_error(L, "node:has needs a key (a string) or an index (an integer)");
    }
    lua_pushboolean(L, present);
    return 1;
}

static int node_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, 1);
    const char *rel = luaL_optstring(L, 2, "");
    n->view->at(L, 1, n, rel);
    return 1;
}

static int node_get(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, 1);
    const char *rel = luaL_checkstring(L, 2);
    n->view->get(L, 1, n, rel);
    return 1;
}

static int node_len(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, 1);
    lua_pushinteger(L, n->view->len(L, 1, n));
    return 1;
}

static int node_iter(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct policy_node *n = policy_node_check(L, lua_upvalueindex(1));
    struct policy_iter *it = lua_touserdata(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(1));
    int self = lua_gettop(L);
    if (!n->view->next(L, self, n, it)) {
        lua_pushnil(L);
        return 1;
    }
    return 2;
}

static int node_pairs(lua_State *L)
{
    policy_sandbox_guard(L);
    policy_node_check(L, 1);
    lua_pushvalue(L, 1);
    struct policy_iter *it = lua_newuserdatauv(L, sizeof(*it), 0);
    memset(it, 0, sizeof(*it));
    lua_pushcclosure(L, node_iter, 2);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

static int node_tostring(lua_State *L)
{
    policy_node_check(L, 1);
    struct policy_buf *b = policy_buf_new(L);
    policy_value_text(L, 1, b, 1024);
    lua_pushstring(L, policy_buf_str(b));
    return 1;
}

int policy_concat(lua_State *L)
{
    struct policy_buf *b = policy_buf_new(L);
    for (int i = 1; i <= 2; i++)
        policy_value_text(L, i, b, 1024);
    lua_pushlstring(L, b->p ? b->p : "", b->len);
    return 1;
}

/* The node anchor: the location handle of the node itself. */
static int node_anchor_fn(lua_State *L)
{
    const struct policy_node *n = policy_node_check(L, 1);
    struct policy_at *out = lua_touserdata(L, 2);
    n->view->at(L, 1, n, ""); /* a location handle (or an error) */
    lua_pushcfunction(L, loc_anchor);
    lua_pushvalue(L, -2);
    lua_pushlightuserdata(L, out);
    lua_call(L, 2, 1);
    return 1;
}

/* ---- JSON nodes ---- */

int policy_json_is_array(const struct policy_node *n)
{
    return pval_type(n->v) == PV_ARRAY;
}

void policy_json_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                       size_t klen, size_t idx, int *present)
{
    (void)klen;
    const struct pval *cv, *cu, *cs;
    if (key) {
        cv = pval_get(n->v, key);
        cu = pval_get(n->m1, key);
        cs = pval_get(n->m2, key);
    } else {
        cv = pval_idx(n->v, idx);
        cu = pval_idx(n->m1, idx);
        cs = pval_idx(n->m2, idx);
    }
    if (pval_is_true(cu)) {
        *present = !(n->view->unset && n->view->unset(L, self, n, key, idx));
        if (*present)
            policy_push_sentinel(L, SENTINEL_UNKNOWN);
        else
            lua_pushnil(L);
        return;
    }
    *present = cv != NULL;
    if (pval_type(cv) <= PV_NULL) {
        lua_pushnil(L);
        return;
    }
    if (pval_is_true(cs)) {
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
        return;
    }
    if (policy_push_scalar(L, cv))
        return;
    struct policy_node c = *n;
    c.v = cv;
    c.m1 = cu;
    c.m2 = cs;
    c.idx = idx;
    c.root = 0;
    if (policy_node_push(L, &c, self) && key)
        policy_node_set_key(L, -1, key);
}

int policy_json_next(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it)
{
    int present;
    if (policy_json_is_array(n)) {
        if (it->i >= pval_len(n->v))
            return 0;
        lua_pushinteger(L, (lua_Integer)it->i + 1);
        n->view->child(L, self, n, NULL, 0, it->i, &present);
        it->i++;
        return 1;
    }
    const char *k;
    const struct pval *val;
    if (it->phase == 0) {
        if (pval_next(n->v, &it->it, &k, &val)) {
            lua_pushstring(L, k);
            n->view->child(L, self, n, k, strlen(k), 0, &present);
            return 1;
        }
        it->phase = 1;
        it->it = NULL;
    }
    /* keys that are only in the unknown mask: set in configuration, known after apply */
    while (pval_next(n->m1, &it->it, &k, &val)) {
        if (!pval_is_true(val) || pval_get(n->v, k))
            continue;
        lua_pushstring(L, k);
        n->view->child(L, self, n, k, strlen(k), 0, &present);
        if (present)
            return 1;
        lua_pop(L, 2);
    }
    return 0;
}

lua_Integer policy_json_len(lua_State *L, int self, const struct policy_node *n)
{
    lua_Integer len = (lua_Integer)pval_len(n->v);
    if (policy_json_is_array(n))
        return len;
    void *it = NULL;
    const char *k;
    const struct pval *val;
    while (pval_next(n->m1, &it, &k, &val))
        if (pval_is_true(val) && !pval_get(n->v, k) &&
            !(n->view->unset && n->view->unset(L, self, n, k, 0)))
            len++;
    return len;
}

/* ---- generic dotted paths ---- */

void policy_node_get_walk(lua_State *L, int self, const char *rel)
{
    lua_pushvalue(L, self);
    for (const char *p = rel; *p;) {
        size_t k = strcspn(p, ".");
        int top = lua_gettop(L), present;
        const struct policy_node *n = policy_node_test(L, top);
        if (!n) {
            int s = policy_sentinel_at(L, top);
            if (s != SENTINEL_UNKNOWN && s != SENTINEL_SENSITIVE) {
                lua_pop(L, 1); /* nothing lies under a scalar */
                lua_pushnil(L);
            }
            return; /* what lies under UNKNOWN or SENSITIVE is UNKNOWN or SENSITIVE */
        }
        lua_pushlstring(L, p, k);
        const char *key = lua_tostring(L, -1);
        if (n->view->is_array(n)) {
            char *end;
            unsigned long i = strtoul(key, &end, 10);
            if (!k || *end || key[0] < '0' || key[0] > '9') {
                lua_settop(L, top - 1);
                lua_pushnil(L);
                return;
            }
            n->view->child(L, top, n, NULL, 0, (size_t)i, &present);
        } else {
            n->view->child(L, top, n, key, k, 0, &present);
        }
        lua_replace(L, top);
        lua_settop(L, top);
        p += k;
        if (*p == '.')
            p++;
    }
}

/* ---- installing ---- */

void policy_proxy_open(lua_State *L)
{
    lua_newtable(L);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &box_mt_key);

    lua_newtable(L);
    lua_pushcfunction(L, buf_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &buf_mt_key);

    lua_newtable(L);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &weak_mt_key);

    make_sentinels(L);

    static const luaL_Reg node_mt[] = {
        {"__index", node_index},       {"__newindex", policy_read_only},
        {"__len", node_len},           {"__pairs", node_pairs},
        {"__tostring", node_tostring}, {"__concat", policy_concat},
        {"method_has", node_has},      {"method_at", node_at},
        {"method_get", node_get},      {NULL, NULL}};
    policy_proxy_metatable(L, "node", node_mt, node_anchor_fn);
    luaL_getmetatable(L, "node");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &node_mt_key);

    static const luaL_Reg loc_mt[] = {{"__index", loc_index},
                                      {"__newindex", policy_read_only},
                                      {"__tostring", loc_tostring},
                                      {"__concat", policy_concat},
                                      {NULL, NULL}};
    policy_proxy_metatable(L, "location", loc_mt, loc_anchor);
    luaL_getmetatable(L, "location");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &loc_mt_key);
}
