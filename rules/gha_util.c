/* gha_util.c — shared by the gha/ rules: reporting at nodes, shell commands, deploy and test
 * detection, trigger scenes and `if:` evaluation. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* ---- reporting ---- */

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
    report_v(ctx, SEV_NONE, wf, yref_line(at), yref_col(at), 0, at.via, location,
             path ? path : own, fix, fmt, ap);
    va_end(ap);
    free(own);
}

void gha_report_pos(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                    unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                    const char *location, const char *path, const char *fix, const char *fmt,
                    ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (via)
        report_v(ctx, sev, wf, via->line, via->col, 0, via, location, path, fix, fmt, ap);
    else
        report_v(ctx, sev, wf, line, col, line2 != line ? line2 : 0, NULL, location, path, fix,
                 fmt, ap);
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
    static const char *const one[] = {"sudo",  "time", "exec", "nohup", "command", "npx",
                                      "bunx",  "xvfb-run", "nice", "stdbuf", "dotenv", "env"};
    static const char *const two[][2] = {{"uv", "run"},     {"poetry", "run"},  {"pipenv", "run"},
                                         {"pdm", "run"},    {"hatch", "run"},   {"rye", "run"},
                                         {"bundle", "exec"}, {"pnpm", "exec"},  {"yarn", "exec"},
                                         {"pnpm", "dlx"},   {"yarn", "dlx"},    {"npm", "exec"}};
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

/* ---- values known before the run ---- */

#define MAXVALS 16

/* Where a value is resolved: its workflow, job, step, and the `with:` of the job that called
 * this (reusable) workflow. */
struct scope {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    struct yref caller_with;
    const struct workflow *caller_wf;
    int depth;
};

struct vals {
    const char *v[MAXVALS];
    size_t n;
    int unknown; /* some part is set at run time */
};

static void vals_add(struct vals *out, const char *s)
{
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->v[i], s))
            return;
    if (out->n < MAXVALS)
        out->v[out->n++] = s;
}

static void resolve(const struct scope *sc, const char *s, struct vals *out);

/* The value of env var name in the step, job or workflow env (innermost wins). */
static int env_lookup(const struct scope *sc, const char *name, struct vals *out)
{
    struct yref maps[3] = {sc->step ? sc->step->env : (struct yref){NULL, NULL},
                           sc->job ? sc->job->env : (struct yref){NULL, NULL}, sc->wf->env};
    for (size_t i = 0; i < 3; i++) {
        const char *v = yref_str(yref_get(maps[i], name));
        if (v) {
            resolve(sc, v, out);
            return 1;
        }
    }
    return 0;
}

/* Possible values of the context reference at path. */
static void resolve_ref(const struct scope *sc, const char *path, struct vals *out)
{
    const char *name = NULL;
    if (!strncasecmp(path, "env.", 4)) {
        if (!env_lookup(sc, path + 4, out))
            out->unknown = 1;
        return;
    }
    if (!strncasecmp(path, "inputs.", 7))
        name = path + 7;
    else if (!strncasecmp(path, "github.event.inputs.", 20))
        name = path + 20;
    if (name && !strchr(name, '.')) {
        const char *w = yref_str(yref_get(sc->caller_with, name));
        if (w) { /* a literal from the calling job (expressions there are the caller's) */
            if (wf_has_expr(w))
                out->unknown = 1;
            else
                vals_add(out, w);
            return;
        }
        const struct wf_trigger *t = wf_trigger_by_event(sc->wf, "workflow_dispatch");
        for (size_t i = 0; t && i < t->ninputs; i++) {
            if (strcmp(t->inputs[i].name, name))
                continue;
            struct yref spec = yref_get(yref_get(t->config, "inputs"), name);
            struct yref opts = yref_get(spec, "options");
            if (!strcmp(t->inputs[i].type, "choice") && yref_is_seq(opts)) {
                for (size_t k = 0; k < opts.n->nitems; k++) {
                    const char *o = yref_str(yref_item(opts, k));
                    if (o)
                        vals_add(out, o);
                }
                return;
            }
        }
        out->unknown = 1;
        return;
    }
    if (!strncasecmp(path, "matrix.", 7) && sc->job && !strchr(path + 7, '.')) {
        struct yref m = yref_get(sc->job->strategy, "matrix");
        struct yref row = yref_get(m, path + 7);
        struct yref inc = yref_get(m, "include");
        size_t before = out->n;
        for (size_t i = 0; yref_is_seq(row) && i < row.n->nitems; i++) {
            const char *v = yref_str(yref_item(row, i));
            if (v && !wf_has_expr(v))
                vals_add(out, v);
            else
                out->unknown = 1;
        }
        for (size_t i = 0; yref_is_seq(inc) && i < inc.n->nitems; i++) {
            const char *v = yref_str(yref_get(yref_item(inc, i), path + 7));
            if (v && !wf_has_expr(v))
                vals_add(out, v);
        }
        if (out->n == before || (row.n && !yref_is_seq(row)))
            out->unknown = 1;
        return;
    }
    out->unknown = 1;
}

/* Possible values of a scalar that may hold `${{ … }}` (one expression resolved to its values;
 * text around it kept). */
static void resolve(const struct scope *sc, const char *s, struct vals *out)
{
    const char *open = strstr(s, "${{");
    if (!open) {
        vals_add(out, s);
        return;
    }
    if (sc->depth > 4) {
        out->unknown = 1;
        return;
    }
    const char *close = strstr(open + 3, "}}");
    if (!close || strstr(close + 2, "${{")) {
        out->unknown = 1;
        return;
    }
    const char *err; /* a few small nodes, rarely: the workflow's arena holds them */
    struct wfx *x = wfx_parse(open + 3, (size_t)(close - open - 3), sc->wf->doc.arena, &err);
    struct vals inner = {.n = 0};
    if (x && x->kind == WFX_REF) {
        struct scope deeper = *sc;
        deeper.depth++;
        resolve_ref(&deeper, x->path, &inner);
    } else if (x && x->kind == WFX_STR) {
        vals_add(&inner, arena_strndup(sc->wf->doc.arena, x->s, x->len));
    } else {
        inner.unknown = 1;
    }
    out->unknown |= inner.unknown;
    for (size_t i = 0; i < inner.n; i++) {
        if (open == s && !close[2]) {
            vals_add(out, inner.v[i]);
            continue;
        }
        struct strbuf sb = STRBUF_INIT;
        strbuf_add(&sb, s, (size_t)(open - s));
        strbuf_addstr(&sb, inner.v[i]);
        strbuf_addstr(&sb, close + 2);
        vals_add(out, arena_strdup(sc->wf->doc.arena, sb.buf));
        strbuf_release(&sb);
    }
}

/* ---- deploys ---- */

static int class_rank(enum env_class c)
{
    return c == ENV_PROD ? 3 : c == ENV_STAGING ? 2 : c == ENV_DEV ? 1 : 0;
}

/* Record that name (written at `at`) is a deploy target (kept in a, as name may be a word of a
 * command that is about to be freed). */
static void target(struct rule_ctx *ctx, struct gha_deploy *d, const char *name, struct yref at,
                   struct arena *a)
{
    enum env_class c = ctx ? rule_env_class(ctx, name) : ENV_UNKNOWN;
    if (c == ENV_UNKNOWN)
        return;
    d->classes |= ENV_BIT(c);
    if (!d->target || class_rank(c) > class_rank(rule_env_class(ctx, d->target))) {
        d->target = arena_strdup(a, name);
        d->at = at;
    }
}

/* Targets named by the words of a deploy command (`--cluster orders-prod`, `-var-file=prod.tfvars`). */
static void word_targets(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *d,
                         const char *word, struct yref at, int *unknown)
{
    const char *v = strchr(word, '=');
    v = v && v[1] ? v + 1 : word;
    if (v[0] == '-')
        return;
    struct vals vals = {.n = 0};
    if (v[0] == '$' && v[1] != '{' ) { /* $NAME */
        if (!env_lookup(sc, v + 1, &vals))
            *unknown = 1;
    } else if (v[0] == '$' && v[1] == '{' && v[2] != '{') { /* ${NAME} */
        char name[128];
        size_t n = strcspn(v + 2, "}:-");
        if (n < sizeof(name)) {
            memcpy(name, v + 2, n);
            name[n] = '\0';
            if (!env_lookup(sc, name, &vals))
                *unknown = 1;
        }
    } else {
        resolve(sc, v, &vals);
        *unknown |= vals.unknown;
    }
    for (size_t i = 0; i < vals.n; i++)
        target(ctx, d, vals.v[i], at, sc->wf->doc.arena);
}

struct cmd_hunt {
    struct rule_ctx *ctx;
    const struct scope *sc;
    struct gha_deploy *d;
    struct yref at;
    int deploys, unknown, terraform;
};

static int has_word(char *const *w, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w[i], s))
            return 1;
    return 0;
}

static void deploy_command(char *const *w, size_t n, void *arg)
{
    struct cmd_hunt *h = arg;
    const char *prog = path_basename(w[0]);
    int aws = !strcmp(prog, "aws");
    int tf = !strcmp(prog, "terraform") || !strcmp(prog, "tofu") || !strcmp(prog, "terragrunt");
    int hit = (aws && has_word(w, n, "ecs") && has_word(w, n, "update-service")) ||
              (aws && has_word(w, n, "deploy") && has_word(w, n, "create-deployment")) ||
              (tf && has_word(w, n, "apply"));
    int ws = tf && has_word(w, n, "workspace") && (has_word(w, n, "select") || has_word(w, n, "new"));
    if (!hit && !ws)
        return;
    h->deploys |= hit;
    h->terraform |= tf && hit;
    for (size_t i = 1; i < n; i++)
        word_targets(h->ctx, h->sc, h->d, w[i], h->at, &h->unknown);
}

static const char *const deploy_with_keys[] = {"service", "cluster", "task-definition",
                                               "codedeploy-application",
                                               "codedeploy-deployment-group"};

/* Deploy targets of one step: the ECS deploy action, a CodeDeploy action, or a deploy command. */
static void step_deploy(struct rule_ctx *ctx, const struct scope *sc, const struct wf_step *s,
                        struct gha_deploy *d, int *unknown, struct yref *unknown_at)
{
    if (s->uses && (gha_uses_is(s->uses, "aws-actions/amazon-ecs-deploy-task-definition") ||
                    strcasestr(s->uses, "codedeploy"))) {
        unsigned before = d->classes;
        int unk = 0;
        for (size_t i = 0; i < ARRAY_SIZE(deploy_with_keys); i++) {
            struct yref v = yref_get(s->with, deploy_with_keys[i]);
            if (yref_str(v))
                word_targets(ctx, sc, d, v.n->str, v, &unk);
        }
        if (unk && d->classes == before) {
            *unknown = 1;
            *unknown_at = s->with.n ? s->with : s->uses_at;
        }
        return;
    }
    if (!s->run || (!strstr(s->run, "update-service") && !strstr(s->run, "create-deployment") &&
                    !strstr(s->run, "apply")))
        return;
    struct cmd_hunt h = {ctx, sc, d, s->run_at, 0, 0, 0};
    struct gha_deploy saved = *d;
    unsigned before = d->classes;
    gha_commands(s->run, deploy_command, &h);
    if (!h.deploys) {
        *d = saved; /* a `workspace select` alone deploys nothing */
        return;
    }
    if (h.terraform) { /* the workspace and directory name the environment too */
        struct vals ws = {.n = 0};
        if (env_lookup(sc, "TF_WORKSPACE", &ws))
            for (size_t i = 0; i < ws.n; i++)
                target(ctx, d, ws.v[i], s->run_at, sc->wf->doc.arena);
        if (yref_str(s->wd))
            word_targets(ctx, sc, d, s->wd.n->str, s->wd, &h.unknown);
    }
    if (h.unknown && d->classes == before) {
        *unknown = 1;
        *unknown_at = s->run_at;
    }
}

static void job_deploy(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *out)
{
    const struct wf_job *j = sc->job;
    memset(out, 0, sizeof(*out));
    if (j->environment.n) {
        out->has_environment = 1;
        const char *name = j->env_name;
        if (name) {
            struct vals v = {.n = 0};
            resolve(sc, name, &v);
            for (size_t i = 0; i < v.n; i++)
                target(ctx, out, v.v[i], j->env_name_at, sc->wf->doc.arena);
            out->env_classes = out->classes;
            /* a reusable workflow's environment is known at each caller: checked there */
            if (v.unknown && !v.n && sc->depth == 0 &&
                !(gha_only_called(sc->wf) && gha_called_locally(sc->wf)))
                gha_unverifiable(ctx, sc->wf, j->env_name_at, j->id,
                                 "name the environment literally, or offer the choices as a "
                                 "`type: choice` input",
                                 "environment '%s' is chosen at run time: whether job '%s' "
                                 "deploys to production or staging cannot be checked offline",
                                 name, j->id);
        }
        if (out->classes)
            return;
    }
    if (j->callee && sc->depth < 4) {
        for (size_t i = 0; i < j->callee->njobs; i++) {
            struct scope inner = {ctx, j->callee, &j->callee->jobs[i], NULL, j->with, sc->wf,
                                  sc->depth + 1};
            struct gha_deploy d;
            job_deploy(ctx, &inner, &d);
            if (!d.classes)
                continue;
            if (!out->classes ||
                class_rank(rule_env_class(ctx, d.target)) >
                    class_rank(rule_env_class(ctx, out->target))) {
                out->target = d.target;
                out->at = j->uses_at;
                for (size_t k = 0; yref_is_map(j->with) && k < j->with.n->npairs; k++) {
                    const char *v = yref_str(yref_pair_value(j->with, k));
                    if (v && !strcmp(v, d.target))
                        out->at = yref_pair_value(j->with, k);
                }
                out->callee_job = &j->callee->jobs[i];
            }
            out->classes |= d.classes;
            out->env_classes |= d.env_classes;
            out->has_environment |= d.has_environment;
        }
        return;
    }
    if (j->uses && !j->callee && !wf_uses_local(j->uses)) {
        /* another repository's reusable workflow: say so when its inputs name an environment */
        for (size_t i = 0; yref_is_map(j->with) && i < j->with.n->npairs; i++) {
            const char *v = yref_str(yref_pair_value(j->with, i));
            enum env_class c = v && ctx ? rule_env_class(ctx, v) : ENV_UNKNOWN;
            if ((c == ENV_PROD || c == ENV_STAGING) && sc->depth == 0) {
                gha_unverifiable(ctx, sc->wf, j->uses_at, j->id,
                                 "check that workflow's deploy jobs in its own repository",
                                 "job '%s' calls a reusable workflow of another repository with "
                                 "'%s': infralint cannot read it, so its deploy is not checked",
                                 j->id, v);
                break;
            }
        }
        return;
    }
    int unknown = 0;
    struct yref unknown_at = {NULL, NULL};
    for (size_t i = 0; i < j->nsteps; i++) {
        struct scope st = *sc;
        st.step = &j->steps[i];
        step_deploy(ctx, &st, &j->steps[i], out, &unknown, &unknown_at);
    }
    if (unknown && !out->classes && sc->depth == 0)
        gha_unverifiable(ctx, sc->wf, unknown_at, j->id,
                         "name the target literally (or in env:), or add 'environment:' to the "
                         "job",
                         "job '%s' deploys to a target named at run time: whether it is "
                         "production or staging cannot be checked offline",
                         j->id);
}

void gha_job_deploy(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                    struct gha_deploy *out)
{
    struct scope sc = {ctx, wf, j, NULL, {NULL, NULL}, NULL, 0};
    job_deploy(ctx, &sc, out);
}

int gha_deploys(const struct gha_deploy *d)
{
    return (d->classes & (ENV_BIT(ENV_PROD) | ENV_BIT(ENV_STAGING))) != 0;
}

int gha_called_locally(const struct workflow *wf)
{
    for (size_t i = 0; wf->set && i < wf->set->n; i++)
        for (size_t k = 0; k < wf->set->v[i]->njobs; k++)
            if (wf->set->v[i]->jobs[k].callee == wf)
                return 1;
    return 0;
}

int gha_only_called(const struct workflow *wf)
{
    return wf->ntriggers == 1 && !strcmp(wf->triggers[0].event, "workflow_call");
}

const struct wf_perms *gha_job_perms(const struct workflow *wf, const struct wf_job *j)
{
    if (j->perms.form != PERMS_ABSENT)
        return &j->perms;
    if (wf->perms.form != PERMS_ABSENT)
        return &wf->perms;
    return NULL;
}

/* ---- events ---- */

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[+!") != NULL;
}

static int is_main(const char *const *mains, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(mains[i], b))
            return 1;
    return 0;
}

int gha_push_tags_only(const struct wf_trigger *t)
{
    return (t->tags.at.n || t->tags_ignore.at.n) && !t->branches.at.n && !t->branches_ignore.at.n;
}

size_t gha_trigger_scenes(const struct wf_trigger *t, const char *const *mains, size_t nmains,
                          struct gha_scene *out, size_t cap)
{
    size_t n = 0;
    struct gha_scene base = {t->event, GREF_UNKNOWN, NULL, 0, NULL, mains, nmains, ""};
#define SCENE(...)                                                                                 \
    do {                                                                                           \
        if (n < cap) {                                                                             \
            out[n] = base;                                                                         \
            __VA_ARGS__;                                                                           \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    const char *ev = t->event;
    if (!strcmp(ev, "push")) {
        int bf = t->branches.at.n || t->branches_ignore.at.n;
        int tf = t->tags.at.n || t->tags_ignore.at.n;
        if (bf || !tf) {
            int other = 0, main_any = 0;
            if (t->branches.at.n) {
                for (size_t i = 0; i < t->branches.n; i++) {
                    const char *b = t->branches.v[i];
                    if (b[0] == '!')
                        continue;
                    if (!has_glob(b)) {
                        SCENE(out[n].ref = GREF_BRANCH; out[n].branch = b;
                              out[n].main_branch = is_main(mains, nmains, b);
                              snprintf(out[n].full_ref, sizeof(out[n].full_ref),
                                       "refs/heads/%s", b));
                        continue;
                    }
                    other = 1;
                    for (size_t k = 0; k < nmains; k++)
                        main_any |= glob_match(b, mains[k]);
                }
            } else {
                other = 1;
                main_any = 1;
                for (size_t i = 0; i < t->branches_ignore.n; i++)
                    for (size_t k = 0; k < nmains; k++)
                        if (!strcmp(t->branches_ignore.v[i], mains[k]))
                            main_any = 0;
            }
            if (main_any)
                SCENE(out[n].ref = GREF_BRANCH; out[n].main_branch = 1);
            if (other)
                SCENE(out[n].ref = GREF_BRANCH; out[n].main_branch = 0);
        }
        if (tf || !bf)
            SCENE(out[n].ref = GREF_TAG);
    } else if (!strcmp(ev, "pull_request") || !strcmp(ev, "pull_request_review") ||
               !strcmp(ev, "pull_request_review_comment")) {
        SCENE(out[n].ref = GREF_PR);
    } else if (!strcmp(ev, "release")) {
        SCENE(out[n].ref = GREF_TAG);
    } else if (!strcmp(ev, "workflow_dispatch") || !strcmp(ev, "workflow_call") ||
               !strcmp(ev, "pull_request_target") || !strcmp(ev, "create") ||
               !strcmp(ev, "delete") || !strcmp(ev, "deployment") ||
               !strcmp(ev, "deployment_status") || !strcmp(ev, "check_run") ||
               !strcmp(ev, "check_suite") || !strcmp(ev, "status")) {
        SCENE(out[n].ref = GREF_UNKNOWN);
    } else if (!strcmp(ev, "merge_group")) {
        SCENE(out[n].ref = GREF_BRANCH; out[n].main_branch = 0);
    } else { /* schedule, workflow_run, issues, …: the default branch */
        SCENE(out[n].ref = GREF_BRANCH; out[n].main_branch = 1);
    }
#undef SCENE
    return n;
}

/* ---- conditions ---- */

enum vkind { V_UNKNOWN = 0, V_STR, V_BOOL, V_NUM, V_NULL, V_LIST, V_REF, V_REFNAME, V_REFTYPE };

/* A value during evaluation. V_REF / V_REFNAME: github.ref / github.ref_name of the scene when
 * only its kind is known. */
struct val {
    enum vkind k;
    const char *s;
    size_t len;
    int b;
    const struct gha_scene *sc;
    char buf[8][64]; /* V_LIST items (a copy of the value keeps them) */
    size_t n;
};

static enum tri truthy(const struct val *v)
{
    switch (v->k) {
    case V_BOOL: return v->b ? TRI_TRUE : TRI_FALSE;
    case V_STR: return v->len ? TRI_TRUE : TRI_FALSE;
    case V_NULL: return TRI_FALSE;
    case V_LIST: return TRI_TRUE;
    case V_REF:
    case V_REFNAME:
    case V_REFTYPE: return TRI_TRUE; /* never empty in a run */
    default: return TRI_UNKNOWN;
    }
}

static void eval(const struct wfx *x, const struct gha_scene *sc, struct val *out, int depth);

static void set_str(struct val *v, const char *s)
{
    v->k = V_STR;
    v->s = s;
    v->len = strlen(s);
}

static void eval_ref(const struct wfx *x, const struct gha_scene *sc, struct val *out)
{
    const char *p = x->path;
    out->sc = sc;
    if (!strcasecmp(p, "github.event_name")) {
        set_str(out, sc->event);
    } else if (!strcasecmp(p, "github.ref") || !strcasecmp(p, "github.ref_name")) {
        int name = !strcasecmp(p, "github.ref_name");
        if (sc->ref == GREF_BRANCH && sc->branch) {
            set_str(out, name ? sc->branch : sc->full_ref);
        } else if (sc->ref != GREF_UNKNOWN) {
            out->k = name ? V_REFNAME : V_REF;
        }
    } else if (!strcasecmp(p, "github.ref_type")) {
        if (sc->ref == GREF_BRANCH)
            set_str(out, "branch");
        else if (sc->ref == GREF_TAG)
            set_str(out, "tag");
    } else if (!strcasecmp(p, "github.event.workflow_run.conclusion") && sc->wr_conclusion) {
        set_str(out, sc->wr_conclusion);
    }
}

/* Is a literal ref/name (s) possibly the scene's github.ref (name: github.ref_name)? */
static enum tri ref_equals(const struct gha_scene *sc, int name, const char *s, size_t len)
{
    char b[256];
    snprintf(b, sizeof(b), "%.*s", (int)len, s);
    const char *branch = name ? b : starts_with(b, "refs/heads/") ? b + 11 : NULL;
    if (sc->ref == GREF_TAG)
        return !name && !starts_with(b, "refs/tags/") ? TRI_FALSE : TRI_UNKNOWN;
    if (sc->ref == GREF_PR)
        return !name && !starts_with(b, "refs/pull/") ? TRI_FALSE : TRI_UNKNOWN;
    if (sc->ref == GREF_BRANCH) {
        if (!branch)
            return TRI_FALSE;
        if (sc->main_branch == 0 && is_main(sc->mains, sc->nmains, branch))
            return TRI_FALSE; /* the scene is a push to another branch than main */
        if (sc->main_branch == 1 && !is_main(sc->mains, sc->nmains, branch))
            return TRI_FALSE;
    }
    return TRI_UNKNOWN;
}

static enum tri starts(const struct val *a, const struct val *b)
{
    if (b->k != V_STR)
        return TRI_UNKNOWN;
    if (a->k == V_STR)
        return a->len >= b->len && !strncasecmp(a->s, b->s, b->len) ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_REF) {
        const char *pre = a->sc->ref == GREF_TAG    ? "refs/tags/"
                          : a->sc->ref == GREF_PR   ? "refs/pull/"
                          : a->sc->ref == GREF_BRANCH ? "refs/heads/"
                                                      : NULL;
        if (!pre)
            return TRI_UNKNOWN;
        size_t pl = strlen(pre);
        if (b->len <= pl)
            return !strncasecmp(pre, b->s, b->len) ? TRI_TRUE : TRI_FALSE;
        return strncasecmp(pre, b->s, pl) ? TRI_FALSE : TRI_UNKNOWN;
    }
    return TRI_UNKNOWN;
}

static enum tri equals(const struct val *a, const struct val *b)
{
    if (a->k == V_STR && b->k == V_STR)
        return a->len == b->len && !strncasecmp(a->s, b->s, a->len) ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_BOOL && b->k == V_BOOL)
        return a->b == b->b ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_NULL && b->k == V_NULL)
        return TRI_TRUE;
    if ((a->k == V_REF || a->k == V_REFNAME) && b->k == V_STR)
        return ref_equals(a->sc, a->k == V_REFNAME, b->s, b->len);
    if ((b->k == V_REF || b->k == V_REFNAME) && a->k == V_STR)
        return ref_equals(b->sc, b->k == V_REFNAME, a->s, a->len);
    return TRI_UNKNOWN;
}

/* fromJSON('["a","b"]'): a list of short strings. */
static void strings_of_json(const struct val *arg, struct val *out)
{
    if (arg->k != V_STR)
        return;
    const char *s = arg->s, *end = arg->s + arg->len;
    while (s < end && isspace((unsigned char)*s))
        s++;
    if (s >= end || *s != '[')
        return;
    s++;
    out->n = 0;
    for (;;) {
        while (s < end && (isspace((unsigned char)*s) || *s == ','))
            s++;
        if (s < end && *s == ']') {
            out->k = V_LIST;
            return;
        }
        if (s >= end || *s != '"' || out->n == ARRAY_SIZE(out->buf))
            return;
        const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
        if (!q || (size_t)(q - s - 1) >= sizeof(out->buf[0]))
            return;
        snprintf(out->buf[out->n++], sizeof(out->buf[0]), "%.*s", (int)(q - s - 1), s + 1);
        s = q + 1;
    }
}

static void eval_call(const struct wfx *x, const struct gha_scene *sc, struct val *out,
                      int depth)
{
    const char *f = x->s;
    size_t fl = x->len;
#define IS(name) (fl == strlen(name) && !strncasecmp(f, name, fl))
    if (IS("success") || IS("always")) {
        out->k = V_BOOL;
        out->b = 1;
        return;
    }
    if (x->nargs == 2 && (IS("startsWith") || IS("contains") || IS("endsWith"))) {
        struct val *a = xcalloc(2, sizeof(*a));
        eval(x->args[0], sc, &a[0], depth + 1);
        eval(x->args[1], sc, &a[1], depth + 1);
        enum tri r = TRI_UNKNOWN;
        if (IS("startsWith")) {
            r = starts(&a[0], &a[1]);
        } else if (IS("contains") && a[0].k == V_LIST) {
            r = TRI_FALSE;
            for (size_t i = 0; i < a[0].n && r != TRI_TRUE; i++) {
                struct val item = {0};
                set_str(&item, a[0].buf[i]);
                enum tri e = equals(&item, &a[1]);
                if (e != TRI_FALSE)
                    r = e;
            }
        } else if (a[0].k == V_STR && a[1].k == V_STR) {
            char hay[512], needle[256];
            snprintf(hay, sizeof(hay), "%.*s", (int)a[0].len, a[0].s);
            snprintf(needle, sizeof(needle), "%.*s", (int)a[1].len, a[1].s);
            if (IS("contains"))
                r = strcasestr(hay, needle) ? TRI_TRUE : TRI_FALSE;
            else
                r = strlen(hay) >= strlen(needle) &&
                            !strcasecmp(hay + strlen(hay) - strlen(needle), needle)
                        ? TRI_TRUE
                        : TRI_FALSE;
        }
        free(a);
        if (r != TRI_UNKNOWN) {
            out->k = V_BOOL;
            out->b = r == TRI_TRUE;
        }
        return;
    }
    if (x->nargs == 1 && IS("fromJSON")) {
        struct val a = {0};
        eval(x->args[0], sc, &a, depth + 1);
        strings_of_json(&a, out);
        return;
    }
#undef IS
}

static void eval(const struct wfx *x, const struct gha_scene *sc, struct val *out, int depth)
{
    memset(out, 0, sizeof(*out));
    if (!x || depth > 64)
        return;
    switch (x->kind) {
    case WFX_NULL: out->k = V_NULL; return;
    case WFX_BOOL:
        out->k = V_BOOL;
        out->b = x->len == 4; /* "true" */
        return;
    case WFX_STR:
        out->k = V_STR;
        out->s = x->s;
        out->len = x->len;
        return;
    case WFX_NUM: out->k = V_NUM; return;
    case WFX_REF: eval_ref(x, sc, out); return;
    case WFX_CALL: eval_call(x, sc, out, depth); return;
    case WFX_NOT: {
        struct val a;
        eval(x->args[0], sc, &a, depth + 1);
        enum tri t = truthy(&a);
        if (t != TRI_UNKNOWN) {
            memset(out, 0, sizeof(*out));
            out->k = V_BOOL;
            out->b = t == TRI_FALSE;
        }
        return;
    }
    case WFX_AND:
    case WFX_OR: {
        struct val *a = xcalloc(1, sizeof(*a));
        eval(x->args[0], sc, a, depth + 1);
        enum tri ta = truthy(a);
        enum tri stop = x->kind == WFX_AND ? TRI_FALSE : TRI_TRUE;
        if (ta == stop) {
            *out = *a;
        } else {
            eval(x->args[1], sc, out, depth + 1);
            enum tri tb = truthy(out);
            if (ta == TRI_UNKNOWN && tb != stop) { /* the result depends on a */
                memset(out, 0, sizeof(*out));
            }
        }
        free(a);
        return;
    }
    case WFX_CMP: {
        struct val *a = xcalloc(2, sizeof(*a));
        eval(x->args[0], sc, &a[0], depth + 1);
        eval(x->args[1], sc, &a[1], depth + 1);
        if (!strcmp(x->s, "==") || !strcmp(x->s, "!=")) {
            enum tri e = equals(&a[0], &a[1]);
            if (e != TRI_UNKNOWN) {
                out->k = V_BOOL;
                out->b = (e == TRI_TRUE) == !strcmp(x->s, "==");
            }
        }
        free(a);
        return;
    }
    default: return;
    }
}

enum tri gha_eval_if(struct yref if_, const struct wfx *x, const struct gha_scene *sc)
{
    if (!if_.n)
        return TRI_TRUE;
    if (yref_is_str(if_) && if_.n->style == YSTYLE_PLAIN &&
        (!strcmp(if_.n->str, "false") || !strcmp(if_.n->str, "true")))
        return if_.n->str[0] == 't' ? TRI_TRUE : TRI_FALSE;
    if (!x)
        return TRI_UNKNOWN;
    struct val *v = xcalloc(1, sizeof(*v));
    eval(x, sc, v, 0);
    enum tri r = truthy(v);
    free(v);
    return r;
}

static int reachable(const struct workflow *wf, const struct wf_job *j, const struct gha_scene *sc,
                     int depth)
{
    if (gha_eval_if(j->if_, j->if_x, sc) == TRI_FALSE)
        return 0;
    if (depth > 64)
        return 1;
    for (size_t i = 0; i < j->nneeds; i++) {
        const struct wf_job *n = wf_job_by_id(wf, j->needs[i]);
        if (n && !reachable(wf, n, sc, depth + 1))
            return 0;
    }
    return 1;
}

int gha_job_reachable(const struct workflow *wf, const struct wf_job *j,
                      const struct gha_scene *sc)
{
    return reachable(wf, j, sc, 0);
}

static int needs_any(const struct workflow *wf, const struct wf_job *j, unsigned char *seen,
                     int (*pred)(const struct workflow *, const struct wf_job *, void *), void *arg)
{
    for (size_t i = 0; i < j->nneeds; i++) {
        const struct wf_job *n = wf_job_by_id(wf, j->needs[i]);
        if (!n)
            continue;
        size_t idx = (size_t)(n - wf->jobs);
        if (seen[idx])
            continue;
        seen[idx] = 1;
        if (pred(wf, n, arg) || needs_any(wf, n, seen, pred, arg))
            return 1;
    }
    return 0;
}

int gha_needs_any(const struct workflow *wf, const struct wf_job *j,
                  int (*pred)(const struct workflow *wf, const struct wf_job *j, void *arg),
                  void *arg)
{
    unsigned char *seen = xcalloc(wf->njobs + 1, 1);
    int r = needs_any(wf, j, seen, pred, arg);
    free(seen);
    return r;
}
