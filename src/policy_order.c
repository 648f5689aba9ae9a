/* policy_order.c — pairs() and next() in a deterministic order. Lua 5.4 seeds its string hash
 * from the clock and from addresses (luai_makeseed in lstate.c: time(NULL), the address of the
 * new state, of a local and of lua_newstate), so the order of a table's string keys changes from
 * run to run; lua_newstate takes no seed in 5.4 (5.5 adds one) and Debian's liblua5.4 cannot be
 * rebuilt with a fixed luai_makeseed. So the sandbox's next() walks a sorted snapshot of the
 * keys instead: numbers in numeric order, then strings in byte order, then false and true, then
 * other keys (tables, functions: no stable order exists for them) as Lua's own next() gives
 * them. next(t, nil) takes the snapshot (charged n log n); next(t, k) continues from k's place
 * in it, so a whole traversal costs n log n. Keys added during a traversal are not visited (Lua
 * leaves that undefined anyway); keys whose value became nil are skipped. pairs() uses this
 * next() unless the value has a __pairs metamethod (the document proxies have one). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "policy_int.h"

static const char cache_key = 0; /* registry: table -> {sorted keys, key -> position} (weak) */

struct key {
    int rank; /* 0 number, 1 string, 2 boolean, 3 other */
    int isint;
    lua_Integer i;
    lua_Number d;
    const char *s;
    size_t len;
    size_t idx; /* position in the raw list (for the others: Lua's order) */
};

static int key_cmp(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    switch (a->rank) {
    case 0:
        if (a->isint && b->isint)
            return (a->i > b->i) - (a->i < b->i);
        if (a->d != b->d)
            return (a->d > b->d) - (a->d < b->d);
        return b->isint - a->isint;
    case 1: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, n);
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    case 2: return (int)a->i - (int)b->i;
    default: return (a->idx > b->idx) - (a->idx < b->idx);
    }
}

static void describe_key(lua_State *L, int idx, struct key *k)
{
    memset(k, 0, sizeof(*k));
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        k->isint = lua_isinteger(L, idx);
        k->i = lua_tointeger(L, idx);
        k->d = lua_tonumber(L, idx);
        break;
    case LUA_TSTRING:
        k->rank = 1;
        k->s = lua_tolstring(L, idx, &k->len);
        break;
    case LUA_TBOOLEAN:
        k->rank = 2;
        k->i = lua_toboolean(L, idx);
        break;
    default: k->rank = 3; break;
    }
}

/* Push the snapshot of the table at t: {keys sorted, key -> position}; cached for next(t, k). */
static void snapshot(lua_State *L, int t)
{
    lua_newtable(L); /* raw keys, in Lua's order */
    int raw = lua_gettop(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, raw, ++n);
    }
    policy_sandbox_charge(L, n > 1 ? (double)n * log2((double)n) : 1);
    struct key *keys = lua_newuserdatauv(L, (size_t)n * sizeof(*keys) + 1, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, raw, i);
        describe_key(L, -1, &keys[i - 1]); /* strings stay alive in raw */
        keys[i - 1].idx = (size_t)i;
        lua_pop(L, 1);
    }
    if (n > 1)
        qsort(keys, (size_t)n, sizeof(*keys), key_cmp);
    lua_createtable(L, 2, 0); /* the snapshot */
    int snap = lua_gettop(L);
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, 0, (int)n);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, raw, (lua_Integer)keys[i - 1].idx);
        lua_pushvalue(L, -1);
        lua_rawseti(L, snap + 1, i);
        lua_pushinteger(L, i);
        lua_rawset(L, snap + 2);
    }
    lua_rawseti(L, snap, 2);
    lua_rawseti(L, snap, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key);
    lua_pushvalue(L, t);
    lua_pushvalue(L, snap);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_replace(L, raw);
    lua_settop(L, raw);
}

/* From position pos (0: the start) of the snapshot at snap, push the next key and value whose
 * value is not nil; 0 (nothing pushed) at the end. */
static int step(lua_State *L, int t, int snap, lua_Integer pos)
{
    lua_rawgeti(L, snap, 1);
    int keys = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, keys);
    for (lua_Integer i = pos + 1; i <= n; i++) {
        lua_rawgeti(L, keys, i);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, t) != LUA_TNIL)
            return 2;
        lua_pop(L, 2);
    }
    return 0;
}

static int ordered_next(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    lua_Integer pos = 0;
    int snap = 0;
    if (!lua_isnil(L, 2)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key);
        lua_pushvalue(L, 1);
        if (lua_rawget(L, -2) == LUA_TTABLE) {
            snap = lua_gettop(L);
            lua_rawgeti(L, snap, 2);
            lua_pushvalue(L, 2);
            lua_rawget(L, -2);
            pos = lua_tointeger(L, -1);
            lua_pop(L, 2);
        }
        if (!pos) { /* a key the snapshot does not know: take a new one */
            snapshot(L, 1);
            snap = lua_gettop(L);
            lua_rawgeti(L, snap, 2);
            lua_pushvalue(L, 2);
            lua_rawget(L, -2);
            pos = lua_tointeger(L, -1);
            lua_pop(L, 2);
            if (!pos)
                return luaL_error(L, "invalid key to 'next'");
        }
    } else {
        snapshot(L, 1);
        snap = lua_gettop(L);
    }
    if (step(L, 1, snap, pos))
        return 2; /* the key and its value, on top */
    lua_pushnil(L);
    return 1;
}

static int ordered_pairs(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    lua_pushcfunction(L, ordered_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void policy_order_open(lua_State *L)
{
    lua_newtable(L);
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
    lua_pushcfunction(L, ordered_next);
    lua_setglobal(L, "next");
    lua_pushcfunction(L, ordered_pairs);
    lua_setglobal(L, "pairs");
}
