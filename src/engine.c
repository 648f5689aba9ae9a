/* engine.c — run rules over the documents of a project and collect their findings. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "infralint/arena.h"
#include "infralint/plan.h"
#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "suppress_apply.h"

struct rule_ctx {
    const struct ruleset *rs;
    const struct env_patterns *patterns;
    const struct rule_state *st;
    const struct subject *subj;
    struct finding_list *out;
    struct skip_list *skipped;
    int verbose;
    int has_last;
    char **scratch; /* strings that live until the check returns */
    size_t nscratch, scratch_alloc;
    struct arena *arena; /* rule_arena(): created on first use, freed when the check returns */
};

/* ---- the API rules use (rule.h) ---- */

static void report_v(struct rule_ctx *ctx, const struct rule_state *st, enum severity sev,
                     const struct anchor *at, const char *fix, const char *fmt, va_list ap)
    IL_PRINTF(6, 0);
static void report_v(struct rule_ctx *ctx, const struct rule_state *st, enum severity sev,
                     const struct anchor *at, const char *fix, const char *fmt, va_list ap)
{
    char *message;
    if (!strcmp(fmt, "%s")) { /* a message formatted already (what most rules pass) */
        const char *s = va_arg(ap, const char *);
        message = xstrdup(s ? s : "(null)");
    } else {
        struct strbuf sb = STRBUF_INIT;
        strbuf_vaddf(&sb, fmt, ap);
        message = strbuf_detach(&sb);
    }
    struct finding *f = finding_list_add(ctx->out);
    f->rule = xstrdup(st->rule->id);
    f->severity = st->severity_set ? st->severity : sev;
    f->message = message;
    f->fix = xstrdup(fix);
    f->file = xstrdup(at->file);
    f->line = at->line;
    f->col = at->col;
    f->line2 = at->line2;
    f->location = xstrdup(at->location);
    f->path = xstrdup(at->path);
    ctx->has_last = 1;
}

void rule_report(struct rule_ctx *ctx, const struct anchor *at, const char *fix, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, ctx->st, ctx->st->severity, at, fix, fmt, ap);
    va_end(ap);
}

void rule_report_sev(struct rule_ctx *ctx, enum severity sev, const struct anchor *at,
                     const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, ctx->st, sev, at, fix, fmt, ap);
    va_end(ap);
}

void rule_report_other(struct rule_ctx *ctx, const char *rule_id, const struct anchor *at,
                       const char *fix, const char *fmt, ...)
{
    const struct rule_state *st = ruleset_find(ctx->rs, rule_id);
    if (!st || !st->enabled)
        return;
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, st, st->severity, at, fix, fmt, ap);
    va_end(ap);
}

void rule_report_other_sev(struct rule_ctx *ctx, const char *rule_id, enum severity sev,
                           const struct anchor *at, const char *fix, const char *fmt, ...)
{
    const struct rule_state *st = ruleset_find(ctx->rs, rule_id);
    if (!st || !st->enabled)
        return;
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, st, sev ? sev : st->severity, at, fix, fmt, ap);
    va_end(ap);
}

int rule_enabled(const struct rule_ctx *ctx, const char *rule_id)
{
    const struct rule_state *st = ruleset_find(ctx->rs, rule_id);
    return st && st->enabled;
}

void rule_related(struct rule_ctx *ctx, const struct anchor *at, const char *fmt, ...)
{
    if (!ctx->has_last)
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    finding_add_related(&ctx->out->v[ctx->out->n - 1], at, sb.buf);
    strbuf_release(&sb);
}

void rule_skip_unknown(struct rule_ctx *ctx, const struct anchor *at, const char *what)
{
    if (!ctx->verbose)
        return;
    char *w = xstrfmt("%s on %s%s%s", ctx->st->rule->id, at->location ? at->location : "",
                      at->path ? "." : "", at->path ? at->path : "");
    char *why = xstrfmt("%s is known only after apply", what);
    skip_add(ctx->skipped, at->file, w, why);
    free(w);
    free(why);
}

void rule_skip(struct rule_ctx *ctx, const struct anchor *at, const char *what, const char *why)
{
    if (!ctx->verbose)
        return;
    char *w =
        xstrfmt("%s on %s%s%s", what ? what : ctx->st->rule->id, at->location ? at->location : "",
                at->path && at->location ? "." : "", at->path ? at->path : "");
    skip_add(ctx->skipped, at->file, w, why);
    free(w);
}

void rule_skip_note(struct rule_ctx *ctx, const char *file, const char *what, const char *why)
{
    skip_add(ctx->skipped, file, what, why);
}

static const char *scratch(struct rule_ctx *ctx, char *s)
{
    ALLOC_GROW(ctx->scratch, ctx->nscratch + 1, ctx->scratch_alloc);
    ctx->scratch[ctx->nscratch++] = s;
    return s;
}

const char *rule_attr_text(struct rule_ctx *ctx, const struct attr *a)
{
    if (a->sensitive)
        return "(sensitive)";
    if (a->state == ATTR_UNKNOWN)
        return "(known after apply)";
    if (a->state == ATTR_UNSET)
        return "unset";
    return scratch(ctx, pval_to_text(a->v));
}

struct arena *rule_arena(struct rule_ctx *ctx)
{
    if (!ctx->arena)
        ctx->arena = arena_new();
    return ctx->arena;
}

enum persona rule_persona(const struct rule_ctx *ctx)
{
    enum persona own = ctx->st->rule->persona;
    return ctx->rs->persona > own ? ctx->rs->persona : own;
}

const struct rule *rule_self(const struct rule_ctx *ctx)
{
    return ctx->st->rule;
}

const struct envinfo *rule_env(const struct rule_ctx *ctx)
{
    return ctx->subj->env;
}

enum env_class rule_env_class(const struct rule_ctx *ctx, const char *name)
{
    return ctx->patterns ? env_classify(ctx->patterns, name) : ENV_UNKNOWN;
}

const struct env_patterns *rule_patterns(const struct rule_ctx *ctx)
{
    return ctx->patterns;
}

static const struct optval *opt(const struct rule_ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->st->nopts; i++)
        if (!strcmp(ctx->st->opts[i].decl->name, name))
            return &ctx->st->opts[i];
    return NULL;
}

long long rule_opt_int(const struct rule_ctx *ctx, const char *name)
{
    const struct optval *v = opt(ctx, name);
    return v ? v->i : 0;
}

double rule_opt_number(const struct rule_ctx *ctx, const char *name)
{
    const struct optval *v = opt(ctx, name);
    return v ? v->d : 0;
}

const char *rule_opt_str(const struct rule_ctx *ctx, const char *name)
{
    const struct optval *v = opt(ctx, name);
    return v && v->s ? v->s : "";
}

const char *rule_opt_str_of(const struct rule_ctx *ctx, const char *rule_id, const char *name)
{
    const struct rule_state *st = ruleset_find(ctx->rs, rule_id);
    for (size_t i = 0; st && i < st->nopts; i++)
        if (!strcmp(st->opts[i].decl->name, name))
            return st->opts[i].s ? st->opts[i].s : "";
    return "";
}

int rule_opt_bool(const struct rule_ctx *ctx, const char *name)
{
    const struct optval *v = opt(ctx, name);
    return v ? v->b : 0;
}

const char *const *rule_opt_list(const struct rule_ctx *ctx, const char *name, size_t *n)
{
    const struct optval *v = opt(ctx, name);
    *n = v ? v->n : 0;
    return v ? v->list : NULL;
}

int rule_opt_list_has(const struct rule_ctx *ctx, const char *name, const char *s, int glob)
{
    size_t n;
    const char *const *l = rule_opt_list(ctx, name, &n);
    for (size_t i = 0; i < n; i++)
        if (glob ? glob_match(l[i], s) : !strcmp(l[i], s))
            return 1;
    return 0;
}

const char *rule_scope_name(enum rule_scope s)
{
    return s == SCOPE_PROD ? "prod" : s == SCOPE_STAGED ? "staged" : "all";
}

const char *rule_kind_name(enum rule_kind k)
{
    switch (k) {
    case KIND_PLAN: return "plan";
    case KIND_BACKEND: return "backend";
    case KIND_WORKFLOW: return "workflow";
    case KIND_WORKFLOWS: return "workflows";
    case KIND_MIGRATIONS: return "migrations";
    case KIND_PROJECT: return "project";
    case KIND_INFRALINT: return "infralint";
    case KIND_ACTION: return "action";
    }
    return "?";
}

/* ---- running ---- */

/* Does the rule's scope allow running in env? Records the skip when it does not. */
static int scope_allows(const struct rule_state *st, const struct envinfo *env, const char *file,
                        struct results *out)
{
    enum rule_scope sc = st->rule->scope;
    if (sc == SCOPE_ALL)
        return 1;
    if (env->cls == ENV_UNKNOWN) {
        skip_add(&out->skipped, file, "prod and staged rules",
                 env->name ? "the environment name matches no class (see `environments` in "
                             ".infralint.yaml)"
                           : "environment unknown: set --env or `environment` in .infralint.yaml");
        return 0;
    }
    if (sc == SCOPE_PROD)
        return env->cls == ENV_PROD;
    return env->cls == ENV_PROD || env->cls == ENV_STAGING;
}

static void run_check(struct rule_ctx *ctx, const struct subject *s)
{
    ctx->subj = s;
    ctx->has_last = 0;
    ctx->st->rule->check(ctx, s);
    for (size_t i = 0; i < ctx->nscratch; i++)
        free(ctx->scratch[i]);
    ctx->nscratch = 0;
    arena_free(ctx->arena);
    ctx->arena = NULL;
}

static void run_rule(const struct ruleset *rs, const struct rule_state *st, struct project *p,
                     const struct engine_opts *o, struct redact_run *red, struct results *out)
{
    struct rule_ctx ctx = {.rs = rs,
                           .patterns = o->patterns,
                           .st = st,
                           .out = &out->findings,
                           .skipped = &out->skipped,
                           .verbose = o->verbose};
    unsigned kinds = st->rule->kinds;
    if (kinds & KIND_PLAN) {
        for (size_t i = 0; i < p->nplans; i++) {
            struct plan *pl = p->plans[i];
            const struct tfstack *stack = plan_stack(pl);
            if (!scope_allows(st, plan_env(pl), plan_file(pl), out))
                continue;
            if ((st->rule->flags & RULE_NEEDS_BACKEND) && (!stack || !stack->dotterraform)) {
                skip_add(&out->skipped, plan_file(pl), "backend rules",
                         "no .terraform/ directory given");
                continue;
            }
            struct subject s = {.kind = KIND_PLAN,
                                .env = plan_env(pl),
                                .plan = pl,
                                .stack = stack,
                                .project = p,
                                .redact = red};
            run_check(&ctx, &s);
        }
    }
    if (kinds & KIND_BACKEND) {
        for (size_t i = 0; i < p->nplans; i++) {
            const struct tfstack *stack = plan_stack(p->plans[i]);
            if (!stack || !stack->dotterraform)
                skip_add(&out->skipped, plan_file(p->plans[i]), "backend rules",
                         "no .terraform/ directory given");
        }
        for (size_t i = 0; i < p->nstacks; i++) {
            struct tfstack *stack = p->stacks[i];
            if (!stack->dotterraform || stack->backend_error)
                continue; /* a broken backend file is an input error already */
            const char *file = stack->backend ? stack->backend->file : stack->dotterraform;
            if (!scope_allows(st, &stack->env, file, out))
                continue;
            struct subject s = {
                .kind = KIND_BACKEND, .env = &stack->env, .stack = stack, .redact = red};
            run_check(&ctx, &s);
        }
    }
    if (kinds & KIND_MIGRATIONS) {
        for (size_t i = 0; i < p->nmigs; i++) {
            struct subject s = {
                .kind = KIND_MIGRATIONS, .env = &p->env, .mig = p->migs[i], .redact = red};
            if (scope_allows(st, &p->env, NULL, out))
                run_check(&ctx, &s);
        }
    }
    if (kinds & (KIND_WORKFLOW | KIND_ACTION)) {
        for (size_t i = 0; i < p->nwfs; i++) {
            const struct workflow *wf = p->wfs[i];
            enum rule_kind k = wf->is_action ? KIND_ACTION : KIND_WORKFLOW;
            if (!(kinds & k) || wf->context || !scope_allows(st, &p->env, wf->file, out))
                continue;
            struct subject s = {.kind = k, .env = &p->env, .wf = wf, .redact = red};
            run_check(&ctx, &s);
        }
    }
    if (kinds & KIND_WORKFLOWS) {
        for (size_t i = 0; i < p->nwfsets; i++) {
            const struct wf_set *set = p->wfsets[i];
            size_t own = 0;
            for (size_t k = 0; k < set->n; k++)
                own += !set->v[k]->context;
            if (!own || !scope_allows(st, &p->env, set->dir, out))
                continue;
            struct subject s = {.kind = KIND_WORKFLOWS, .env = &p->env, .wfs = set, .redact = red};
            run_check(&ctx, &s);
        }
    }
    free(ctx.scratch);
}

/* ---- built-in workflow rules on two threads ---- */

/* One rule's run, with results of its own (findings and skipped checks). */
struct rule_run {
    const struct rule_state *st;
    struct results res;
};

struct rule_queue {
    const struct ruleset *rs;
    struct project *p;
    const struct engine_opts *o;
    struct redact_run *red;
    struct rule_run *v;
    size_t n;
    atomic_size_t next; /* the next run a thread takes */
};

static void *rule_worker(void *arg)
{
    struct rule_queue *q = arg;
    size_t i;
    while ((i = atomic_fetch_add(&q->next, 1)) < q->n)
        run_rule(q->rs, q->v[i].st, q->p, q->o, q->red, &q->v[i].res);
    return NULL;
}

/* Built-in rules of workflows only read the documents (what they compute goes to their check's
 * arena; findings to their own results), so they may run side by side. Lua policies stay on this
 * thread: a policy's state is its own, but one at a time is what the limits assume. */
static int parallel_rule(const struct rule_state *st)
{
    return st->enabled && st->rule->check && !st->rule->data &&
           !(st->rule->kinds & ~(unsigned)(KIND_WORKFLOW | KIND_WORKFLOWS | KIND_ACTION));
}

/* Run the parallel rules of rs on two threads when there are enough workflows to pay for a
 * thread; NULL when they run in order with the others. */
static struct rule_run *run_parallel(struct rule_queue *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->rs->n; i++)
        n += parallel_rule(&q->rs->v[i]);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 2 || q->p->nwfs < 32 || cpus < 2)
        return NULL;
    q->v = xcalloc(n, sizeof(*q->v));
    for (size_t i = 0; i < q->rs->n; i++)
        if (parallel_rule(&q->rs->v[i]))
            q->v[q->n++].st = &q->rs->v[i];
    atomic_store(&q->next, 0);
    pthread_t t;
    int threaded = pthread_create(&t, NULL, rule_worker, q) == 0;
    rule_worker(q);
    if (threaded)
        pthread_join(t, NULL);
    return q->v;
}

/* Move a rule's own results to the end of out (ownership of every entry passes). */
static void take_results(struct results *out, struct results *r)
{
    for (size_t i = 0; i < r->findings.n; i++)
        *finding_list_add(&out->findings) = r->findings.v[i];
    for (size_t i = 0; i < r->skipped.n; i++) {
        ALLOC_GROW(out->skipped.v, out->skipped.n + 1, out->skipped.alloc);
        out->skipped.v[out->skipped.n++] = r->skipped.v[i];
    }
    free(r->findings.v);
    free(r->skipped.v);
}

/* Context workflows (siblings of a workflow named on the command line) are never reported on. */
static void drop_context_findings(const struct project *p, struct finding_list *l)
{
    const char **ctx = xcalloc(p->nwfs + 1, sizeof(*ctx)); /* their files */
    size_t nctx = 0;
    for (size_t k = 0; k < p->nwfs; k++)
        if (p->wfs[k]->context)
            ctx[nctx++] = p->wfs[k]->file;
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++) {
        int drop = 0;
        for (size_t k = 0; k < nctx && !drop && l->v[i].file; k++)
            drop = !strcmp(ctx[k], l->v[i].file);
        if (drop)
            finding_release(&l->v[i]);
        else
            l->v[w++] = l->v[i];
    }
    l->n = w;
    free(ctx);
}

static void add_env(struct results *out, const char *file, const struct envinfo *e)
{
    ALLOC_GROW(out->envs, out->nenvs + 1, out->envs_alloc);
    struct env_entry *x = &out->envs[out->nenvs++];
    memset(x, 0, sizeof(*x));
    x->file = xstrdup(file);
    env_copy(&x->env, e);
}

/* The project rules (KIND_PROJECT: the x/ rules, Lua `project` policies) run once the rules of
 * the documents have reported and their suppressions are decided, so that they can build on
 * those verdicts (which migration breaks compatibility, and whether a reviewer waved it
 * through). They report into results of their own, appended to out afterwards. */
static void run_project_rules(const struct ruleset *rs, struct project *p,
                              const struct engine_opts *o, struct redact_run *red,
                              struct results *out)
{
    struct results mine = {0};
    for (size_t i = 0; i < rs->n; i++) {
        const struct rule_state *st = &rs->v[i];
        if (!st->enabled || !st->rule->check || !(st->rule->kinds & KIND_PROJECT))
            continue;
        if (!scope_allows(st, &p->env, NULL, out))
            continue;
        struct rule_ctx ctx = {.rs = rs,
                               .patterns = o->patterns,
                               .st = st,
                               .out = &mine.findings,
                               .skipped = &mine.skipped,
                               .verbose = o->verbose};
        struct subject s = {.kind = KIND_PROJECT,
                            .env = &p->env,
                            .project = p,
                            .redact = red,
                            .findings = &out->findings};
        run_check(&ctx, &s);
        free(ctx.scratch);
    }
    take_results(out, &mine);
}

void engine_run(struct ruleset *rs, struct project *p, const struct engine_opts *o,
                struct results *out)
{
    out->rules = rs->rules;
    out->rule_sev = rs->sev;
    out->nrules = rs->n;
    out->nfiles = p->nfiles;
    for (size_t i = 0; i < p->nplans; i++)
        add_env(out, plan_file(p->plans[i]), plan_env(p->plans[i]));
    for (size_t i = 0; i < p->nstacks; i++) {
        const struct tfstack *s = p->stacks[i];
        if (s->nplans || !s->dotterraform)
            continue;
        add_env(out, s->backend ? s->backend->file : s->dotterraform, &s->env);
    }
    add_env(out, NULL, &p->env);
    for (size_t i = 0; i < p->skipped.n; i++)
        skip_add(&out->skipped, p->skipped.v[i].file, p->skipped.v[i].what, p->skipped.v[i].reason);

    struct redact_run *red = redact_run_new(p); /* what is secret, per document */
    struct rule_queue q = {.rs = rs, .p = p, .o = o, .red = red};
    struct rule_run *done = run_parallel(&q);
    for (size_t i = 0, k = 0; i < rs->n; i++) { /* results in rule order, whoever ran them */
        const struct rule_state *st = &rs->v[i];
        if (done && parallel_rule(st))
            take_results(out, &done[k++].res);
        else if (st->enabled && st->rule->check)
            run_rule(rs, st, p, o, red, out);
    }
    free(done);
    drop_context_findings(p, &out->findings);
    suppress_mark(p, o, out, 0);
    size_t first = out->findings.n;
    run_project_rules(rs, p, o, red, out);
    drop_context_findings(p, &out->findings);
    suppress_mark(p, o, out, first);
    suppress_report(rs, p, o, out);
    if (o->errors)
        diag_move(&out->errors, o->errors);
    redact_results(red, out); /* the one scrub: nothing reaches a reporter before it */
    redact_run_free(red);
    finding_list_sort(&out->findings);
    finding_list_fingerprint(&out->findings);
    diag_sort(&out->errors);
}
