/* policy_helpers.c — helpers policies get as globals: json.decode (jdoc, for JSON held in
 * strings such as IAM policies; the result is a lazy read-only proxy in document order),
 * json.encode (masked like every message), json.null, glob(pattern, s) and to_table(node). */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "jdoc.h"
#include "policy_int.h"
#include "tfjson.h"

#define MAX_DEPTH 100

static const char array_mt_key = 0;

void policy_push_array(lua_State *L)
{
    lua_newtable(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    lua_setmetatable(L, -2);
}

static int is_marked_array(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx))
        return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

/* json.array([t]): t (or a new table), marked to encode as a JSON array even when empty. */
static int l_json_array(lua_State *L)
{
    policy_sandbox_guard(L);
    if (lua_isnoneornil(L, 1)) {
        policy_push_array(L);
        return 1;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    lua_setmetatable(L, 1);
    return 1;
}

/* ---- json.decode ---- */

/* A decoded document owned by Lua (the proxies' root holds it). Its memory is allocated outside
 * the Lua allocator, so it is charged to the policy's cap while the document lives, and given
 * back when Lua collects it. */
struct decoded {
    struct jdoc *doc;
    size_t charge;
};

static int decoded_gc(lua_State *L)
{
    struct decoded *d = lua_touserdata(L, 1);
    if (d->doc) {
        struct policy_sandbox *sb = policy_sandbox_of(L);
        if (sb && sb->used >= d->charge)
            sb->used -= d->charge;
        jdoc_free(d->doc);
        d->doc = NULL;
    }
    return 0;
}

static void decoded_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)self;
    (void)n;
    (void)rel;
    luaL_error(L, "a value from json.decode has no place in a document: report at the "
                  "resource or attribute it came from (r:at(path))");
}

static void decoded_get(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)n;
    policy_node_get_walk(L, self, rel);
}

static const struct policy_view view_decoded = {
    .name = "json",
    .is_array = policy_json_is_array,
    .child = policy_json_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = decoded_at,
    .get = decoded_get,
};

static int l_json_decode(lua_State *L)
{
    policy_sandbox_guard(L);
    int s = policy_sentinel_at(L, 1);
    if (s == SENTINEL_UNKNOWN || s == SENTINEL_SENSITIVE) {
        lua_settop(L, 1); /* decoding a secret gives a secret; an unknown, an unknown */
        return 1;
    }
    size_t n;
    const char *text = luaL_checklstring(L, 1, &n);
    struct policy_sandbox *sb = policy_sandbox_of(L);
    policy_sandbox_charge(L, (double)n / 16 + 1);
    struct decoded *d = lua_newuserdatauv(L, sizeof(*d), 0);
    d->doc = NULL;
    d->charge = 0;
    luaL_setmetatable(L, "json document");
    struct jdoc_opts o = {1, NULL};
    struct jdoc *doc = jdoc_parse(text, n, &o);
    if (!doc) { /* jansson says why (the parser refuses exactly what jansson refuses) */
        json_error_t err;
        tfjson_refusal(text, n, 1, &err);
        char **why = policy_box_new(L); /* freed with the box, whatever raises */
        *why = tfjson_error_text(err.text);
        lua_pushnil(L);
        lua_pushfstring(L, "invalid JSON at line %d, column %d: %s", err.line, err.column, *why);
        return 2;
    }
    size_t charge = jdoc_size(doc);
    if (sb->cap && sb->used + charge > sb->cap) {
        jdoc_free(doc);
        sb->stop = POLICY_STOP_MEMORY;
        return luaL_error(L, "not enough memory");
    }
    sb->used += charge;
    d->doc = doc;
    d->charge = charge;
    const struct pval *v = jdoc_root(doc);
    if (policy_push_scalar(L, v))
        return 1; /* the document is collected with its userdata */
    struct policy_node node;
    memset(&node, 0, sizeof(node));
    node.view = &view_decoded;
    node.v = v;
    node.root = 1;
    node.gen = 0; /* owned by Lua: valid as long as it is reachable */
    policy_node_push(L, &node, -1);
    return 1;
}

/* ---- json.encode ---- */

struct keyref {
    const char *s;
    size_t n;
};

static int keyref_cmp(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static void encode_table(lua_State *L, int idx, struct policy_buf *b, const char *hole,
                         size_t limit, int depth)
{
    lua_Integer max = 0;
    size_t nkeys = 0, nstr = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        nkeys++;
        if (lua_type(L, -1) == LUA_TSTRING)
            nstr++;
        else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0) {
            if (lua_tointeger(L, -1) > max)
                max = lua_tointeger(L, -1);
        } else {
            luaL_error(L, "json.encode: table keys must be strings or positive integers, not %s",
                       luaL_typename(L, -1));
        }
    }
    if (nstr && nstr != nkeys)
        luaL_error(L, "json.encode: a table mixes string and integer keys");
    if (nstr && is_marked_array(L, idx))
        luaL_error(L, "json.encode: json.array table with string keys");
    if ((nkeys && !nstr) || (!nkeys && is_marked_array(L, idx))) {
        if (max > (lua_Integer)nkeys * 2 + 16)
            luaL_error(L, "json.encode: sparse array (index %I in a table of %d elements)",
                       (lua_Integer)max, (int)nkeys);
        policy_buf_add(L, b, "[", 1);
        for (lua_Integer i = 1; i <= max && b->len <= limit; i++) {
            if (i > 1)
                policy_buf_add(L, b, ",", 1);
            if (lua_rawgeti(L, idx, i) == LUA_TNIL)
                policy_buf_addstr(L, b, hole);
            else
                policy_json_encode(L, -1, b, hole, limit, depth + 1);
            lua_pop(L, 1);
        }
        policy_buf_add(L, b, "]", 1);
        return;
    }
    /* an object: keys sorted, so that output does not depend on Lua's table order */
    struct policy_buf *kb = policy_buf_new(L);
    int kidx = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        struct keyref k;
        k.s = lua_tolstring(L, -1, &k.n); /* the string lives in the table */
        policy_buf_add(L, kb, (const char *)&k, sizeof(k));
    }
    struct keyref *keys = (struct keyref *)(void *)kb->p;
    if (nkeys)
        qsort(keys, nkeys, sizeof(*keys), keyref_cmp);
    policy_buf_add(L, b, "{", 1);
    for (size_t i = 0; i < nkeys && b->len <= limit; i++) {
        keys = (struct keyref *)(void *)kb->p;
        if (i)
            policy_buf_add(L, b, ",", 1);
        policy_buf_add(L, b, "\"", 1);
        policy_buf_addjson(L, b, keys[i].s, keys[i].n);
        policy_buf_add(L, b, "\":", 2);
        lua_pushlstring(L, keys[i].s, keys[i].n);
        lua_rawget(L, idx);
        policy_json_encode(L, -1, b, hole, limit, depth + 1);
        lua_pop(L, 1);
    }
    policy_buf_add(L, b, "}", 1);
    lua_remove(L, kidx);
}

static void encode_node(lua_State *L, int idx, const struct policy_node *n, struct policy_buf *b,
                        const char *hole, size_t limit, int depth)
{
    int array = n->view->is_array(n);
    struct policy_iter it;
    memset(&it, 0, sizeof(it));
    policy_buf_add(L, b, array ? "[" : "{", 1);
    for (int first = 1; b->len <= limit && n->view->next(L, idx, n, &it); first = 0) {
        if (!first)
            policy_buf_add(L, b, ",", 1);
        if (!array) {
            size_t kn;
            const char *k = lua_tolstring(L, -2, &kn);
            policy_buf_add(L, b, "\"", 1);
            policy_buf_addjson(L, b, k, kn);
            policy_buf_add(L, b, "\":", 2);
        }
        policy_json_encode(L, -1, b, hole, limit, depth + 1);
        lua_pop(L, 2);
    }
    policy_buf_add(L, b, array ? "]" : "}", 1);
}

void policy_json_encode(lua_State *L, int idx, struct policy_buf *b, const char *hole, size_t limit,
                        int depth)
{
    idx = lua_absindex(L, idx);
    if (depth > MAX_DEPTH)
        luaL_error(L, "json.encode: nested deeper than %d levels (a cycle?)", MAX_DEPTH);
    luaL_checkstack(L, 8, "json.encode: nested too deep");
    switch (lua_type(L, idx)) {
    case LUA_TNIL: policy_buf_addstr(L, b, "null"); return;
    case LUA_TBOOLEAN: policy_buf_addstr(L, b, lua_toboolean(L, idx) ? "true" : "false"); return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            policy_buf_addf(L, b, "%lld", (long long)lua_tointeger(L, idx));
        } else {
            double d = (double)lua_tonumber(L, idx);
            if (!isfinite(d))
                luaL_error(L, "json.encode: %f has no JSON form", d);
            policy_buf_addf(L, b, "%.17g", d);
        }
        return;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        policy_buf_add(L, b, "\"", 1);
        policy_buf_addjson(L, b, s, n);
        policy_buf_add(L, b, "\"", 1);
        return;
    }
    case LUA_TTABLE: encode_table(L, idx, b, hole, limit, depth); return;
    case LUA_TUSERDATA: {
        int s = policy_sentinel_at(L, idx);
        const struct policy_node *n = policy_node_test(L, idx);
        if (s == SENTINEL_NULL) {
            policy_buf_addstr(L, b, "null");
        } else if (s) {
            policy_buf_addf(L, b, "\"%s\"", policy_sentinel_text(s));
        } else if (n) {
            policy_check_gen(L, n->gen);
            encode_node(L, idx, n, b, hole, limit, depth);
        } else {
            size_t len;
            const char *t = luaL_tolstring(L, idx, &len);
            policy_buf_add(L, b, "\"", 1);
            policy_buf_addjson(L, b, t, len);
            policy_buf_add(L, b, "\"", 1);
            lua_pop(L, 1);
        }
        return;
    }
    default: luaL_error(L, "json.encode: a %s has no JSON form", luaL_typename(L, idx));
    }
}

static int l_json_encode(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    struct policy_buf *b = policy_buf_new(L);
    policy_json_encode(L, 1, b, "null", (size_t)-1, 0);
    lua_pushlstring(L, policy_buf_str(b), b->len);
    return 1;
}

/* ---- glob and to_table ---- */

int policy_glob(lua_State *L, const char *pat, size_t plen, const char *s, size_t slen)
{
    double cost = policy_pattern_cost(pat, plen, slen, 1);
    if (cost > 2e8)
        luaL_error(L, "glob: a %d-byte pattern against a %d-byte string is too costly",
                   (int)(plen > INT_MAX ? INT_MAX : plen), (int)(slen > INT_MAX ? INT_MAX : slen));
    return glob_match(pat, s);
}

static int l_glob(lua_State *L)
{
    policy_sandbox_guard(L);
    size_t plen, slen;
    const char *pat = luaL_checklstring(L, 1, &plen);
    if (lua_isnil(L, 2) || policy_sentinel_at(L, 2)) {
        lua_pushboolean(L, 0);
        return 1;
    }
    const char *s = luaL_checklstring(L, 2, &slen);
    lua_pushboolean(L, policy_glob(L, pat, plen, s, slen));
    return 1;
}

static void copy_value(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    const struct policy_node *n = policy_node_test(L, idx);
    if (!n) {
        lua_pushvalue(L, idx);
        return;
    }
    if (depth > MAX_DEPTH)
        luaL_error(L, "to_table: nested deeper than %d levels", MAX_DEPTH);
    policy_sandbox_guard(L);
    luaL_checkstack(L, 8, "to_table: nested too deep");
    policy_check_gen(L, n->gen);
    lua_newtable(L);
    int t = lua_gettop(L);
    struct policy_iter it;
    memset(&it, 0, sizeof(it));
    while (n->view->next(L, idx, n, &it)) {
        copy_value(L, -1, depth + 1);
        lua_replace(L, -2);
        lua_rawset(L, t);
    }
}

static int l_to_table(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checkany(L, 1);
    copy_value(L, 1, 0);
    return 1;
}

void policy_helpers_open(lua_State *L)
{
    luaL_newmetatable(L, "json document");
    lua_pushcfunction(L, decoded_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushliteral(L, "json.array");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    static const luaL_Reg json[] = {{"decode", l_json_decode},
                                    {"encode", l_json_encode},
                                    {"array", l_json_array},
                                    {NULL, NULL}};
    luaL_newlib(L, json);
    policy_push_sentinel(L, SENTINEL_NULL);
    lua_setfield(L, -2, "null");
    lua_setglobal(L, "json");
    lua_pushcfunction(L, l_glob);
    lua_setglobal(L, "glob");
    lua_pushcfunction(L, l_to_table);
    lua_setglobal(L, "to_table");
}
