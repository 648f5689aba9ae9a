/* gha_util.c — shared by the gha/ rules: reporting at nodes (aliases named), the shell commands
 * of `run:` scripts, and which jobs run tests. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* ---- reporting ---- */

static void report_v(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                     unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                     const char *location, const char *path, const char *fix, const char *fmt,
                     va_list ap) IL_PRINTF(11, 0);
static void report_v(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                     unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                     const char *location, const char *path, const char *fix, const char *fmt,
                     va_list ap)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_vaddf(&sb, fmt, ap);
    if (via && via->anchor)
        strbuf_addf(&sb, " (through the alias '*%s')", via->anchor);
    struct anchor a = {wf->file, line, col, line2, location, path};
    if (sev)
        rule_report_sev(ctx, sev, &a, fix, "%s", sb.buf);
    else
        rule_report(ctx, &a, fix, "%s", sb.buf);
    strbuf_release(&sb);
    if (via && via->target) {
        struct anchor def = {wf->file, via->target->line, via->target->col, 0, location, NULL};
        rule_related(ctx, &def, "the anchor '&%s' is defined here", via->anchor);
    }
}

void gha_report(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                const char *location, const char *path, const char *fix, const char *fmt, ...)
{
    /* the attribute path keeps fingerprints stable when lines move */
    char *own = path ? NULL : wf_node_path(wf, at.via ? at.via : at.n);
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, SEV_NONE, wf, yref_line(at), yref_col(at), 0, at.via, location, path ? path : own,
             fix, fmt, ap);
    va_end(ap);
    free(own);
}

void gha_report_pos(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                    unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                    const char *location, const char *path, const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (via)
        report_v(ctx, sev, wf, via->line, via->col, 0, via, location, path, fix, fmt, ap);
    else
        report_v(ctx, sev, wf, line, col, line2 != line ? line2 : 0, NULL, location, path, fix, fmt,
                 ap);
    va_end(ap);
}

void gha_unverifiable(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                      const char *location, const char *fix, const char *fmt, ...)
{
    if (!ctx)
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct anchor a = {wf->file, yref_line(at), yref_col(at), 0, location, NULL};
    rule_report_other(ctx, "infralint/unverifiable", &a, fix, "%s", sb.buf);
    strbuf_release(&sb);
}

char *gha_path(const struct wf_job *j, const struct wf_step *s, const char *tail)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "jobs.%s", j->id);
    if (s)
        strbuf_addf(&sb, ".steps[%zu]", s->index);
    if (s && s->sub)
        strbuf_addf(&sb, ".parallel[%zu]", s->sub - 1);
    if (tail)
        strbuf_addf(&sb, ".%s", tail);
    return strbuf_detach(&sb);
}

const char *gha_suggest(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(s, names[i]) && strcmp(s, names[i]))
            return names[i];
    return did_you_mean(s, names, n);
}

/* ---- actions and commands ---- */

int gha_uses_is(const char *uses, const char *name)
{
    if (!uses)
        return 0;
    size_t n = strlen(name);
    return !strncasecmp(uses, name, n) && (uses[n] == '@' || uses[n] == '\0');
}

struct words {
    char **v;
    size_t n, alloc;
    struct strbuf cur;
    int in_word;
};

static void word_end(struct words *w)
{
    if (!w->in_word)
        return;
    ALLOC_GROW(w->v, w->n + 1, w->alloc);
    w->v[w->n++] = strbuf_detach(&w->cur);
    w->in_word = 0;
}

static int is_name(const char *s, size_t n)
{
    if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return 0;
    return 1;
}

static int word_is(const char *w, const char *s)
{
    return !strcmp(w, s);
}

/* Drop wrappers from the front of a command: VAR=x, sudo, env, time, npx, uv run, python -m. */
static size_t unwrap(char *const *w, size_t n)
{
    static const char *const one[] = {"sudo", "time",     "exec", "nohup",  "command", "npx",
                                      "bunx", "xvfb-run", "nice", "stdbuf", "dotenv",  "env"};
    static const char *const two[][2] = {{"uv", "run"},      {"poetry", "run"}, {"pipenv", "run"},
                                         {"pdm", "run"},     {"hatch", "run"},  {"rye", "run"},
                                         {"bundle", "exec"}, {"pnpm", "exec"},  {"yarn", "exec"},
                                         {"pnpm", "dlx"},    {"yarn", "dlx"},   {"npm", "exec"}};
    size_t i = 0;
    for (int guard = 0; i < n && guard < 16; guard++) {
        const char *eq = strchr(w[i], '=');
        if (eq && is_name(w[i], (size_t)(eq - w[i]))) {
            i++;
            continue;
        }
        if (w[i][0] == '-' && i > 0) { /* options of a wrapper (npx --yes, uv run --frozen) */
            i++;
            continue;
        }
        int hit = 0;
        for (size_t k = 0; k < ARRAY_SIZE(one) && !hit; k++)
            if (word_is(w[i], one[k])) {
                i++;
                hit = 1;
            }
        for (size_t k = 0; k < ARRAY_SIZE(two) && !hit; k++)
            if (i + 1 < n && word_is(w[i], two[k][0]) && word_is(w[i + 1], two[k][1])) {
                i += 2;
                hit = 1;
            }
        if (!hit && (word_is(w[i], "timeout")) && i + 1 < n) {
            i += 2;
            hit = 1;
        }
        if (!hit && i + 1 < n && !strncmp(path_basename(w[i]), "python", 6) &&
            word_is(w[i + 1], "-m")) {
            i += 2;
            hit = 1;
        }
        if (!hit)
            break;
    }
    return i;
}

static void flush_command(struct words *w, void (*fn)(char *const *, size_t, void *), void *arg)
{
    word_end(w);
    size_t skip = unwrap(w->v, w->n);
    if (skip < w->n)
        fn(w->v + skip, w->n - skip, arg);
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    w->n = 0;
}

void gha_commands(const char *script, void (*fn)(char *const *w, size_t n, void *arg), void *arg)
{
    struct words w = {NULL, 0, 0, STRBUF_INIT, 0};
    const char *s = script;
    while (*s) {
        char c = *s;
        if (c == '\\' && (s[1] == '\n' || (s[1] == '\r' && s[2] == '\n'))) {
            s += s[1] == '\n' ? 2 : 3; /* line continuation */
            continue;
        }
        if (c == '$' && s[1] == '{' && s[2] == '{') { /* an expression stays in its word */
            const char *end = strstr(s + 3, "}}");
            size_t n = end ? (size_t)(end + 2 - s) : strlen(s);
            strbuf_add(&w.cur, s, n);
            w.in_word = 1;
            s += n;
            continue;
        }
        if (c == '\'' || c == '"') {
            const char *q = s + 1;
            while (*q && *q != c) {
                if (c == '"' && *q == '\\' && q[1])
                    q++;
                q++;
            }
            strbuf_add(&w.cur, s + 1, (size_t)(q - s - 1));
            w.in_word = 1;
            s = *q ? q + 1 : q;
            continue;
        }
        if (c == '#' && !w.in_word) { /* a comment, to the end of the line */
            while (*s && *s != '\n')
                s++;
            continue;
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '`' ||
            (c == '$' && s[1] == '(')) {
            flush_command(&w, fn, arg);
            s += c == '$' ? 2 : 1;
            continue;
        }
        if (isspace((unsigned char)c)) {
            word_end(&w);
            s++;
            continue;
        }
        strbuf_addch(&w.cur, c);
        w.in_word = 1;
        s++;
    }
    flush_command(&w, fn, arg);
    strbuf_release(&w.cur);
    free(w.v);
}

int gha_command_matches(const char *pat, char *const *w, size_t n)
{
    if (!n)
        return 0;
    char tok[128];
    size_t i = 0; /* the command word the next pattern word must match at or after */
    for (const char *p = pat; *p;) {
        while (*p == ' ')
            p++;
        size_t tl = strcspn(p, " ");
        if (!tl)
            break;
        if (tl >= sizeof(tok))
            return 0;
        memcpy(tok, p, tl);
        tok[tl] = '\0';
        p += tl;
        if (i == 0) {
            if (!glob_match(tok, path_basename(w[0])))
                return 0;
            i = 1;
            continue;
        }
        while (i < n && (w[i][0] == '-' || !glob_match(tok, w[i])))
            i++;
        if (i >= n)
            return 0;
        i++;
    }
    return i > 0;
}

/* ---- tests ---- */

struct test_hunt {
    struct rule_ctx *ctx;
    int hit;
};

static void test_command(char *const *w, size_t n, void *arg)
{
    struct test_hunt *h = arg;
    size_t np;
    const char *const *pats = rule_opt_list(h->ctx, "test_commands", &np);
    for (size_t i = 0; i < np && !h->hit; i++)
        h->hit = gha_command_matches(pats[i], w, n);
}

int gha_step_runs_tests(struct rule_ctx *ctx, const struct wf_step *s)
{
    if (!s->run)
        return 0;
    /* split the script into commands only if some pattern's program occurs in it at all */
    size_t np;
    const char *const *pats = rule_opt_list(ctx, "test_commands", &np);
    int maybe = 0;
    for (size_t i = 0; i < np && !maybe; i++) {
        char prog[64];
        size_t n = strcspn(pats[i], " *?[");
        if (n >= sizeof(prog))
            n = sizeof(prog) - 1;
        memcpy(prog, pats[i], n);
        prog[n] = '\0';
        maybe = !n || strstr(s->run, prog) != NULL;
    }
    if (!maybe)
        return 0;
    struct test_hunt h = {ctx, 0};
    gha_commands(s->run, test_command, &h);
    return h.hit;
}

static int name_is_test(struct rule_ctx *ctx, const char *name)
{
    char low[128];
    size_t n = 0;
    for (; name && name[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    return name && rule_opt_list_has(ctx, "test_jobs", low, 1);
}

static int runs_tests(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                      int depth)
{
    if (name_is_test(ctx, j->id) || name_is_test(ctx, j->name))
        return 1;
    for (size_t i = 0; i < j->nsteps; i++)
        if (gha_step_runs_tests(ctx, &j->steps[i]))
            return 1;
    if (j->callee && depth < 8)
        for (size_t i = 0; i < j->callee->njobs; i++)
            if (runs_tests(ctx, j->callee, &j->callee->jobs[i], depth + 1))
                return 1;
    (void)wf;
    return 0;
}

int gha_job_runs_tests(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j)
{
    return runs_tests(ctx, wf, j, 0);
}
