/* policy_sandbox.c — one lua_State per policy, as Redis's script_lua.c does it: an allow-list of
 * libraries and globals, a counting allocator for the memory cap, a count hook for the
 * instruction budget and the deadline, and one protected call around everything.
 *
 * Stopping: the hook yields the coroutine the check runs in, and a yield passes through the
 * policy's own pcall. Where it cannot yield (inside a C call: a table.sort comparator, gsub with
 * a function, a metamethod called from C) the hook raises an error instead and the state stays
 * poisoned (sb->stop): every later tick raises again, every function of ours raises, and the
 * functions that could catch an error (pcall, xpcall, coroutine.resume, coroutine.close, load)
 * re-raise it, so nothing the policy does can outlive its stop. The allocator poisons the same
 * way when it refuses memory. __gc metamethods (which run with hooks off) are refused. */
#include <errno.h>
#include <limits.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "infralint/escape.h"
#include "infralint/util.h"
#include "policy_int.h"

#define HOOK_EVERY 1000            /* instructions between hook calls */
#define MEMORY_HEADROOM (1u << 20) /* what a stopped state may still use to report */
#define PATTERN_LIMIT 5e7          /* worst-case steps of one match (~0.3 s) */
#define PLAIN_LIMIT 1e9            /* byte comparisons of one plain search (~0.1 s) */
#define UNITS_PER_MS 2e5           /* cost units (VM instructions) one millisecond runs */
#define BIG_ALLOC (64u << 10)      /* allocations from this size on check the deadline */

#if LUA_VERSION_RELEASE_NUM >= 50406
#define close_thread(co, from) lua_closethread(co, from)
#else
#define close_thread(co, from) ((void)(from), lua_resetthread(co))
#endif

static struct policy_sandbox **slot(lua_State *L)
{
    return (struct policy_sandbox **)lua_getextraspace(L);
}

struct policy_sandbox *policy_sandbox_of(lua_State *L)
{
    return *slot(L);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- memory ---- */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct policy_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old >= BIG_ALLOC) {
        /* copying big strings runs few instructions: the clock is read here too */
        if (!sb->stop && sb->deadline_ns && now_ns() > sb->deadline_ns)
            sb->stop = POLICY_STOP_DEADLINE;
        if (sb->stop)
            return NULL; /* the headroom of a stopped state is for its error message */
    }
    if (nsize > old && sb->cap) {
        size_t limit = sb->cap + (sb->stop ? MEMORY_HEADROOM : 0);
        if (sb->used - old + nsize > limit) {
            if (!sb->stop)
                sb->stop = POLICY_STOP_MEMORY;
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        if (nsize <= old)
            return ptr; /* Lua assumes shrinking never fails */
        if (!sb->stop)
            sb->stop = POLICY_STOP_MEMORY;
        return NULL;
    }
    sb->used = sb->used - old + nsize;
    return p;
}

/* ---- stopping ---- */

const char *policy_stop_text(const struct policy_sandbox *sb, enum policy_stop s, char *buf,
                             size_t n)
{
    switch (s) {
    case POLICY_STOP_INSTRUCTIONS:
        snprintf(buf, n, "instruction budget exceeded (%lld instructions)", sb->budget);
        break;
    case POLICY_STOP_DEADLINE:
        snprintf(buf, n, "deadline exceeded (%lld ms)", sb->deadline_ms);
        break;
    case POLICY_STOP_MEMORY:
        snprintf(buf, n, "memory limit exceeded (%zu MB)", sb->cap >> 20);
        break;
    default: snprintf(buf, n, "stopped"); break;
    }
    return buf;
}

static const char *source_name(const lua_Debug *ar)
{
    return ar->source[0] == '@' ? ar->source + 1 : ar->short_src;
}

/* Remember where the policy was when it was stopped (the first time only). */
static void note_stop_position(struct policy_sandbox *sb, lua_State *L, lua_Debug *ar)
{
    if (sb->stop_source || !ar)
        return;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
        sb->stop_source = xstrdup(source_name(ar));
        sb->stop_line = (unsigned)ar->currentline;
    }
}

static int raise_stop(lua_State *L)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    char buf[128];
    return luaL_error(L, "%s", policy_stop_text(sb, sb->stop, buf, sizeof(buf)));
}

void policy_sandbox_guard(lua_State *L)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    /* the deadline is checked here too: a loop of slow C calls runs few VM instructions */
    if (!sb->stop && sb->deadline_ns && now_ns() > sb->deadline_ns)
        sb->stop = POLICY_STOP_DEADLINE;
    if (sb->stop)
        raise_stop(L);
}

/* Stop now with why (the position is the innermost Lua frame's). */
static void stop_now(lua_State *L, struct policy_sandbox *sb, enum policy_stop why)
{
    lua_Debug ar;
    sb->stop = why;
    if (lua_getstack(L, 1, &ar))
        note_stop_position(sb, L, &ar);
    raise_stop(L);
}

void policy_sandbox_charge(lua_State *L, double cost)
{
    policy_sandbox_guard(L);
    struct policy_sandbox *sb = policy_sandbox_of(L);
    if (sb->budget > 0 && (double)sb->count + cost > (double)sb->budget) {
        sb->count = sb->budget;
        stop_now(L, sb, POLICY_STOP_INSTRUCTIONS);
    }
    policy_sandbox_fits(L, cost);
    sb->count += (long long)cost;
}

void policy_sandbox_fits(lua_State *L, double cost)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    if (sb->deadline_ns &&
        cost > (double)(sb->deadline_ns - now_ns()) / 1e6 * UNITS_PER_MS + UNITS_PER_MS)
        stop_now(L, sb, POLICY_STOP_DEADLINE);
}

void policy_sandbox_reserve(lua_State *L, double bytes)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    if (sb->cap && (double)sb->used + bytes > (double)sb->cap)
        stop_now(L, sb, POLICY_STOP_MEMORY);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    if (!sb->stop) {
        sb->count += HOOK_EVERY;
        if (sb->budget > 0 && sb->count > sb->budget)
            sb->stop = POLICY_STOP_INSTRUCTIONS;
        else if (sb->deadline_ns && now_ns() > sb->deadline_ns)
            sb->stop = POLICY_STOP_DEADLINE;
    }
    if (!sb->stop)
        return;
    note_stop_position(sb, L, ar);
    if (lua_isyieldable(L)) {
        lua_yield(L, 0); /* back to policy_sandbox_call: no pcall of the policy sees it */
        return;
    }
    raise_stop(L); /* inside a C call: an error, and the state stays poisoned */
}

/* ---- replaced globals ---- */

/* pcall and xpcall as lbaselib.c has them, except that a stopped policy cannot catch. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        if (policy_sandbox_of(L)->stop)
            return lua_error(L);
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int sb_pcall(lua_State *L)
{
    policy_sandbox_guard(L);
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

static int sb_xpcall(lua_State *L)
{
    policy_sandbox_guard(L);
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
    return finish_pcall(L, status, 2);
}

/* Call the original function (upvalue 1) with every argument; re-raise when stopped. */
static int call_original(lua_State *L)
{
    policy_sandbox_guard(L);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    policy_sandbox_guard(L); /* coroutine.resume/close and load catch errors: not this one */
    return lua_gettop(L);
}

static int sb_load(lua_State *L)
{
    policy_sandbox_guard(L);
    int n = lua_gettop(L);
    if (n >= 3 && !lua_isnil(L, 3)) {
        const char *mode = luaL_checkstring(L, 3);
        if (strcmp(mode, "t") != 0)
            return luaL_error(L, "load: only text chunks (mode \"t\") are allowed in policies");
    }
    if (lua_type(L, 1) == LUA_TSTRING) /* compiling is one pass over the text */
        policy_sandbox_charge(L, (double)lua_rawlen(L, 1) / 16);
    if (n < 2)
        lua_settop(L, 2);
    int base = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushliteral(L, "t");
    if (n >= 4)
        lua_pushvalue(L, 4);
    lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
    policy_sandbox_guard(L);
    return lua_gettop(L) - base;
}

static int sb_setmetatable(lua_State *L)
{
    policy_sandbox_guard(L);
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int t = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (t != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc metamethods are not allowed in policies");
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int sb_collectgarbage(lua_State *L)
{
    policy_sandbox_guard(L);
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: only \"count\" is available to policies");
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) +
                          (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024);
    return 1;
}

/* print: one line on standard error with --debug (masked like every message), else nothing. */
static int sb_print(lua_State *L)
{
    policy_sandbox_guard(L);
    struct policy_sandbox *sb = policy_sandbox_of(L);
    if (!sb->debug)
        return 0;
    int n = lua_gettop(L);
    struct policy_buf *b = policy_buf_new(L);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            policy_buf_add(L, b, "\t", 1);
        policy_value_text(L, i, b, 4096);
    }
    /* scrubbed, then escaped: a print is one line, whatever its text (print's tabs stay) */
    struct strbuf line = STRBUF_INIT;
    strbuf_addstr(&line, "debug: ");
    escape_term(&line, sb->label);
    strbuf_addstr(&line, ": ");
    escape_term_keep(&line, policy_redact_text(L, b->p ? b->p : "", b->len), "\t");
    strbuf_addch(&line, '\n');
    fputs(line.buf, stderr);
    strbuf_release(&line);
    return 0;
}

/* ---- require: pure-Lua modules from the policy's own lib/ directory ---- */

static int valid_module_name(const char *s)
{
    int start = 1;
    for (; *s; s++) {
        int c = (unsigned char)*s;
        if (c == '.') {
            if (start)
                return 0;
            start = 1;
        } else if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (!start && c >= '0' && c <= '9')) {
            start = 0;
        } else {
            return 0;
        }
    }
    return !start;
}

static int require_done(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    /* stack: name, loaded, module result */
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, 2);
    return 1;
}

static int sb_require(lua_State *L)
{
    policy_sandbox_guard(L);
    struct policy_sandbox *sb = policy_sandbox_of(L);
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require: '%s' is not a module name (letters, digits, '_', dots)",
                          name);
    lua_getfield(L, LUA_REGISTRYINDEX, "infralint.loaded"); /* 2 */
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) != LUA_TNIL) {
        if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
            return luaL_error(L,
                              "require: module '%s' is still loading (a require loop, or "
                              "it failed earlier)",
                              name);
        return 1;
    }
    lua_pop(L, 1);
    struct policy_buf *b = policy_buf_new(L); /* 3 */
    policy_buf_addf(L, b, "%s/lib/", sb->dir);
    for (const char *s = name; *s; s++)
        policy_buf_add(L, b, *s == '.' ? "/" : s, 1);
    policy_buf_addstr(L, b, ".lua");
    const char *path = policy_buf_str(b);
    char real[PATH_MAX], libdir[PATH_MAX];
    char *lib = path_join(sb->dir, "lib");
    int inside = realpath(path, real) && realpath(lib, libdir) &&
                 !strncmp(real, libdir, strlen(libdir)) && real[strlen(libdir)] == '/';
    free(lib);
    if (!inside)
        return luaL_error(L, "require: no module '%s' (looked for %s, inside the policy's lib/)",
                          name, path);
    lua_pushfstring(L, "@%s", path); /* 4 */
    char *text = NULL;
    size_t len = 0;
    if (file_read(path, &text, &len) < 0)
        return luaL_error(L, "require: cannot read %s: %s", path, file_strerror(errno));
    int st = luaL_loadbufferx(L, text, len, lua_tostring(L, 4), "t"); /* never raises */
    free(text);
    if (st != LUA_OK)
        return lua_error(L);
    lua_replace(L, 3); /* the chunk replaces the buffer */
    lua_settop(L, 3);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, (void *)sb); /* "loading" marker: a require loop is an error */
    lua_rawset(L, 2);
    lua_pushvalue(L, 1);
    lua_callk(L, 1, 1, 0, require_done); /* yieldable: the hook can stop a module too */
    return require_done(L, LUA_OK, 0);
}

/* ---- guarded pattern matching ---- */

double policy_pattern_cost(const char *p, size_t plen, size_t n, int plain)
{
    double subject = (double)n + 1;
    if (!plain && strpbrk(p, "^$*+?.([%-") == NULL)
        plain = 1;
    if (plain)
        return subject * (double)(plen + 1); /* the naive substring search */
    size_t i = 0, classbytes = 0;
    int anchored = plen && p[0] == '^', q = 0;
    if (anchored)
        i = 1;
    while (i < plen) {
        char c = p[i];
        if (c == '(' || c == ')') {
            i++;
            continue;
        }
        if (c == '%' && i + 1 < plen && p[i + 1] == 'b') {
            q++; /* a balanced match scans to the end of the subject */
            i += 4;
            continue;
        }
        if (c == '%' && i + 1 < plen && p[i + 1] >= '1' && p[i + 1] <= '9') {
            q++; /* a back-reference compares a whole capture again */
            i += 2;
            continue;
        }
        if (c == '%' && i + 1 < plen && p[i + 1] == 'f') {
            i += 2;
            if (i < plen && p[i] == '[') {
                for (i++; i < plen && p[i] != ']'; i++)
                    if (p[i] == '%')
                        i++;
                i++;
            }
            continue;
        }
        if (c == '%') {
            i += 2;
        } else if (c == '[') {
            size_t start = i++;
            if (i < plen && p[i] == '^')
                i++;
            if (i < plen && p[i] == ']')
                i++;
            for (; i < plen && p[i] != ']'; i++)
                if (p[i] == '%')
                    i++;
            i++;
            classbytes += i - start; /* a class is matched by reading it, at every step */
        } else {
            i++;
        }
        if (i < plen && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
            q++;
            i++;
        } else if (i < plen && p[i] == '?') {
            i++;
        }
    }
    /* one step is about 16 bytes of a class read (the matcher's own work per step) */
    return pow(subject, (double)(q + (anchored ? 0 : 1))) * (1 + (double)classbytes / 16);
}

/* string.find/match/gmatch/gsub: refuse matches whose worst case would run for seconds inside
 * one C call, where the hook cannot stop them. Upvalues: the original, its name. */
static int guarded_match(lua_State *L)
{
    policy_sandbox_guard(L);
    size_t n, plen;
    luaL_checklstring(L, 1, &n);
    const char *pat = luaL_checklstring(L, 2, &plen);
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    int plain = !strcmp(name, "find") && lua_toboolean(L, 4);
    if (!plain && strpbrk(pat, "^$*+?.([%-") == NULL)
        plain = 1; /* Lua searches such patterns as plain text */
    double cost = policy_pattern_cost(pat, plen, n, plain);
    char msg[512]; /* lua_pushfstring knows no %zu or %e */
    if (plain && cost > PLAIN_LIMIT) {
        snprintf(msg, sizeof(msg),
                 "string.%s: searching a %zu-byte subject for a %zu-byte text is too costly "
                 "(up to %.0e comparisons, the limit is %.0e)",
                 name, n, plen, cost, PLAIN_LIMIT);
        return luaL_error(L, "%s", msg);
    }
    if (!plain && cost > PATTERN_LIMIT) {
        snprintf(msg, sizeof(msg),
                 "string.%s: pattern '%.40s%s' is too costly for a %zu-byte subject (up to %.0e "
                 "steps, the limit is %.0e): anchor it with '^', use fewer repetitions (* + -), "
                 "or search plain text with string.find(s, p, 1, true)",
                 name, pat, plen > 40 ? "..." : "", n, cost, PATTERN_LIMIT);
        return luaL_error(L, "%s", msg);
    }
    /* the worst case must fit in the time left; the scan of the subject is charged */
    policy_sandbox_charge(L, (double)n / 16 + 1);
    policy_sandbox_fits(L, cost);
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* ---- the state ---- */

static const char *const allowed_globals[] = {
    "assert",       "error",    "getmetatable", "ipairs", "load",   "next",           "pairs",
    "pcall",        "print",    "rawequal",     "rawget", "rawlen", "rawset",         "select",
    "setmetatable", "tonumber", "tostring",     "type",   "xpcall", "collectgarbage", "_G",
    "_VERSION",     "string",   "table",        "math",   "utf8",   "coroutine",
};

static int is_allowed(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(allowed_globals); i++)
        if (!strcmp(name, allowed_globals[i]))
            return 1;
    return 0;
}

/* Drop every global that is not on the allow-list (dofile, loadfile, warn, and whatever a
 * later Lua adds). */
static void trim_globals(lua_State *L)
{
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    lua_newtable(L);
    int doomed = lua_gettop(L);
    lua_Integer nd = 0;
    lua_pushnil(L);
    while (lua_next(L, g)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING || !is_allowed(lua_tostring(L, -1))) {
            lua_pushvalue(L, -1);
            lua_rawseti(L, doomed, ++nd);
        }
    }
    for (lua_Integer i = 1; i <= nd; i++) {
        lua_rawgeti(L, doomed, i);
        lua_pushnil(L);
        lua_rawset(L, g);
    }
    lua_settop(L, g - 1);
}

/* Replace t[name] (t at idx) by a closure of fn over the original. */
static void wrap_field(lua_State *L, int idx, const char *name, lua_CFunction fn)
{
    lua_getfield(L, idx, name);
    lua_pushstring(L, name);
    lua_pushcclosure(L, fn, 2);
    lua_setfield(L, idx, name);
}

static int init_state(lua_State *L)
{
    static const struct {
        const char *name;
        lua_CFunction open;
    } libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
    };
    for (size_t i = 0; i < ARRAY_SIZE(libs); i++) {
        luaL_requiref(L, libs[i].name, libs[i].open, 1);
        lua_pop(L, 1);
    }
    trim_globals(L);
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    lua_pushcfunction(L, sb_pcall);
    lua_setfield(L, g, "pcall");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, g, "xpcall");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, g, "print");
    lua_pushcfunction(L, sb_collectgarbage);
    lua_setfield(L, g, "collectgarbage");
    lua_pushcfunction(L, sb_require);
    lua_setfield(L, g, "require");
    wrap_field(L, g, "load", sb_load);
    wrap_field(L, g, "setmetatable", sb_setmetatable);

    lua_getfield(L, g, LUA_STRLIBNAME);
    int str = lua_gettop(L);
    lua_pushnil(L);
    lua_setfield(L, str, "dump");
    static const char *const matchers[] = {"find", "match", "gmatch", "gsub"};
    for (size_t i = 0; i < ARRAY_SIZE(matchers); i++)
        wrap_field(L, str, matchers[i], guarded_match);
    lua_pop(L, 1);

    lua_getfield(L, g, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_setfield(L, LUA_REGISTRYINDEX, "infralint.randomseed");
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);

    lua_getfield(L, g, LUA_COLIBNAME);
    int co = lua_gettop(L);
    lua_getfield(L, co, "resume");
    lua_pushcclosure(L, call_original, 1);
    lua_setfield(L, co, "resume");
    lua_getfield(L, co, "close");
    lua_pushcclosure(L, call_original, 1);
    lua_setfield(L, co, "close");
    lua_pop(L, 1);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "infralint.loaded");
    policy_proxy_open(L);
    policy_helpers_open(L);
    policy_regex_open(L);
    policy_plan_open(L);
    policy_workflow_open(L);
    policy_migrations_open(L);
    policy_project_open(L);
    policy_bounds_open(L);
    policy_order_open(L);
    lua_getglobal(L, LUA_STRLIBNAME); /* format (bounded) kept for ctx:report, whatever the */
    lua_getfield(L, -1, "format");    /* policy does to the string table */
    lua_setfield(L, LUA_REGISTRYINDEX, "infralint.format");
    lua_settop(L, 0);
    policy_sandbox_seed(L, policy_sandbox_of(L)->seed);
    return 0;
}

static int panic(lua_State *L)
{
    const char *m = lua_tostring(L, -1);
    escape_term_printf(stderr, "infralint: error: Lua panic outside a protected call: %s",
                       m ? m : "?");
    abort();
}

void policy_sandbox_limits(struct policy_sandbox *sb, const struct policy_limits *lim)
{
    sb->budget = lim->instructions;
    sb->deadline_ms = lim->deadline_ms;
    sb->cap = lim->memory_mb > 0 ? (size_t)lim->memory_mb << 20 : 0;
}

static long long fnv1a(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (long long)(h >> 1);
}

void policy_sandbox_rename(struct policy_sandbox *sb, const char *label)
{
    free(sb->label);
    sb->label = xstrdup(label);
    sb->seed = fnv1a(label);
}

void policy_sandbox_seed(lua_State *L, long long seed)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "infralint.randomseed");
    lua_pushinteger(L, (lua_Integer)seed);
    lua_call(L, 1, 0);
}

struct policy_sandbox *policy_sandbox_new(const char *label, const char *dir,
                                          const struct policy_limits *lim, int debug, char **err)
{
    struct policy_sandbox *sb = xcalloc(1, sizeof(*sb));
    policy_sandbox_limits(sb, lim);
    sb->label = xstrdup(label);
    sb->dir = xstrdup(dir);
    sb->debug = debug;
    sb->gen = 1;
    sb->refs = 1;
    sb->seed = fnv1a(label);
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        *err = xstrfmt("cannot create a Lua state within %lld MB", lim->memory_mb);
        policy_sandbox_free(sb);
        return NULL;
    }
    *slot(sb->L) = sb;
    lua_atpanic(sb->L, panic);
    lua_pushcfunction(sb->L, init_state);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        const char *m = lua_tostring(sb->L, -1);
        *err = xstrfmt("cannot set up the Lua sandbox: %s", m ? m : "not enough memory");
        policy_sandbox_free(sb);
        return NULL;
    }
    sb->stop = POLICY_RUNNING;
    return sb;
}

void policy_sandbox_ref(struct policy_sandbox *sb)
{
    sb->refs++;
}

void policy_sandbox_free(struct policy_sandbox *sb)
{
    if (!sb || --sb->refs > 0)
        return;
    if (sb->L)
        lua_close(sb->L);
    free(sb->label);
    free(sb->dir);
    free(sb->stop_source);
    free(sb);
}

/* ---- the protected call ---- */

struct call_args {
    struct policy_sandbox *sb;
    policy_prepare_fn *prepare;
    policy_collect_fn *collect;
    void *ud;
    struct policy_outcome *out;
};

/* The message of an error object, without Lua's "chunk:line: " prefix. */
static char *error_text(lua_State *co, int idx)
{
    int t = lua_type(co, idx);
    if (t != LUA_TSTRING && t != LUA_TNUMBER)
        return xstrfmt("(error object is a %s value)", lua_typename(co, t));
    const char *m = lua_tostring(co, idx);
    for (const char *s = m; *s && *s != '\n'; s++) {
        if (*s != ':' || s[1] < '0' || s[1] > '9')
            continue;
        const char *d = s + 1;
        while (*d >= '0' && *d <= '9')
            d++;
        if (d[0] == ':' && d[1] == ' ')
            return xstrdup(d + 2);
    }
    return xstrdup(m);
}

/* Line number from a syntax error's "chunk:line: " prefix (no frames exist for those). */
static unsigned prefix_line(const char *m)
{
    for (const char *s = m; s && *s && *s != '\n'; s++)
        if (*s == ':' && s[1] >= '0' && s[1] <= '9') {
            char *end;
            unsigned long l = strtoul(s + 1, &end, 10);
            if (*end == ':')
                return l > UINT_MAX ? 0 : (unsigned)l;
        }
    return 0;
}

/* Split an error message's "chunk:line: " prefix: the chunk id (copied into id) and the line. */
static unsigned split_prefix(const char *m, char *id, size_t n)
{
    for (const char *s = m; s && *s && *s != '\n'; s++) {
        if (*s != ':' || s[1] < '0' || s[1] > '9')
            continue;
        char *end;
        unsigned long l = strtoul(s + 1, &end, 10);
        if (end[0] == ':' && end[1] == ' ' && (size_t)(s - m) < n) {
            memcpy(id, m, (size_t)(s - m));
            id[s - m] = '\0';
            return l > UINT_MAX ? 0 : (unsigned)l;
        }
    }
    return 0;
}

static void describe(lua_State *L, lua_State *co, int st, struct policy_outcome *out)
{
    struct policy_sandbox *sb = policy_sandbox_of(L);
    out->ok = 0;
    char id[LUA_IDSIZE + 1] = "";
    unsigned line = 0;
    if (!sb->stop && st != LUA_YIELD && lua_type(co, -1) == LUA_TSTRING)
        line = split_prefix(lua_tostring(co, -1), id, sizeof(id));
    lua_Debug ar;
    /* a few levels only: lua_getstack walks the call chain, and it may be very deep */
    for (int lvl = 0; lvl < 32 && lua_getstack(co, lvl, &ar); lvl++) {
        if (!lua_getinfo(co, "Sl", &ar) || ar.currentline <= 0)
            continue;
        if (!out->file) { /* the innermost Lua frame */
            out->file = xstrdup(source_name(&ar));
            out->line = (unsigned)ar.currentline;
        }
        if (line && !strcmp(ar.short_src, id)) { /* error(msg, level) blamed this chunk */
            free(out->file);
            out->file = xstrdup(source_name(&ar));
            out->line = line;
        }
        if (!line || !strcmp(ar.short_src, id))
            break;
    }
    if (sb->stop)
        out->message = xstrdup("stopped");
    else if (st == LUA_YIELD)
        out->message = xstrdup("the check yielded (coroutine.yield outside a coroutine of the "
                               "policy's own)");
    else
        out->message = error_text(co, -1);
    luaL_traceback(L, co, NULL, 0);
    out->traceback = xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);
}

static int run_protected(lua_State *L)
{
    struct call_args *a = lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_State *co = lua_newthread(L);
    int nargs = a->prepare(L, a->ud);
    lua_xmove(L, co, nargs + 1);
    lua_sethook(co, hook, LUA_MASKCOUNT, HOOK_EVERY);
    int nres = 0;
    int st = lua_resume(co, L, nargs, &nres);
    if (st == LUA_OK && !a->sb->stop) {
        luaL_checkstack(L, nres + LUA_MINSTACK, "too many results");
        lua_xmove(co, L, nres);
        a->out->ok = 1;
        if (a->collect)
            a->collect(L, nres, a->ud);
    } else {
        describe(L, co, st, a->out);
    }
    close_thread(co, L);
    return 0;
}

int policy_sandbox_call(struct policy_sandbox *sb, policy_prepare_fn *prepare,
                        policy_collect_fn *collect, void *ud, struct policy_outcome *out)
{
    memset(out, 0, sizeof(*out));
    sb->stop = POLICY_RUNNING;
    free(sb->stop_source);
    sb->stop_source = NULL;
    sb->stop_line = 0;
    sb->count = 0;
    sb->deadline_ns = sb->deadline_ms > 0 ? now_ns() + sb->deadline_ms * 1000000LL : 0;
    struct call_args a = {sb, prepare, collect, ud, out};
    lua_State *L = sb->L;
    lua_settop(L, 0);
    lua_pushcfunction(L, run_protected);
    lua_pushlightuserdata(L, &a);
    int st = lua_pcall(L, 1, 0, 0);
    if (st != LUA_OK) {
        out->ok = 0;
        if (!out->message) {
            const char *m = lua_tostring(L, -1);
            out->message = m ? error_text(L, -1) : xstrdup("not enough memory");
            if (!out->line)
                out->line = prefix_line(m);
        }
    }
    if (sb->stop) {
        char buf[128];
        out->ok = 0;
        out->stop = sb->stop;
        free(out->message);
        out->message = xstrdup(policy_stop_text(sb, sb->stop, buf, sizeof(buf)));
        if (sb->stop_source) {
            free(out->file);
            out->file = xstrdup(sb->stop_source);
            out->line = sb->stop_line;
        }
    }
    lua_settop(L, 0);
    return out->ok ? 0 : -1;
}

void policy_outcome_release(struct policy_outcome *o)
{
    free(o->file);
    free(o->message);
    free(o->traceback);
    memset(o, 0, sizeof(*o));
}
