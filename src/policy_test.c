/* policy_test.c — `infralint test`: policy tests are data. A `foo_test.lua` beside `foo.lua`
 * returns a list of cases; each gives a subject (a plan built around a few attributes, a plan
 * file, a backend, workflows, migrations) and the findings it expects, matched exactly as a set:
 * listed in `expect`, or written into YAML and SQL fixtures as inline marks (`# expect: acme/x`
 * on the line before the offending line, `# ok: acme/x` asserting silence there). Cases run
 * through the real engine (scope, environment resolution, options, on_unknown, inline ignores),
 * one fresh project each. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "infralint/backend.h"
#include "infralint/escape.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "policy_int.h"

struct texpect {
    char *rule, *at, *path, *severity, *message, *fix;
    int has_at, has_path;
    char *file;         /* inline mark: the fixture file */
    unsigned line;      /* expected line (an inline mark's next line, or `line = N`) */
    unsigned mark_line; /* inline mark: the line of the mark */
};

/* A YAML or SQL fixture document: its name in the project and its text. */
struct tdoc {
    char *name;
    char *text;
    size_t len;
};

/* An inline `ok:` mark: no finding of rule at file:line. */
struct tok {
    char *rule, *file;
    unsigned line, mark_line;
};

struct topt {
    char *name;
    int ltype; /* LUA_TBOOLEAN, LUA_TNUMBER (integer or not), LUA_TSTRING, LUA_TTABLE */
    int integer;
    long long i;
    double d;
    char *s;
    char **list;
    size_t n;
};

struct tcase {
    char *name;
    unsigned line;
    char *policy, *env, *workspace;
    char *plan_json, *plan_file, *backend_json;
    struct tdoc *wfs, *migs; /* workflows (by name), migrations (by name) */
    size_t nwfs, nmigs;
    char *workflow_file, *migrations_dir;
    int has_released;
    long long released_through;
    int has_expect;
    struct texpect *expect;
    size_t nexpect, expect_alloc;
    struct tok *oks;
    size_t noks, oks_alloc;
    struct topt *opts;
    size_t nopts;
};

struct tcover {
    char *id, *file;
    unsigned line;
    int tested, triggered, silent;
};

struct tstate {
    const struct config *config;
    enum policy_isolation isolate;
    int debug;
    FILE *out;
    size_t passed, failed;
    struct tcover *cover;
    size_t ncover, cover_alloc;
};

static void tdocs_release(struct tdoc *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].text);
    }
    free(v);
}

static void tcase_release(struct tcase *tc)
{
    free(tc->name);
    free(tc->policy);
    free(tc->env);
    free(tc->workspace);
    free(tc->plan_json);
    free(tc->plan_file);
    free(tc->backend_json);
    tdocs_release(tc->wfs, tc->nwfs);
    tdocs_release(tc->migs, tc->nmigs);
    free(tc->workflow_file);
    free(tc->migrations_dir);
    for (size_t i = 0; i < tc->nexpect; i++) {
        struct texpect *e = &tc->expect[i];
        free(e->rule);
        free(e->at);
        free(e->path);
        free(e->severity);
        free(e->message);
        free(e->fix);
        free(e->file);
    }
    free(tc->expect);
    for (size_t i = 0; i < tc->noks; i++) {
        free(tc->oks[i].rule);
        free(tc->oks[i].file);
    }
    free(tc->oks);
    for (size_t i = 0; i < tc->nopts; i++) {
        free(tc->opts[i].name);
        free(tc->opts[i].s);
        for (size_t k = 0; k < tc->opts[i].n; k++)
            free(tc->opts[i].list[k]);
        free(tc->opts[i].list);
    }
    free(tc->opts);
    memset(tc, 0, sizeof(*tc));
}

static struct tcover *cover_for(struct tstate *ts, const char *id)
{
    for (size_t i = 0; i < ts->ncover; i++)
        if (!strcmp(ts->cover[i].id, id))
            return &ts->cover[i];
    return NULL;
}

static void cover_add(struct tstate *ts, const struct policy *p, int tested)
{
    struct tcover *c = cover_for(ts, p->id);
    if (!c) {
        ALLOC_GROW(ts->cover, ts->ncover + 1, ts->cover_alloc);
        c = &ts->cover[ts->ncover++];
        memset(c, 0, sizeof(*c));
        c->id = xstrdup(p->id);
        c->file = xstrdup(p->file);
        c->line = p->line;
    }
    c->tested |= tested;
}

/* ---- reading a case from the test file's Lua state ---- */

struct read_args {
    int list_ref;
    lua_Integer i;
    struct tcase *tc;
};

static int rawfield(lua_State *L, int t, const char *k)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, k);
    return lua_rawget(L, t);
}

static char *opt_str(lua_State *L, int t, const char *k, const char *what)
{
    int type = rawfield(L, t, k);
    char *s = NULL;
    if (type == LUA_TSTRING)
        s = xstrdup(lua_tostring(L, -1));
    else if (type != LUA_TNIL)
        luaL_error(L, "'%s' of %s must be a string", k, what);
    lua_pop(L, 1);
    return s;
}

/* A fixture path stays inside the directory of its test file: relative, no ".." component
 * (links out of it are refused when it is read, see fixture_inside). */
static int fixture_path_ok(const char *p)
{
    if (!*p || *p == '/')
        return 0;
    for (const char *c = p; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 2 && c[0] == '.' && c[1] == '.')
            return 0;
        c += n + (e != NULL);
    }
    return 1;
}

/* t[k] as a fixture path (NULL when absent); raises on one that would leave the pack. */
static char *fixture_path(lua_State *L, int t, const char *k)
{
    char *s = opt_str(L, t, k, "the case");
    if (s && !fixture_path_ok(s)) {
        free(s);
        luaL_error(L,
                   "'%s' must be a path inside the directory of the test file (relative, "
                   "without '..')",
                   k);
    }
    return s;
}

/* Is the fixture at path, every link resolved, inside dir (the test file's directory)? If
 * not, a diagnostic naming it (shown). A missing fixture fails on its own when it is read. */
static int fixture_inside(const char *path, const char *dir, const char *shown, struct diag_list *d)
{
    struct stat st;
    if (stat(path, &st) < 0 || path_within(path, dir))
        return 1;
    diag_add(d, shown, 0, 0, "a fixture that leads out of the test file's directory: not read");
    return 0;
}

/* Read a fixture file inside dir; 0, or -1 with a diagnostic naming shown. */
static int fixture_read(const char *path, const char *dir, const char *shown, char **buf,
                        size_t *len, struct diag_list *d)
{
    if (!fixture_inside(path, dir, shown, d))
        return -1;
    if (file_read(path, buf, len) == 0)
        return 0;
    diag_add(d, shown, 0, 0, "cannot read: %s", file_strerror(errno));
    return -1;
}

static void read_expect(lua_State *L, int t, struct tcase *tc)
{
    static const char *const keys[] = {"at", "fix", "line", "message", "path", "rule", "severity"};
    if (lua_type(L, t) != LUA_TTABLE)
        luaL_error(L, "'expect' must be a list of findings ({} for none)");
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, t, i);
        int e = lua_gettop(L);
        if (lua_type(L, e) != LUA_TTABLE)
            luaL_error(L, "item %d of 'expect' must be a table {at = …, path = …}", (int)i);
        policy_check_keys(L, e, keys, ARRAY_SIZE(keys), "an expected finding");
        ALLOC_GROW(tc->expect, tc->nexpect + 1, tc->expect_alloc);
        struct texpect *x = &tc->expect[tc->nexpect++];
        memset(x, 0, sizeof(*x));
        if (rawfield(L, e, "line") != LUA_TNIL) {
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1)
                luaL_error(L, "'line' of an expected finding must be a line number");
            x->line = (unsigned)lua_tointeger(L, -1);
        }
        lua_pop(L, 1);
        x->rule = opt_str(L, e, "rule", "an expected finding");
        x->at = opt_str(L, e, "at", "an expected finding");
        x->path = opt_str(L, e, "path", "an expected finding");
        x->severity = opt_str(L, e, "severity", "an expected finding");
        x->message = opt_str(L, e, "message", "an expected finding");
        x->fix = opt_str(L, e, "fix", "an expected finding");
        x->has_at = x->at != NULL;
        x->has_path = x->path != NULL;
        lua_pop(L, 1);
    }
}

static void read_options(lua_State *L, int t, struct tcase *tc)
{
    if (lua_type(L, t) != LUA_TTABLE)
        luaL_error(L, "'options' must be a table of name = value");
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        n++;
    }
    tc->opts = xcalloc(n + 1, sizeof(*tc->opts));
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "'options' must be a table of name = value");
        struct topt *o = &tc->opts[tc->nopts++];
        o->name = xstrdup(lua_tostring(L, -2));
        o->ltype = lua_type(L, -1);
        if (o->ltype == LUA_TBOOLEAN) {
            o->i = lua_toboolean(L, -1);
        } else if (o->ltype == LUA_TNUMBER) {
            o->integer = lua_isinteger(L, -1);
            o->i = (long long)lua_tointeger(L, -1);
            o->d = (double)lua_tonumber(L, -1);
        } else if (o->ltype == LUA_TSTRING) {
            o->s = xstrdup(lua_tostring(L, -1));
        } else if (o->ltype == LUA_TTABLE) {
            size_t len = lua_rawlen(L, -1);
            o->list = xcalloc(len + 1, sizeof(char *));
            for (size_t k = 0; k < len; k++) {
                lua_rawgeti(L, -1, (lua_Integer)k + 1);
                if (lua_type(L, -1) != LUA_TSTRING)
                    luaL_error(L, "option '%s' must be a list of strings", o->name);
                o->list[o->n++] = xstrdup(lua_tostring(L, -1));
                lua_pop(L, 1);
            }
        } else {
            luaL_error(L, "option '%s' has a %s value", o->name, luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
}

static int tdoc_cmp(const void *a, const void *b)
{
    return strcmp(((const struct tdoc *)a)->name, ((const struct tdoc *)b)->name);
}

/* A table of name = text (files of a fixture), as documents named prefix/name (a name holding
 * '/' is taken as it is), sorted by name. */
static void read_docs(lua_State *L, int t, const char *key, const char *prefix, struct tdoc **out,
                      size_t *n)
{
    size_t alloc = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "'%s' must be a table of file name = text", key);
        const char *name = lua_tostring(L, -2);
        if (!*name || name[0] == '/' || strstr(name, ".."))
            luaL_error(L, "'%s': '%s' is not a relative file name", key, name);
        ALLOC_GROW(*out, *n + 1, alloc);
        struct tdoc *d = &(*out)[(*n)++];
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        d->name = strchr(name, '/') ? xstrdup(name) : xstrfmt("%s/%s", prefix, name);
        d->text = xmalloc(len + 1);
        memcpy(d->text, text, len);
        d->text[len] = '\0';
        d->len = len;
        lua_pop(L, 1);
    }
    if (*n)
        qsort(*out, *n, sizeof(**out), tdoc_cmp);
}

/* workflow, workflows, workflow_file, migrations, released_through. */
static void read_text_docs(lua_State *L, int c, struct tcase *tc)
{
    int type = rawfield(L, c, "workflow");
    if (type == LUA_TSTRING) {
        lua_newtable(L);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "workflow.yml");
        read_docs(L, lua_gettop(L), "workflow", ".github/workflows", &tc->wfs, &tc->nwfs);
        lua_pop(L, 1);
    } else if (type != LUA_TNIL) {
        luaL_error(L, "'workflow' must be the text of a workflow ([[…]])");
    }
    lua_pop(L, 1);
    type = rawfield(L, c, "workflows");
    if (type == LUA_TTABLE)
        read_docs(L, lua_gettop(L), "workflows", ".github/workflows", &tc->wfs, &tc->nwfs);
    else if (type != LUA_TNIL)
        luaL_error(L, "'workflows' must be a table of file name = text");
    lua_pop(L, 1);
    tc->workflow_file = fixture_path(L, c, "workflow_file");
    type = rawfield(L, c, "migrations");
    if (type == LUA_TTABLE)
        read_docs(L, lua_gettop(L), "migrations", "migrations", &tc->migs, &tc->nmigs);
    else if (type == LUA_TSTRING)
        tc->migrations_dir = fixture_path(L, c, "migrations");
    else if (type != LUA_TNIL)
        luaL_error(L, "'migrations' must be a table of file name = text, or a directory");
    lua_pop(L, 1);
    if (rawfield(L, c, "released_through") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            luaL_error(L, "'released_through' must be a migration version (an integer)");
        tc->has_released = 1;
        tc->released_through = (long long)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
}

static int read_case_fn(lua_State *L)
{
    static const char *const keys[] = {
        "backend",  "env",           "expect",    "migrations", "name",
        "options",  "plan",          "plan_file", "policy",     "released_through",
        "workflow", "workflow_file", "workflows"};
    struct read_args *ra = lua_touserdata(L, 1);
    struct tcase *tc = ra->tc;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ra->list_ref);
    lua_rawgeti(L, -1, ra->i);
    int c = lua_gettop(L);
    if (lua_type(L, c) != LUA_TTABLE)
        luaL_error(L, "a case must be a table {name = …, plan = {…}, expect = {…}}");
    tc->name = opt_str(L, c, "name", "the case");
    policy_check_keys(L, c, keys, ARRAY_SIZE(keys), "a case");
    tc->policy = opt_str(L, c, "policy", "the case");
    tc->env = opt_str(L, c, "env", "the case");
    tc->plan_file = fixture_path(L, c, "plan_file");
    if (rawfield(L, c, "plan") != LUA_TNIL) {
        if (tc->plan_file)
            luaL_error(L, "a case gives either 'plan' or 'plan_file'");
        int plan = lua_gettop(L);
        if (lua_type(L, plan) != LUA_TTABLE)
            luaL_error(L, "'plan' must be a table {changes = {…}, env = …}");
        if (!tc->env)
            tc->env = opt_str(L, plan, "env", "'plan'");
        tc->workspace = opt_str(L, plan, "workspace", "'plan'");
        policy_fixture_plan(L, plan);
        tc->plan_json = xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (rawfield(L, c, "backend") != LUA_TNIL) {
        int b = lua_gettop(L);
        if (lua_type(L, b) != LUA_TTABLE)
            luaL_error(L, "'backend' must be a table {type = …, config = {…}}");
        char *ws = opt_str(L, b, "workspace", "'backend'");
        if (ws) {
            free(tc->workspace);
            tc->workspace = ws;
        }
        policy_fixture_backend(L, b);
        tc->backend_json = xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    read_text_docs(L, c, tc);
    if (!tc->plan_json && !tc->plan_file && !tc->backend_json && !tc->nwfs && !tc->workflow_file &&
        !tc->nmigs && !tc->migrations_dir)
        luaL_error(L, "a case needs 'plan', 'plan_file', 'backend', 'workflow', 'workflows', "
                      "'workflow_file' or 'migrations'");
    if (rawfield(L, c, "options") != LUA_TNIL)
        read_options(L, lua_gettop(L), tc);
    lua_pop(L, 1);
    tc->has_expect = rawfield(L, c, "expect") != LUA_TNIL;
    if (tc->has_expect)
        read_expect(L, lua_gettop(L), tc);
    else if (!tc->nwfs && !tc->workflow_file && !tc->nmigs && !tc->migrations_dir)
        luaL_error(L, "a case needs 'expect' (a list of findings; {} when it must stay silent)");
    return 0;
}

static int prepare_read(lua_State *L, void *ud)
{
    lua_pushcfunction(L, read_case_fn);
    lua_pushlightuserdata(L, ud);
    return 1;
}

struct file_args {
    const char *file, *text;
    size_t len;
    int list_ref;
    lua_Integer count;
};

static int prepare_test_file(lua_State *L, void *ud)
{
    struct file_args *fa = ud;
    lua_pushfstring(L, "@%s", fa->file);
    if (luaL_loadbufferx(L, fa->text, fa->len, lua_tostring(L, -1), "t") != LUA_OK)
        lua_error(L);
    lua_remove(L, -2);
    return 0;
}

static void collect_test_file(lua_State *L, int nres, void *ud)
{
    struct file_args *fa = ud;
    int v = lua_gettop(L) - nres + 1;
    if (nres < 1 || lua_type(L, v) != LUA_TTABLE)
        luaL_error(L, "a test file must return a list of cases");
    lua_pushvalue(L, v);
    fa->list_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    fa->count = (lua_Integer)lua_rawlen(L, v);
}

/* The line of the case named name: where the name appears quoted after *pos. */
static unsigned case_line(const char *text, const char *name, size_t *pos)
{
    if (!name)
        return 0;
    size_t n = strlen(name);
    for (const char *s = text + *pos; (s = strstr(s, name)); s++) {
        if (s == text || (s[-1] != '"' && s[-1] != '\'') || (s[n] != '"' && s[n] != '\''))
            continue;
        unsigned line = 1;
        for (const char *c = text; c < s; c++)
            line += *c == '\n';
        *pos = (size_t)(s - text) + n;
        return line;
    }
    return 0;
}

/* ---- running a case ---- */

static void fail_line(struct tstate *ts, const char *tfile, const struct tcase *tc, const char *fmt,
                      ...) IL_PRINTF(4, 5);
static void fail_line(struct tstate *ts, const char *tfile, const struct tcase *tc, const char *fmt,
                      ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (tc->line)
        escape_term_printf(ts->out, "%s:%u: %s: %s", tfile, tc->line, tc->name, sb.buf);
    else
        escape_term_printf(ts->out, "%s: %s: %s", tfile, tc->name, sb.buf);
    strbuf_release(&sb);
}

static const char *strip_dot(const char *s)
{
    while (s && s[0] == '.' && s[1] == '/')
        s += 2;
    return s;
}

/* Is finding f at file:line (its line, or the other line an inline ignore may stand on)? */
static int finding_at(const struct finding *f, const char *file, unsigned line)
{
    if (file && (!f->file || strcmp(strip_dot(file), strip_dot(f->file))))
        return 0;
    return f->line == line || (f->line2 && f->line2 == line);
}

static int expect_matches(const struct texpect *e, const struct finding *f, const char *rule)
{
    const char *want = e->rule ? e->rule : rule;
    if (want && strcmp(want, f->rule))
        return 0;
    if (e->line && !finding_at(f, e->file, e->line))
        return 0;
    if (e->has_at && strcmp(e->at, f->location ? f->location : ""))
        return 0;
    if (e->has_path && strcmp(e->path, f->path ? f->path : ""))
        return 0;
    if (e->severity && strcmp(e->severity, severity_name(f->severity)))
        return 0;
    if (e->message && !strstr(f->message, e->message))
        return 0;
    if (e->fix && (!f->fix || !strstr(f->fix, e->fix)))
        return 0;
    return 1;
}

/* Bipartite matching of findings to expectations (augmenting paths; both lists are short). */
static int augment(const unsigned char *adj, size_t nf, size_t ne, size_t f, int *match_e,
                   unsigned char *seen)
{
    for (size_t e = 0; e < ne; e++) {
        if (!adj[f * ne + e] || seen[e])
            continue;
        seen[e] = 1;
        if (match_e[e] < 0 || augment(adj, nf, ne, (size_t)match_e[e], match_e, seen)) {
            match_e[e] = (int)f;
            return 1;
        }
    }
    return 0;
}

/* Match one group of expectations (the `expect` list, or the inline marks: marks != 0) to
 * findings one to one; report those left unmatched; set covered[f] for each matched finding. */
static int match_group(struct tstate *ts, const char *tfile, const struct tcase *tc,
                       const struct finding_list *fl, const char *rule, int marks,
                       unsigned char *covered)
{
    size_t nf = fl->n, ne = 0;
    size_t *idx = xcalloc(tc->nexpect + 1, sizeof(size_t)); /* group member -> tc->expect */
    for (size_t e = 0; e < tc->nexpect; e++)
        if ((tc->expect[e].mark_line != 0) == (marks != 0))
            idx[ne++] = e;
    unsigned char *adj = xcalloc(nf * ne + 1, 1), *seen = xcalloc(ne + 1, 1);
    int *match_e = xcalloc(ne + 1, sizeof(int));
    for (size_t e = 0; e < ne; e++)
        match_e[e] = -1;
    for (size_t f = 0; f < nf; f++)
        for (size_t e = 0; e < ne; e++)
            adj[f * ne + e] = (unsigned char)expect_matches(&tc->expect[idx[e]], &fl->v[f], rule);
    for (size_t f = 0; f < nf; f++) {
        memset(seen, 0, ne + 1);
        augment(adj, nf, ne, f, match_e, seen);
    }
    int bad = 0;
    for (size_t e = 0; e < ne; e++) {
        if (match_e[e] >= 0) {
            covered[match_e[e]] = 1;
            continue;
        }
        const struct texpect *x = &tc->expect[idx[e]];
        const char *who = x->rule ? x->rule : rule ? rule : "any";
        if (x->mark_line)
            fail_line(ts, tfile, tc, "missing finding: %s at %s:%u (the expect: mark on line %u)",
                      who, x->file, x->line, x->mark_line);
        else {
            char on_line[32] = "";
            if (x->line)
                snprintf(on_line, sizeof(on_line), " on line %u", x->line);
            fail_line(ts, tfile, tc, "missing finding: %s at %s%s%s%s%s%s", who,
                      x->has_at ? x->at : "any location", x->has_path ? " (" : "",
                      x->has_path ? x->path : "", x->has_path ? ")" : "", on_line,
                      x->message || x->fix ? " with that text" : "");
        }
        bad = 1;
    }
    free(idx);
    free(adj);
    free(seen);
    free(match_e);
    return bad;
}

/* Compare a case's findings with its expectations. The `expect` list and the inline marks are
 * two views of the same set: each is matched to the findings one to one (a finding may satisfy
 * an entry of each), and a finding that neither covers is unexpected. */
static int compare(struct tstate *ts, const char *tfile, const struct tcase *tc,
                   const struct finding_list *fl, const char *rule)
{
    size_t nf = fl->n;
    unsigned char *covered = xcalloc(nf + 1, 1);
    int bad = match_group(ts, tfile, tc, fl, rule, 0, covered);
    bad |= match_group(ts, tfile, tc, fl, rule, 1, covered);
    for (size_t f = 0; f < nf; f++) {
        if (covered[f])
            continue;
        const struct finding *x = &fl->v[f];
        char *where = x->line ? xstrfmt("%s:%u:%u: ", x->file, x->line, x->col) : xstrdup("");
        fail_line(ts, tfile, tc, "unexpected finding: %s%s%s%s%s: %s: %s [%s]", where,
                  x->location ? x->location
                  : x->file   ? x->file
                              : "",
                  x->path ? " (" : "", x->path ? x->path : "", x->path ? ")" : "",
                  severity_name(x->severity), x->message, x->rule);
        free(where);
        bad = 1;
    }
    for (size_t k = 0; k < tc->noks; k++) { /* ok: marks */
        const struct tok *o = &tc->oks[k];
        for (size_t f = 0; f < nf; f++) {
            if (strcmp(o->rule, fl->v[f].rule) || !finding_at(&fl->v[f], o->file, o->line))
                continue;
            fail_line(ts, tfile, tc,
                      "%s reports at %s:%u, where the ok: mark on line %u "
                      "says it stays silent: %s",
                      o->rule, o->file, o->line, o->mark_line, fl->v[f].message);
            bad = 1;
        }
    }
    free(covered);
    return bad;
}

/* Set a rule's option from the case; -1 (message in *err) on a type mismatch. */
static int set_option(struct optval *v, const struct topt *o, char **err)
{
    enum opt_type t = v->decl->type;
    if (t == OPT_INT && o->ltype == LUA_TNUMBER && o->integer) {
        v->i = o->i;
        v->d = (double)o->i;
    } else if (t == OPT_NUMBER && o->ltype == LUA_TNUMBER) {
        v->d = o->d;
        v->i = (long long)o->d;
    } else if (t == OPT_BOOL && o->ltype == LUA_TBOOLEAN) {
        v->b = (int)o->i;
    } else if (t == OPT_STRING && o->ltype == LUA_TSTRING) {
        v->s = o->s;
    } else if (t == OPT_STRLIST && o->ltype == LUA_TTABLE) {
        v->list = (const char **)o->list;
        v->n = o->n;
    } else {
        *err = xstrfmt("option '%s' has the wrong type for its declaration", o->name);
        return -1;
    }
    return 0;
}

/* ---- workflow and migration fixtures ---- */

/* Parse one line of a fixture as an inline mark: `<prefix> expect: ids` or `<prefix> ok: ids`
 * alone on its line. Returns 1 (expect), 2 (ok) or 0, with *ids pointing after the colon. */
static int mark_kind(const char *s, const char *end, const char *prefix, const char **ids)
{
    size_t pl = strlen(prefix);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if ((size_t)(end - s) < pl || memcmp(s, prefix, pl))
        return 0;
    s += pl;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    int kind = (size_t)(end - s) >= 7 && !memcmp(s, "expect:", 7) ? 1
               : (size_t)(end - s) >= 3 && !memcmp(s, "ok:", 3)   ? 2
                                                                  : 0;
    *ids = s + (kind == 1 ? 7 : 3);
    return kind;
}

/* Add the rule ids of one mark (separated by commas or blanks) as expectations or oks. */
static void add_mark(struct tcase *tc, int kind, const char *ids, const char *end, const char *file,
                     unsigned mark_line)
{
    while (ids < end) {
        size_t n = strcspn(ids, ", \t\r\n");
        if (ids + n > end)
            n = (size_t)(end - ids);
        if (n && kind == 1) {
            ALLOC_GROW(tc->expect, tc->nexpect + 1, tc->expect_alloc);
            struct texpect *x = &tc->expect[tc->nexpect++];
            memset(x, 0, sizeof(*x));
            x->rule = xstrndup(ids, n);
            x->file = xstrdup(file);
            x->mark_line = mark_line;
        } else if (n) {
            ALLOC_GROW(tc->oks, tc->noks + 1, tc->oks_alloc);
            struct tok *o = &tc->oks[tc->noks++];
            memset(o, 0, sizeof(*o));
            o->rule = xstrndup(ids, n);
            o->file = xstrdup(file);
            o->mark_line = mark_line;
        }
        ids += n;
        while (ids < end && strchr(", \t\r", *ids))
            ids++;
    }
}

/* Find the inline marks of a fixture: each names the next line that is not a mark (marks that
 * end the file name none: a diagnostic, or an ok: there would assert nothing). */
static void scan_marks(struct tcase *tc, const char *file, const char *text, size_t len,
                       const char *prefix, struct diag_list *d)
{
    size_t e0 = tc->nexpect, o0 = tc->noks;
    unsigned line = 1;
    for (const char *s = text, *end = text + len; s < end; line++) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        const char *ids;
        int kind = mark_kind(s, eol, prefix, &ids);
        if (kind) {
            add_mark(tc, kind, ids, eol, file, line);
        } else {
            for (; e0 < tc->nexpect; e0++)
                tc->expect[e0].line = line;
            for (; o0 < tc->noks; o0++)
                tc->oks[o0].line = line;
        }
        s = eol + 1;
    }
    if (e0 < tc->nexpect || o0 < tc->noks)
        diag_add(d, file, e0 < tc->nexpect ? tc->expect[e0].mark_line : tc->oks[o0].mark_line, 0,
                 "an inline mark ends the file: it names no line");
    for (; e0 < tc->nexpect; e0++)
        tc->expect[e0].line = line;
    for (; o0 < tc->noks; o0++)
        tc->oks[o0].line = line;
}

static void add_workflow(struct project *proj, const char *name, const char *text, size_t len,
                         struct diag_list *d)
{
    char *buf = xmalloc(len + 1);
    memcpy(buf, text, len);
    buf[len] = '\0';
    struct workflow *wf = wf_load(name, buf, len, d);
    if (!wf)
        return;
    wf->abspath = xstrfmt("/fixture/%s", name); /* local reusable calls resolve among them */
    if (starts_with(name, ".github/workflows/") && !strchr(name + 18, '/'))
        wf->repo = xstrdup("/fixture");
    ALLOC_GROW(proj->wfs, proj->nwfs + 1, proj->wfs_alloc);
    proj->wfs[proj->nwfs++] = wf;
    proj->nfiles++;
    wf_scan_ignores(wf, &proj->ignores, d);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.sql files of a fixture directory (inside root), as documents named dir/file. */
static void read_sql_dir(const char *root, const char *path, const char *shown, struct tdoc **out,
                         size_t *n, struct diag_list *d)
{
    if (!fixture_inside(path, root, shown, d))
        return;
    DIR *dh = opendir(path);
    if (!dh) {
        diag_add(d, shown, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t nn = 0, alloc = 0, dalloc = 0;
    struct dirent *de;
    while ((de = readdir(dh)))
        if (ends_with(de->d_name, ".sql")) {
            ALLOC_GROW(names, nn + 1, alloc);
            names[nn++] = xstrdup(de->d_name);
        }
    closedir(dh);
    if (nn)
        qsort(names, nn, sizeof(*names), name_cmp);
    for (size_t i = 0; i < nn; i++) {
        char *file = path_join(path, names[i]), *buf;
        size_t len;
        if (fixture_read(file, root, file, &buf, &len, d) == 0) {
            ALLOC_GROW(*out, *n + 1, dalloc);
            struct tdoc *doc = &(*out)[(*n)++];
            doc->name = path_join(shown, names[i]);
            doc->text = buf;
            doc->len = len;
        }
        free(file);
        free(names[i]);
    }
    free(names);
}

/* Load the workflows and migrations of a case (and find their inline marks). */
static void load_text_docs(const char *tfile, struct tcase *tc, struct project *proj,
                           struct diag_list *d)
{
    char *dir = path_dirname(tfile);
    struct tdoc *files = NULL;
    size_t nfiles = 0;
    for (size_t i = 0; i < tc->nwfs; i++) {
        add_workflow(proj, tc->wfs[i].name, tc->wfs[i].text, tc->wfs[i].len, d);
        scan_marks(tc, tc->wfs[i].name, tc->wfs[i].text, tc->wfs[i].len, "#", d);
    }
    if (tc->workflow_file) {
        char *path = path_join(dir, tc->workflow_file), *buf;
        size_t len;
        if (fixture_read(path, dir, tc->workflow_file, &buf, &len, d) == 0) {
            add_workflow(proj, tc->workflow_file, buf, len, d);
            scan_marks(tc, tc->workflow_file, buf, len, "#", d);
            free(buf);
        }
        free(path);
    }
    if (proj->nwfs)
        wf_link(proj->wfs, proj->nwfs, &proj->wfsets, &proj->nwfsets);
    if (tc->migrations_dir) {
        char *path = path_join(dir, tc->migrations_dir);
        read_sql_dir(dir, path, tc->migrations_dir, &files, &nfiles, d);
        free(path);
    }
    for (size_t i = 0; i < tc->nmigs + nfiles; i++) {
        const struct tdoc *doc = i < tc->nmigs ? &tc->migs[i] : &files[i - tc->nmigs];
        mig_add_file(proj, doc->name, doc->text, doc->len, 0, d);
        scan_marks(tc, doc->name, doc->text, doc->len, "--", d);
    }
    if (proj->nmigs) {
        mig_finish(proj, d);
        struct mig_history h = {tc->has_released, (unsigned long long)tc->released_through, NULL};
        mig_apply_history(proj, &h, d);
    }
    tdocs_release(files, nfiles);
    free(dir);
}

/* Load the case's documents into proj; -1 with a failure line printed. */
static int load_subject(struct tstate *ts, const char *tfile, struct tcase *tc,
                        struct project *proj)
{
    struct diag_list d = {0};
    load_text_docs(tfile, tc, proj, &d);
    struct plan *plan = NULL;
    if (tc->plan_json) {
        plan = plan_load("plan.json", tc->plan_json, strlen(tc->plan_json), &d);
    } else if (tc->plan_file) {
        char *dir = path_dirname(tfile), *path = path_join(dir, tc->plan_file), *buf;
        size_t len;
        if (fixture_read(path, dir, tc->plan_file, &buf, &len, &d) == 0) {
            plan = plan_load(tc->plan_file, buf, len, &d);
            free(buf);
        }
        free(dir);
        free(path);
    }
    if (plan) {
        ALLOC_GROW(proj->plans, proj->nplans + 1, proj->plans_alloc);
        proj->plans[proj->nplans++] = plan;
    }
    struct tfstack *stack = NULL;
    if (tc->backend_json || tc->workspace) {
        stack = tfstack_new(".");
        ALLOC_GROW(proj->stacks, proj->nstacks + 1, proj->stacks_alloc);
        proj->stacks[proj->nstacks++] = stack;
        stack->workspace = xstrdup(tc->workspace);
        if (tc->workspace)
            stack->workspace_origin = xstrdup(".terraform/environment");
    }
    if (tc->backend_json) {
        stack->dotterraform = xstrdup(".terraform");
        stack->backend = backend_load(".terraform/terraform.tfstate", tc->backend_json,
                                      strlen(tc->backend_json), &d);
    }
    if (plan && stack) {
        tfstack_add_plan(stack, plan);
        plan_set_stack(plan, stack);
    }
    for (size_t i = 0; i < d.n; i++) {
        if (d.v[i].line)
            fail_line(ts, tfile, tc, "the fixture does not load: %s:%u: %s", d.v[i].file,
                      d.v[i].line, d.v[i].message);
        else
            fail_line(ts, tfile, tc, "the fixture does not load: %s: %s", d.v[i].file,
                      d.v[i].message);
    }
    if (!d.n && !tc->has_expect && !tc->nexpect && !tc->noks)
        fail_line(ts, tfile, tc,
                  "the case has neither 'expect' nor inline expect:/ok: marks "
                  "in its fixtures");
    int rc = d.n || (!tc->has_expect && !tc->nexpect && !tc->noks) ? -1 : 0;
    diag_release(&d);
    return rc;
}

static int run_case(struct tstate *ts, struct policy_set *ps, const char *tfile, struct tcase *tc)
{
    struct project proj;
    project_init(&proj);
    int bad = load_subject(ts, tfile, tc, &proj);
    struct ruleset rs;
    ruleset_init(&rs, NULL, 0);
    const char *rule = NULL;
    for (size_t i = 0; !bad && i < ps->n; i++) {
        struct policy *p = ps->v[i];
        if (tc->policy && strcmp(tc->policy, p->id))
            continue;
        p->dead = 0; /* a limit hit by an earlier case is that case's failure */
        ruleset_add(&rs, &p->rule);
    }
    if (rs.n == 1)
        rule = rs.v[0].rule->id; /* the default rule of expectations that name none */
    if (!bad && !rs.n) {
        fail_line(ts, tfile, tc, "no policy '%s' in this file", tc->policy);
        bad = 1;
    }
    for (size_t k = 0; !bad && k < tc->nopts; k++) {
        int found = 0;
        for (size_t i = 0; i < rs.n && !bad; i++)
            for (size_t j = 0; j < rs.v[i].nopts && !bad; j++) {
                if (strcmp(rs.v[i].opts[j].decl->name, tc->opts[k].name))
                    continue;
                char *err = NULL;
                found = 1;
                if (set_option(&rs.v[i].opts[j], &tc->opts[k], &err)) {
                    fail_line(ts, tfile, tc, "%s", err);
                    free(err);
                    bad = 1;
                }
            }
        if (!found && !bad) {
            fail_line(ts, tfile, tc, "no policy here declares option '%s'", tc->opts[k].name);
            bad = 1;
        }
    }
    if (!bad) {
        struct env_patterns pat;
        env_patterns_default(&pat);
        const struct config *c = ts->config;
        for (int cl = ENV_DEV; c && cl <= ENV_PROD; cl++)
            if (c->has_patterns[cl])
                env_patterns_set(&pat, (enum env_class)cl, (char *const *)c->patterns[cl],
                                 c->npatterns[cl]);
        struct engine_opts eo = {0};
        eo.patterns = &pat;
        eo.env_flag = tc->env;
        eo.today = "2000-01-01";
        eo.inline_ignores = 1;
        engine_resolve_envs(&proj, &eo);
        struct results res = {0};
        engine_run(&rs, &proj, &eo, &res);
        for (size_t i = 0; i < ps->errors->n; i++) {
            fail_line(ts, tfile, tc, "error: %s", ps->errors->v[i].message);
            bad = 1;
        }
        diag_release(ps->errors);
        if (!bad)
            bad = compare(ts, tfile, tc, &res.findings, rule);
        for (size_t i = 0; i < rs.n; i++) { /* coverage: which policies this case exercises */
            struct tcover *cv = cover_for(ts, rs.v[i].rule->id);
            int expects = 0;
            for (size_t e = 0; e < tc->nexpect; e++) {
                const char *want = tc->expect[e].rule ? tc->expect[e].rule : rule;
                expects |= !want || !strcmp(want, rs.v[i].rule->id);
            }
            if (cv) {
                cv->triggered |= expects;
                cv->silent |= !expects;
            }
        }
        results_release(&res);
        env_patterns_release(&pat);
    }
    ruleset_release(&rs);
    project_release(&proj);
    return bad;
}

/* ---- one test file ---- */

static char *policy_of(const char *tfile)
{
    size_t n = strlen(tfile) - strlen("_test.lua");
    return xstrfmt("%.*s.lua", (int)n, tfile);
}

static void run_test_file(struct tstate *ts, const char *tfile)
{
    char *pfile = policy_of(tfile);
    struct diag_list errs = {0};
    struct policy_set ps;
    policy_set_init(&ps, ts->config, &errs);
    ps.isolate = ts->isolate;
    ps.debug = ts->debug;
    struct stat st;
    if (stat(pfile, &st) < 0) {
        escape_term_printf(ts->out, "%s: no policy file %s beside it", tfile, pfile);
        ts->failed++;
        goto done;
    }
    policy_set_load(&ps, pfile);
    if (errs.n) {
        policy_print_errors(ts->out, &errs);
        ts->failed++;
        goto done;
    }
    for (size_t i = 0; i < ps.n; i++)
        cover_add(ts, ps.v[i], 1);
    char *text;
    struct file_args fa = {tfile, NULL, 0, LUA_NOREF, 0};
    if (file_read(tfile, &text, &fa.len) < 0) {
        escape_term_printf(ts->out, "%s: cannot read: %s", tfile, file_strerror(errno));
        ts->failed++;
        goto done;
    }
    fa.text = text;
    char *dir = path_dirname(tfile), *err = NULL;
    struct policy_sandbox *sb = policy_sandbox_new(tfile, dir, &ps.limits, ts->debug, &err);
    free(dir);
    struct policy_outcome o;
    if (!sb) {
        escape_term_printf(ts->out, "%s: %s", tfile, err);
        free(err);
        ts->failed++;
    } else if (policy_sandbox_call(sb, prepare_test_file, collect_test_file, &fa, &o) != 0) {
        if (o.line)
            escape_term_printf(ts->out, "%s:%u: %s", o.file ? o.file : tfile, o.line, o.message);
        else
            escape_term_printf(ts->out, "%s: %s", tfile, o.message);
        ts->failed++;
        policy_outcome_release(&o);
    } else {
        policy_outcome_release(&o);
        size_t pos = 0;
        for (lua_Integer i = 1; i <= fa.count; i++) {
            struct tcase tc;
            memset(&tc, 0, sizeof(tc));
            struct read_args ra = {fa.list_ref, i, &tc};
            int rc = policy_sandbox_call(sb, prepare_read, NULL, &ra, &o);
            if (!tc.name)
                tc.name = xstrfmt("case %d", (int)i);
            tc.line = case_line(text, tc.name, &pos);
            if (rc) {
                fail_line(ts, tfile, &tc, "%s", o.message);
                ts->failed++;
            } else if (run_case(ts, &ps, tfile, &tc)) {
                ts->failed++;
            } else {
                ts->passed++;
            }
            policy_outcome_release(&o);
            tcase_release(&tc);
        }
    }
    policy_sandbox_free(sb);
    free(text);
done:
    free(pfile);
    policy_set_release(&ps);
    diag_release(&errs);
}

/* ---- finding the files ---- */

struct files {
    char **v;
    size_t n, alloc;
};

static void files_add(struct files *f, const char *path)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i], path))
            return;
    ALLOC_GROW(f->v, f->n + 1, f->alloc);
    f->v[f->n++] = xstrdup(path);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, struct files *tests, struct files *policies, int depth)
{
    DIR *dh = depth < 16 ? opendir(dir) : NULL;
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.')
            continue;
        char *path = path_join(dir, de->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (strcmp(de->d_name, "lib"))
                walk(path, tests, policies, depth + 1);
        } else if (ends_with(de->d_name, "_test.lua")) {
            files_add(tests, path);
        } else if (ends_with(de->d_name, ".lua")) {
            files_add(policies, path);
        }
        free(path);
    }
    closedir(dh);
}

static int collect(const char *path, struct files *tests, struct files *policies, FILE *err)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        escape_term_printf(err, "infralint: error: cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        walk(path, tests, policies, 0);
        return 0;
    }
    if (ends_with(path, "_test.lua")) {
        files_add(tests, path);
        return 0;
    }
    if (!ends_with(path, ".lua")) {
        escape_term_printf(
            err, "infralint: error: '%s' is not a policy (.lua) or a test (_test.lua)", path);
        return -1;
    }
    files_add(policies, path);
    char *t = xstrfmt("%.*s_test.lua", (int)(strlen(path) - 4), path);
    if (stat(t, &st) == 0)
        files_add(tests, t);
    free(t);
    return 0;
}

/* --coverage: every policy needs a case that triggers it and one where it stays silent. */
static void coverage(struct tstate *ts, const struct files *policies)
{
    for (size_t i = 0; i < policies->n; i++) {
        char *t = xstrfmt("%.*s_test.lua", (int)(strlen(policies->v[i]) - 4), policies->v[i]);
        struct stat st;
        int has_tests = stat(t, &st) == 0;
        free(t);
        if (has_tests)
            continue;
        struct diag_list errs = {0};
        struct policy_set ps;
        policy_set_init(&ps, ts->config, &errs);
        policy_set_load(&ps, policies->v[i]);
        policy_print_errors(ts->out, &errs);
        ts->failed += errs.n ? 1 : 0;
        for (size_t k = 0; k < ps.n; k++)
            cover_add(ts, ps.v[k], 0);
        policy_set_release(&ps);
        diag_release(&errs);
    }
    for (size_t i = 0; i < ts->ncover; i++) {
        const struct tcover *c = &ts->cover[i];
        const char *gap = !c->tested      ? "has no tests (no _test.lua beside it)"
                          : !c->triggered ? "has no case where it reports a finding"
                          : !c->silent    ? "has no case where it stays silent"
                                          : NULL;
        if (gap) {
            escape_term_printf(ts->out, "%s:%u: coverage: %s %s", c->file, c->line, c->id, gap);
            ts->failed++;
        } else {
            ts->passed++;
        }
    }
}

int policy_test_main(char *const *paths, size_t npaths, const struct config *c, int cover,
                     enum policy_isolation isolate, int debug, FILE *out)
{
    struct files tests = {0}, policies = {0};
    int rc = 0;
    char *base = c && c->path ? path_dirname(c->path) : NULL;
    if (!npaths && c && c->npolicies) {
        for (size_t i = 0; i < c->npolicies && !rc; i++) {
            char *p = c->policies[i][0] == '/' ? xstrdup(c->policies[i])
                                               : path_join(base, c->policies[i]);
            rc = collect(p, &tests, &policies, stderr);
            free(p);
        }
    } else if (!npaths) {
        rc = collect(".", &tests, &policies, stderr);
    }
    for (size_t i = 0; i < npaths && !rc; i++)
        rc = collect(paths[i], &tests, &policies, stderr);
    free(base);
    struct tstate ts;
    memset(&ts, 0, sizeof(ts));
    ts.config = c;
    ts.isolate = isolate;
    ts.debug = debug;
    ts.out = out;
    if (!rc) {
        if (tests.n)
            qsort(tests.v, tests.n, sizeof(char *), str_cmp);
        if (policies.n)
            qsort(policies.v, policies.n, sizeof(char *), str_cmp);
        if (!tests.n && !cover) {
            fprintf(stderr, "infralint: error: no policy tests (*_test.lua) found\n");
            rc = 2;
        }
        for (size_t i = 0; i < tests.n && !rc; i++)
            run_test_file(&ts, tests.v[i]);
        if (cover && !rc)
            coverage(&ts, &policies);
        if (!rc) {
            fprintf(out, "%zu passed, %zu failed\n", ts.passed, ts.failed);
            rc = ts.failed ? 1 : 0;
        }
    } else {
        rc = 2;
    }
    for (size_t i = 0; i < tests.n; i++)
        free(tests.v[i]);
    free(tests.v);
    for (size_t i = 0; i < policies.n; i++)
        free(policies.v[i]);
    free(policies.v);
    for (size_t i = 0; i < ts.ncover; i++) {
        free(ts.cover[i].id);
        free(ts.cover[i].file);
    }
    free(ts.cover);
    return rc;
}
