/* test_policy.c — the Lua sandbox's pieces that golden cases see only from outside: the pattern
 * guard's cost estimate, and policy_sandbox_call's outcomes (stops, errors, positions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "policy_int.h"

/* Pushes the chunk whose source is ud (raising on a syntax error, as policy files do). */
static int prepare_chunk(lua_State *L, void *ud)
{
    const char *src = ud;
    if (luaL_loadbufferx(L, src, strlen(src), "@unit.lua", "t") != LUA_OK)
        lua_error(L);
    return 0;
}

/* Run src in a fresh sandbox with the given limits; returns the call's result. */
static int run(const char *src, long long instructions, long long memory_mb,
               struct policy_outcome *o)
{
    struct policy_limits lim = {instructions, memory_mb, 10000, 1000};
    char *err = NULL;
    struct policy_sandbox *sb = policy_sandbox_new("t/unit", ".", &lim, 0, &err);
    if (!sb) {
        free(err);
        memset(o, 0, sizeof(*o));
        return -2;
    }
    int rc = policy_sandbox_call(sb, prepare_chunk, NULL, (void *)src, o);
    policy_sandbox_free(sb);
    return rc;
}

/* The cost of a 100 KB bracket class on a 1 MB subject (far past the guard's limit). */
static double big_class_cost(void)
{
    size_t n = 100000;
    char *big = xmalloc(n + 1);
    memset(big, 'a', n);
    big[0] = '[';
    big[n - 1] = ']';
    big[n] = '\0';
    double c = policy_pattern_cost(big, n, 1000000, 0);
    free(big);
    return c;
}

static void pattern_costs(void)
{
    CHECK(policy_pattern_cost("abc", 3, 999, 1) == 1000.0 * 4);            /* plain: n * m */
    CHECK(policy_pattern_cost("abc", 3, 999, 0) == 1000.0 * 4);            /* no specials: plain */
    CHECK(policy_pattern_cost("a.c", 3, 999, 0) == 1000.0);                /* one pass per start */
    CHECK(policy_pattern_cost("^a.*$", 5, 999, 0) == 1000.0);              /* anchored: n^q */
    CHECK(policy_pattern_cost("a.*b", 4, 999, 0) == 1000.0 * 1000.0);      /* unanchored: n^(q+1) */
    CHECK(policy_pattern_cost("a.-b.-c", 7, 9, 0) == 1000.0);              /* two quantifiers */
    CHECK(policy_pattern_cost("x?y", 3, 9, 0) == 10.0);                    /* ? backtracks once */
    CHECK(policy_pattern_cost("%b()", 4, 9, 0) == 100.0);                  /* balanced: a scan */
    CHECK(policy_pattern_cost("^(a*)%1", 7, 9, 0) == 100.0);               /* back-reference */
    CHECK(policy_pattern_cost("[%]*]", 5, 9, 0) == 10.0 * (1 + 5.0 / 16)); /* '*' in a set */
    CHECK(big_class_cost() > 5e9);                             /* a class is read at every step */
    CHECK(policy_pattern_cost("%f[%w]%w+", 9, 9, 0) == 100.0); /* frontier: free */
}

static void outcomes(void)
{
    struct policy_outcome o;
    CHECK(run("return 1 + 1", 100000, 8, &o) == 0 && o.ok);
    policy_outcome_release(&o);

    CHECK(run("local n = 0\nwhile true do n = n + 1 end", 100000, 8, &o) == -1);
    CHECK(o.stop == POLICY_STOP_INSTRUCTIONS && o.line == 2);
    CHECK_STR(o.file, "unit.lua");
    CHECK_STR(o.message, "instruction budget exceeded (100000 instructions)");
    policy_outcome_release(&o);

    CHECK(run("while true do pcall(function() while true do end end) end", 100000, 8, &o) == -1);
    CHECK(o.stop == POLICY_STOP_INSTRUCTIONS);
    policy_outcome_release(&o);

    CHECK(run("local t = {} while true do t[#t + 1] = ('x'):rep(999) .. #t end", 0, 2, &o) == -1);
    CHECK(o.stop == POLICY_STOP_MEMORY);
    CHECK_STR(o.message, "memory limit exceeded (2 MB)");
    policy_outcome_release(&o);

    CHECK(run("\n\nerror('boom')", 100000, 8, &o) == -1);
    CHECK(!o.stop && o.line == 3);
    CHECK_STR(o.message, "boom");
    CHECK(o.traceback && strstr(o.traceback, "unit.lua:3"));
    policy_outcome_release(&o);

    CHECK(run("error({})", 100000, 8, &o) == -1);
    CHECK_STR(o.message, "(error object is a table value)");
    policy_outcome_release(&o);

    CHECK(run("return +", 100000, 8, &o) == -1);
    CHECK(o.line == 1 && strstr(o.message, "unexpected symbol"));
    policy_outcome_release(&o);

    CHECK(run("return io or os or debug or package or dofile", 100000, 8, &o) == 0);
    policy_outcome_release(&o);
}

static void spin(void *ud)
{
    volatile unsigned long *n = ud;
    for (;;)
        (*n)++; /* a C loop no hook sees: only the worker's timer ends it */
}

static void quick(void *ud)
{
    (void)ud;
}

static void isolated_load(void)
{
    struct policy_limits lim = {1000, 8, 100, 10};
    unsigned long n = 0;
    char *why = NULL;
    CHECK(policy_isolate_load(&lim, spin, &n, &why) == -1);
#if defined(__SANITIZE_THREAD__)
    /* ThreadSanitizer delays the timer's signal in a loop it never sees: the CPU limit ends it */
    CHECK(why && (strstr(why, "deadline exceeded (100 ms") || strstr(why, "CPU time limit")));
#else
    CHECK(why && strstr(why, "deadline exceeded (100 ms") != NULL);
#endif
    free(why);
    CHECK(policy_isolate_load(&lim, quick, NULL, &why) == 0 && why == NULL);
}

int main(void)
{
    isolated_load();
    pattern_costs();
    outcomes();
    return DONE("policy");
}
