/* policy_bounds.c — the cost of the library functions that do a lot of work inside one C call,
 * where the count hook cannot interrupt them: table.move over 10^12 slots, table.sort of a big
 * table again and again, {s:byte(1, -1)}, string.rep, table.concat, utf8.char with many
 * arguments. Each is wrapped: its arguments are turned into a cost (about one unit per element
 * or per 16 bytes, as one VM instruction) that is charged to the instruction budget before the
 * original runs (policy_sandbox_charge: the budget, and the time left before the deadline, must
 * cover it), and what it will allocate is checked against the memory left. So a loop of cheap
 * Lua instructions around an expensive C call runs out of budget as fast as a loop of
 * instructions does. Upvalues of every wrapper: the original function, its cost function. */
#include <lualib.h>
#include <math.h>
#include <string.h>

#include "infralint/util.h"
#include "policy_int.h"

typedef double cost_fn(lua_State *L);

/* A byte count as cost units. */
static double bytes(double n)
{
    return n / 16;
}

static double arg_len(lua_State *L, int idx)
{
    size_t n = 0;
    if (lua_type(L, idx) == LUA_TSTRING)
        lua_tolstring(L, idx, &n);
    return (double)n;
}

/* An optional integer argument as a double (non-integers: def; the original raises on them). */
static double opt_num(lua_State *L, int idx, double def)
{
    if (lua_isnoneornil(L, idx) || !lua_isnumber(L, idx))
        return def;
    return (double)lua_tonumber(L, idx);
}

/* Number of elements of the range [i, j] (0 when empty). */
static double span(double i, double j)
{
    return j >= i ? j - i + 1 : 0;
}

/* Lua's relative string position (negative counts from the end), clamped to [0, len + 1]. */
static double str_pos(double p, double len)
{
    if (p < 0)
        p = len + p + 1;
    return p < 0 ? 0 : p > len + 1 ? len + 1 : p;
}

/* The length of a table argument as the original would see it (# or its __len). */
static double table_len(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TTABLE)
        return 0;
    if (!lua_getmetatable(L, idx))
        return (double)lua_rawlen(L, idx);
    lua_pop(L, 1);
    return (double)luaL_len(L, idx);
}

static double cost_move(lua_State *L) /* table.move(a1, f, e, t [, a2]) */
{
    return span(opt_num(L, 2, 1), opt_num(L, 3, 0));
}

static double cost_sort(lua_State *L) /* table.sort(t [, comp]): n log n comparisons */
{
    double n = table_len(L, 1);
    return n > 1 ? n * log2(n) + n : 1;
}

static double cost_concat(lua_State *L) /* table.concat(t [, sep [, i [, j]]]) */
{
    double j = lua_isnoneornil(L, 4) ? table_len(L, 1) : opt_num(L, 4, 0);
    double n = span(opt_num(L, 3, 1), j);
    return n + bytes(n * arg_len(L, 2));
}

static double cost_unpack(lua_State *L) /* table.unpack(t [, i [, j]]) */
{
    double j = lua_isnoneornil(L, 3) ? table_len(L, 1) : opt_num(L, 3, 0);
    return span(opt_num(L, 2, 1), j);
}

static double cost_shift(lua_State *L) /* table.insert/remove: the elements moved */
{
    return table_len(L, 1) + 1;
}

static double cost_rep(lua_State *L) /* string.rep(s, n [, sep]) */
{
    double n = opt_num(L, 2, 0), each = arg_len(L, 1) + arg_len(L, 3);
    return n > 0 && each > 0 ? bytes(n * each) + 1 : 1;
}

static double cost_byte(lua_State *L) /* string.byte / utf8.codepoint(s [, i [, j]]) */
{
    double len = arg_len(L, 1);
    double i = str_pos(opt_num(L, 2, 1), len);
    double j = str_pos(opt_num(L, 3, i), len);
    return span(i < 1 ? 1 : i, j > len ? len : j) + 1;
}

static double cost_args(lua_State *L) /* string.char / utf8.char(...) */
{
    return (double)lua_gettop(L) + 1;
}

static double cost_text(lua_State *L) /* one pass over the string arguments */
{
    double n = 0;
    for (int i = 1; i <= lua_gettop(L); i++)
        n += arg_len(L, i);
    return (double)lua_gettop(L) + bytes(n) + 1;
}

/* Bytes the call will allocate at least, checked against the memory left (0: unknown). */
static double alloc_rep(lua_State *L)
{
    double n = opt_num(L, 2, 0);
    return n > 0 ? n * arg_len(L, 1) + (n - 1) * arg_len(L, 3) : 0;
}

struct bound {
    const char *lib, *name;
    cost_fn *cost;
};

static const struct bound bounds[];

/* The original is called in the wrapper's own frame (so its errors name the function as the
 * policy called it: "bad argument #2 to 'format'"); none of them reads upvalues. */
static int bounded(lua_State *L)
{
    const struct bound *b = &bounds[lua_tointeger(L, lua_upvalueindex(2))];
    if (b->cost == cost_rep)
        policy_sandbox_reserve(L, alloc_rep(L));
    policy_sandbox_charge(L, b->cost(L));
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

static const struct bound bounds[] = {
    {LUA_TABLIBNAME, "move", cost_move},     {LUA_TABLIBNAME, "sort", cost_sort},
    {LUA_TABLIBNAME, "concat", cost_concat}, {LUA_TABLIBNAME, "unpack", cost_unpack},
    {LUA_TABLIBNAME, "insert", cost_shift},  {LUA_TABLIBNAME, "remove", cost_shift},
    {LUA_STRLIBNAME, "rep", cost_rep},       {LUA_STRLIBNAME, "byte", cost_byte},
    {LUA_STRLIBNAME, "char", cost_args},     {LUA_STRLIBNAME, "format", cost_text},
    {LUA_STRLIBNAME, "upper", cost_text},    {LUA_STRLIBNAME, "lower", cost_text},
    {LUA_STRLIBNAME, "reverse", cost_text},  {LUA_STRLIBNAME, "sub", cost_text},
    {LUA_UTF8LIBNAME, "char", cost_args},    {LUA_UTF8LIBNAME, "codepoint", cost_byte},
    {LUA_UTF8LIBNAME, "len", cost_text},     {LUA_UTF8LIBNAME, "offset", cost_text},
};

void policy_bounds_open(lua_State *L)
{
    for (size_t i = 0; i < ARRAY_SIZE(bounds); i++) {
        const struct bound *b = &bounds[i];
        lua_getglobal(L, b->lib);
        int t = lua_gettop(L);
        lua_getfield(L, t, b->name);
        lua_pushinteger(L, (lua_Integer)i);
        lua_pushcclosure(L, bounded, 2);
        lua_setfield(L, t, b->name);
        lua_pop(L, 1);
    }
}
