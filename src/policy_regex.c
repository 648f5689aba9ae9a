/* policy_regex.c — regex(pattern[, flags]) for policies: PCRE2 through the project's wrapper
 * (include/infralint/regex.h), compiled once per pattern and flags (a weak cache in the policy's
 * state: the same call in a loop compiles once), JIT-compiled where PCRE2 can, every match bound
 * by the wrapper's match and depth limits. A pattern error or an exceeded limit is a Lua error
 * at the policy's line. Compiled code lives outside the Lua allocator, so each pattern is charged
 * to the policy's memory cap by its size while it lives. */
#include <stdio.h>
#include <string.h>

#include "infralint/regex.h"
#include "policy_int.h"

#define MAX_GROUPS 64 /* captures returned (PCRE2 allows 65535) */

static const char cache_key = 0;

struct lregex {
    struct regex *re;
    size_t charge; /* bytes added to the sandbox's count */
    size_t ngroups;
    unsigned flags;
};

static int regex_gc(lua_State *L)
{
    struct lregex *u = lua_touserdata(L, 1);
    if (u && u->re) {
        regex_free(u->re);
        u->re = NULL;
        policy_sandbox_of(L)->used -= u->charge;
        u->charge = 0;
    }
    return 0;
}

static struct lregex *check_regex(lua_State *L, int idx)
{
    struct lregex *u = luaL_checkudata(L, idx, "regex");
    if (!u->re)
        luaL_error(L, "regex: not a compiled pattern");
    return u;
}

/* The pattern of the regex at idx, for messages (at most 60 bytes shown). */
static const char *pattern_of(lua_State *L, int idx, char *buf, size_t n)
{
    lua_getiuservalue(L, idx, 1);
    size_t len;
    const char *p = lua_tolstring(L, -1, &len);
    snprintf(buf, n, "%.60s%s", p ? p : "?", len > 60 ? "..." : "");
    lua_pop(L, 1);
    return buf;
}

static unsigned parse_flags(lua_State *L, const char *flags)
{
    unsigned f = 0;
    for (const char *c = flags; *c; c++) {
        switch (*c) {
        case 'i': f |= REGEX_CASELESS; break;
        case 'm': f |= REGEX_MULTILINE; break;
        case 's': f |= REGEX_DOTALL; break;
        case 'x': f |= REGEX_EXTENDED; break;
        case 'u': f |= REGEX_UTF; break;
        default:
            luaL_error(L,
                       "regex: unknown flag '%c' in \"%s\" (i caseless, m multiline, s dotall, "
                       "x extended, u UTF-8)",
                       *c, flags);
        }
    }
    return f;
}

/* regex(pattern[, flags]) */
static int l_regex(lua_State *L)
{
    policy_sandbox_guard(L);
    size_t plen;
    const char *pat = luaL_checklstring(L, 1, &plen);
    unsigned flags = parse_flags(L, luaL_optstring(L, 2, ""));
    if (strlen(pat) != plen)
        return luaL_error(L, "regex: the pattern holds a NUL byte (write \\x00 instead)");
    lua_settop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key); /* 2 */
    char tag = (char)('A' + flags);
    lua_pushlstring(L, &tag, 1);
    lua_pushvalue(L, 1);
    lua_concat(L, 2); /* 3: the cache key */
    lua_pushvalue(L, 3);
    if (lua_rawget(L, 2) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    struct lregex *u = lua_newuserdatauv(L, sizeof(*u), 1); /* 4 */
    memset(u, 0, sizeof(*u));
    luaL_setmetatable(L, "regex");
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, 4, 1);
    char err[160];
    u->re = regex_new(pat, flags, err, sizeof(err));
    if (!u->re) {
        char shown[80];
        snprintf(shown, sizeof(shown), "%.60s%s", pat, plen > 60 ? "..." : "");
        return luaL_error(L, "regex: %s in pattern '%s'", err, shown);
    }
    struct policy_sandbox *sb = policy_sandbox_of(L);
    size_t charge = regex_size(u->re);
    if (sb->cap && sb->used + charge > sb->cap) {
        regex_free(u->re);
        u->re = NULL;
        if (!sb->stop)
            sb->stop = POLICY_STOP_MEMORY;
        return luaL_error(L, "not enough memory");
    }
    sb->used += charge;
    u->charge = charge;
    u->ngroups = regex_ngroups(u->re);
    u->flags = flags;
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_rawset(L, 2);
    return 1;
}

/* The subject at idx (a string; a sentinel is refused with a clear message). */
static const char *subject(lua_State *L, int idx, size_t *len)
{
    if (policy_sentinel_at(L, idx))
        luaL_error(L, "regex: the subject is %s: compare it with == first",
                   luaL_tolstring(L, idx, NULL));
    return luaL_checklstring(L, idx, len);
}

/* Lua's init argument (1-based, negative from the end) as a byte offset; -1: past the end. */
static long start_offset(lua_State *L, int idx, size_t len)
{
    lua_Integer init = luaL_optinteger(L, idx, 1);
    if (init < 0)
        init = (lua_Integer)len + init + 1 < 1 ? 1 : (lua_Integer)len + init + 1;
    else if (init == 0)
        init = 1;
    if (init > (lua_Integer)len + 1)
        return -1;
    return (long)(init - 1);
}

/* Match from start; 1 with g filled (u->ngroups + 1 spans, at most MAX_GROUPS + 1), 0 none. */
static int exec(lua_State *L, int self, struct lregex *u, const char *s, size_t len, size_t start,
                struct regex_span *g)
{
    size_t n = u->ngroups < MAX_GROUPS ? u->ngroups : MAX_GROUPS;
    /* the scan of the subject is charged; its worst case (the match limit's backtracking and
     * the scan) must fit in the time left */
    policy_sandbox_charge(L, (double)(len - (start < len ? start : len)) / 16 + 1);
    policy_sandbox_fits(L, 1e6 + (double)len);
    int rc = regex_find(u->re, s, len, start, g, n + 1);
    if (rc < 0) {
        char buf[80];
        int shown = len > 2147483647 ? 2147483647 : (int)len;
        return luaL_error(L, "regex: %s (pattern '%s', a %d-byte subject)", regex_error(u->re),
                          pattern_of(L, self, buf, sizeof(buf)), shown);
    }
    return rc;
}

/* Push the captures of a match (the whole match when the pattern has none); unset groups are
 * false. Returns how many. */
static int push_captures(lua_State *L, const struct lregex *u, const char *s,
                         const struct regex_span *g)
{
    size_t n = u->ngroups < MAX_GROUPS ? u->ngroups : MAX_GROUPS;
    if (!n) {
        lua_pushlstring(L, s + g[0].start, g[0].end - g[0].start);
        return 1;
    }
    luaL_checkstack(L, (int)n, "too many captures");
    for (size_t i = 1; i <= n; i++) {
        if (g[i].start == REGEX_UNSET)
            lua_pushboolean(L, 0);
        else
            lua_pushlstring(L, s + g[i].start, g[i].end - g[i].start);
    }
    return (int)n;
}

/* The arguments (re, s[, init]) of match and find, matched: 1 with the groups in g, or 0. */
static int match_args(lua_State *L, struct lregex **u, const char **s, struct regex_span *g)
{
    policy_sandbox_guard(L);
    *u = check_regex(L, 1);
    size_t len;
    *s = subject(L, 2, &len);
    long start = start_offset(L, 3, len);
    return start >= 0 && exec(L, 1, *u, *s, len, (size_t)start, g);
}

/* re:match(s[, init]): the captures (or the whole match), or nil. */
static int re_match(lua_State *L)
{
    struct lregex *u;
    const char *s;
    struct regex_span g[MAX_GROUPS + 1];
    if (!match_args(L, &u, &s, g)) {
        lua_pushnil(L);
        return 1;
    }
    return push_captures(L, u, s, g);
}

/* re:find(s[, init]): start and end (1-based, inclusive) and the captures, or nil. */
static int re_find(lua_State *L)
{
    struct lregex *u;
    const char *s;
    struct regex_span g[MAX_GROUPS + 1];
    if (!match_args(L, &u, &s, g)) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushinteger(L, (lua_Integer)g[0].start + 1);
    lua_pushinteger(L, (lua_Integer)g[0].end);
    return 2 + (u->ngroups ? push_captures(L, u, s, g) : 0);
}

/* re:test(s): does it match anywhere? */
static int re_test(lua_State *L)
{
    policy_sandbox_guard(L);
    struct lregex *u = check_regex(L, 1);
    size_t len;
    const char *s = subject(L, 2, &len);
    struct regex_span g[MAX_GROUPS + 1];
    lua_pushboolean(L, exec(L, 1, u, s, len, 0, g));
    return 1;
}

struct gm_state {
    size_t pos;      /* where the next search starts */
    size_t last_end; /* end of the previous match (an empty match there is skipped) */
    int matched;     /* a previous match exists */
    int utf;
};

/* One step of re:gmatch (upvalues: the regex, the subject, the state). */
static int gmatch_next(lua_State *L)
{
    policy_sandbox_guard(L);
    struct lregex *u = check_regex(L, lua_upvalueindex(1));
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
    struct gm_state *st = lua_touserdata(L, lua_upvalueindex(3));
    struct regex_span g[MAX_GROUPS + 1];
    while (st->pos <= len && exec(L, lua_upvalueindex(1), u, s, len, st->pos, g)) {
        if (g[0].start == g[0].end && st->matched && g[0].start == st->last_end) {
            /* an empty match where the last one ended: try one character further */
            size_t p = g[0].start + 1;
            while (st->utf && p < len && ((unsigned char)s[p] & 0xC0) == 0x80)
                p++;
            st->pos = p;
            continue;
        }
        st->matched = 1;
        st->last_end = g[0].end;
        st->pos = g[0].end;
        return push_captures(L, u, s, g);
    }
    st->pos = len + 1;
    return 0;
}

/* re:gmatch(s): an iterator over the matches (the captures, or the whole match, of each). */
static int re_gmatch(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct lregex *u = check_regex(L, 1);
    size_t len;
    subject(L, 2, &len);
    lua_settop(L, 2);
    struct gm_state *st = lua_newuserdatauv(L, sizeof(*st), 0);
    memset(st, 0, sizeof(*st));
    st->utf = (u->flags & REGEX_UTF) != 0;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

static int re_tostring(lua_State *L)
{
    check_regex(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_pushfstring(L, "regex(%s)", lua_tostring(L, -1));
    return 1;
}

void policy_regex_open(lua_State *L)
{
    static const luaL_Reg methods[] = {{"match", re_match},
                                       {"find", re_find},
                                       {"gmatch", re_gmatch},
                                       {"test", re_test},
                                       {NULL, NULL}};
    luaL_newmetatable(L, "regex");
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, policy_read_only);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, re_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, regex_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_newtable(L); /* compiled patterns by flags and text, held weakly */
    lua_newtable(L);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
    lua_pushcfunction(L, l_regex);
    lua_setglobal(L, "regex");
}
