/* wf_types.c — the expression type checker's walk over a workflow: GitHub's workflow keys, the
 * place (context availability) of every scalar under them, and what is defined there: the steps
 * that ran before, the job's matrix, the workflow's inputs, the outputs jobs declare. The typing
 * of each expression is wf_typecheck.c's. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/wf_types.h"
#include "wf_types_data.h"
#include "wf_types_int.h"

void wft_issue(struct wft *t, enum wf_issue_kind kind, enum severity sev, size_t off,
               const char *fix, const char *fmt, ...)
{
    if (!(t->o->kinds & kind))
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct wf_issue is = {kind,   sev, t->sc.node,     t->sc.via,
                          0,      0,   t->sc.key_line, t->sc.job ? t->sc.job->id : NULL,
                          sb.buf, fix, t->hygiene};
    if (off == WFT_AT_NODE) {
        is.line = t->sc.node->line;
        is.col = t->sc.node->col;
    } else if (!wf_value_pos(t->wf, t->sc.node, t->base + off, &is.line, &is.col)) {
        is.line = t->line0;
        is.col = t->col0;
    }
    t->fn(&is, t->arg);
    strbuf_release(&sb);
}

/* ---- what is defined ---- */

static void matrix_add(struct wft *t, struct wft_matrix *m, const char *name, const struct ynode *v)
{
    struct wft_mkey *k = NULL;
    for (size_t i = 0; i < m->nkeys && !k; i++)
        if (!strcasecmp(m->keys[i].name, name))
            k = &m->keys[i];
    if (!k) {
        struct wft_mkey *keys = arena_alloc(t->a, (m->nkeys + 1) * sizeof(*keys));
        if (m->nkeys)
            memcpy(keys, m->keys, m->nkeys * sizeof(*keys));
        m->keys = keys;
        k = &m->keys[m->nkeys++];
        k->name = name;
    }
    const struct ynode **vals = arena_alloc(t->a, (k->nvals + 1) * sizeof(*vals));
    if (k->nvals)
        memcpy(vals, k->vals, k->nvals * sizeof(*vals));
    vals[k->nvals++] = ynode_deref(v);
    k->vals = vals;
}

/* The rows of `include:` add their keys (with the values they give them). */
static void matrix_include(struct wft *t, struct wft_matrix *m, struct yref inc)
{
    if (!yref_is_seq(inc)) {
        if (inc.n && !ynode_is_null(inc.n))
            m->open = 1; /* `include: ${{ fromJSON(…) }}` */
        return;
    }
    for (size_t i = 0; i < inc.n->nitems; i++) {
        struct yref row = yref_item(inc, i);
        if (!yref_is_map(row)) {
            m->open = 1;
            continue;
        }
        for (size_t k = 0; k < row.n->npairs; k++) {
            const char *name = yref_str(yref_pair_key(row, k));
            if (name && !strcmp(name, "<<"))
                m->open = 1;
            else if (name)
                matrix_add(t, m, name, yref_pair_value(row, k).n);
        }
    }
}

const struct wft_matrix *wft_matrix_of(struct wft *t, const struct wf_job *j)
{
    struct wft_matrix *m = &t->matrix[j - t->wf->jobs];
    if (m->done)
        return m;
    m->done = 1;
    struct yref st = j->strategy, mx = yref_get(st, "matrix");
    if (st.n && !yref_is_map(st) && !ynode_is_null(st.n)) {
        m->open = 1; /* strategy: ${{ … }} */
        return m;
    }
    if (!mx.n || ynode_is_null(mx.n)) {
        m->none = 1;
        return m;
    }
    if (!yref_is_map(mx)) {
        m->open = 1;
        return m;
    }
    for (size_t i = 0; i < mx.n->npairs; i++) {
        const char *name = yref_str(yref_pair_key(mx, i));
        struct yref v = yref_pair_value(mx, i);
        if (!name)
            continue;
        if (!strcmp(name, "<<")) { /* a YAML merge key (gha/syntax): its keys are unknown */
            m->open = 1;
        } else if (!strcmp(name, "include")) {
            matrix_include(t, m, v);
        } else if (strcmp(name, "exclude")) {
            if (yref_is_seq(v)) {
                for (size_t k = 0; k < v.n->nitems; k++)
                    matrix_add(t, m, name, yref_item(v, k).n);
                if (!v.n->nitems)
                    matrix_add(t, m, name, NULL);
            } else {
                matrix_add(t, m, name, v.n); /* `os: ${{ fromJSON(…) }}` */
            }
        }
    }
    return m;
}

int wft_step_before(const struct wft *t, const struct wf_step *s)
{
    return t->sc.all_steps || (t->sc.step && s->index < t->sc.step->index);
}

int wft_job_outputs(struct wft *t, const struct wf_job *j, const char ***names, size_t *n)
{
    struct yref out = j->outputs;
    *names = NULL;
    *n = 0;
    if (j->uses) {
        const struct wf_trigger *call =
            j->callee ? wf_trigger_by_event(j->callee, "workflow_call") : NULL;
        if (!call)
            return 0; /* a reusable workflow of another repository */
        out = yref_get(call->config, "outputs");
    }
    if (!out.n || ynode_is_null(out.n))
        return 1;
    if (!yref_is_map(out))
        return 0;
    *names = arena_alloc(t->a, (out.n->npairs + 1) * sizeof(**names));
    for (size_t i = 0; i < out.n->npairs; i++) {
        const char *name = yref_str(yref_pair_key(out, i));
        if (name && !strcmp(name, "<<"))
            return 0; /* a YAML merge key: the names are unknown */
        if (name)
            (*names)[(*n)++] = name;
    }
    return 1;
}

static unsigned input_type(const char *type)
{
    if (!strcmp(type, "boolean"))
        return WFT_BOOL;
    if (!strcmp(type, "number"))
        return WFT_NUM;
    if (!strcmp(type, "string") || !strcmp(type, "choice") || !strcmp(type, "environment"))
        return WFT_STR;
    return WFT_ANY;
}

/* The inputs of workflow_dispatch and workflow_call (both may declare them: one context). */
static void inputs(struct wft *t)
{
    const struct workflow *wf = t->wf;
    if (!yref_is_map(wf->on) && !yref_is_seq(wf->on) && !yref_is_str(wf->on)) {
        t->inputs_open = 1; /* no readable `on:` (gha/syntax says so) */
        return;
    }
    size_t total = 0;
    for (size_t i = 0; i < wf->ntriggers; i++)
        total += wf->triggers[i].ninputs;
    t->inputs = arena_alloc(t->a, (total + 1) * sizeof(*t->inputs));
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *tr = &wf->triggers[i];
        if (strcmp(tr->event, "workflow_dispatch") && strcmp(tr->event, "workflow_call"))
            continue;
        t->has_input_triggers = 1;
        struct yref in = yref_get(tr->config, "inputs");
        if (in.n && !yref_is_map(in) && !ynode_is_null(in.n))
            t->inputs_open = 1;
        if (!strcmp(tr->event, "workflow_dispatch")) {
            t->has_dispatch = 1;
            t->dispatch = arena_alloc(t->a, (tr->ninputs + 1) * sizeof(*t->dispatch));
            for (size_t k = 0; k < tr->ninputs; k++) {
                t->dispatch[k].name = tr->inputs[k].name;
                t->dispatch[k].type = (unsigned char)input_type(tr->inputs[k].type);
            }
            t->ndispatch = tr->ninputs;
        }
        for (size_t k = 0; k < tr->ninputs; k++) {
            unsigned type = input_type(tr->inputs[k].type);
            struct wft_input *same = NULL;
            for (size_t m = 0; m < t->ninputs && !same; m++)
                if (!strcasecmp(t->inputs[m].name, tr->inputs[k].name))
                    same = &t->inputs[m];
            if (same) {
                if (same->type != type)
                    same->type = WFT_ANY;
                continue;
            }
            t->inputs[t->ninputs].name = tr->inputs[k].name;
            t->inputs[t->ninputs++].type = (unsigned char)type;
        }
    }
    /* without workflow_dispatch, github.event.inputs is null on every run: reading it is then a
     * generic fallback more often than a mistake */
    t->event_inputs =
        t->has_dispatch && !t->inputs_open && !wf_trigger_by_event(wf, "workflow_call");
}

/* ---- the walk ---- */

enum shape { TEXT = 1, STRUCT, COND, VALUES, SPECIAL };

/* Make expression e the one being checked. */
static void at_expr(struct wft *t, const struct wf_expr *e)
{
    t->base = e->off + 3;
    t->line0 = e->line;
    t->col0 = e->col;
}

/* The model's parse of the bare if: n, when n is the current job's or step's. */
static const struct wfx *bare_if(const struct wft *t, const struct ynode *n)
{
    if (t->sc.step)
        return t->sc.step->if_.n == n ? t->sc.step->if_x : NULL;
    if (t->sc.job && t->sc.key == WFK_JOB_IF)
        return t->sc.job->if_.n == n ? t->sc.job->if_x : NULL;
    return NULL;
}

static void check_if(struct wft *t, const struct ynode *n)
{
    const struct wf_expr *e;
    size_t k = wf_exprs(t->wf, n, &e);
    t->line0 = n->line;
    t->col0 = n->col;
    t->base = 0;
    if (!k) {
        if (!n->len || wf_has_expr(n->str))
            return; /* empty, or an unterminated ${{ (gha/syntax) */
        const char *err = NULL;
        const struct wfx *x = bare_if(t, n);
        if (x) {
            t->base = strspn(n->str, " \t\r\n"); /* wf_if_parse parsed it trimmed */
            wft_check_cond(t, x);
            return;
        }
        x = wfx_parse(n->str, n->len, t->a, &err);
        if (!x) {
            wft_issue(t, WFI_TYPE, SEV_ERROR, 0,
                      "correct the condition (strings take single quotes, == compares)",
                      "invalid expression in if: %s: GitHub rejects the workflow", err);
            return;
        }
        wft_check_cond(t, x);
        return;
    }
    size_t end = e[0].off + 3 + e[0].len + 2;
    if (k > 1 || e[0].off || end < n->len) {
        const char *first = k > 1 || e[0].off ? "" : n->str + end;
        int newline_only = k == 1 && !e[0].off && strspn(first, "\r\n") == n->len - end;
        if (newline_only)
            wft_issue(t, WFI_IF, SEV_ERROR, WFT_AT_NODE,
                      "end the block with '|-' (or write the condition on the if: line): then "
                      "the value is the expression alone",
                      "this if: is always true: the line break the block scalar keeps after }} "
                      "makes the condition a non-empty string, not the expression's value");
        else
            wft_issue(t, WFI_IF, SEV_ERROR, WFT_AT_NODE,
                      "write the whole condition inside one ${{ }}, or leave ${{ }} out (if: "
                      "takes an expression as it is)",
                      "this if: is always true: with text outside ${{ }}, the condition is a "
                      "non-empty string, not the expression's value");
    }
    for (size_t i = 0; i < k; i++) {
        if (!e[i].x)
            continue;
        at_expr(t, &e[i]);
        if (k == 1 && !e[0].off && end == n->len)
            wft_check_cond(t, e[i].x);
        else
            wft_check_expr(t, e[i].x);
    }
}

static void scalar(struct wft *t, struct yref r, enum shape shape)
{
    const struct ynode *n = r.n;
    if (!n || n->type != YNODE_SCALAR)
        return;
    if (shape == COND) { /* with ${{ }} or without: GitHub reads an if: as an expression */
        t->sc.node = n;
        t->sc.via = r.via;
        check_if(t, n);
        return;
    }
    if (n->len < 5 || !memchr(n->str, '$', n->len))
        return;
    t->sc.node = n;
    t->sc.via = r.via;
    const struct wf_expr *e;
    size_t k = wf_exprs(t->wf, n, &e);
    for (size_t i = 0; i < k; i++) {
        if (!e[i].x)
            continue;
        at_expr(t, &e[i]);
        if (shape == TEXT)
            wft_check_template(t, e[i].x);
        else
            wft_check_expr(t, e[i].x);
    }
}

/* Does the source span of n hold a `${{` the loader found? (wf->exprs are in file order.) */
static int has_exprs(const struct workflow *wf, const struct ynode *n)
{
    size_t i = wf_expr_index(wf, n->start);
    return i < wf->nexprs && wf->exprs[i].node->start < n->end;
}

/* Every scalar under r (keys are names, not expressions). */
static void tree(struct wft *t, struct yref r, enum shape shape, int depth)
{
    if (!r.n || depth > 32 || (shape != COND && !has_exprs(t->wf, r.n)))
        return;
    if (r.n->type == YNODE_SCALAR) {
        scalar(t, r, shape);
    } else if (r.n->type == YNODE_SEQ) {
        for (size_t i = 0; i < r.n->nitems; i++)
            tree(t, yref_item(r, i), shape, depth + 1);
    } else if (r.n->type == YNODE_MAP) {
        for (size_t i = 0; i < r.n->npairs; i++) {
            t->sc.key_line = yref_pair_key(r, i).n ? yref_pair_key(r, i).n->line : 0;
            tree(t, yref_pair_value(r, i), shape, depth + 1);
        }
    }
}

/* The value v of key k, at place `where`. VALUES: a map of strings (env:, with:, outputs:), or
 * one expression standing for the map. */
static void visit(struct wft *t, struct yref k, struct yref v, unsigned where, enum shape shape)
{
    if (t->o->kinds == WFI_IF && shape != COND)
        return; /* only if: conditions can be always true */
    if (shape == VALUES)
        shape = yref_is_map(v) ? TEXT : STRUCT;
    t->sc.key = where;
    t->sc.is_if = shape == COND;
    t->sc.text = shape == TEXT;
    t->sc.key_line = k.n ? k.n->line : 0;
    tree(t, v, shape, 0);
}

/* The value of key in map (whatever it holds), at place `where`. */
static void field(struct wft *t, struct yref map, const char *key, unsigned where, enum shape shape)
{
    struct yref k = yref_key(map, key);
    if (k.n)
        visit(t, k, yref_get(map, key), where, shape);
}

/* Where a key of a step or a job is evaluated. */
struct place {
    const char *key;
    unsigned where; /* enum wfc_key */
    enum shape shape;
};

static const struct place step_keys[] = {
    {"name", WFK_STEP_NAME, TEXT},
    {"if", WFK_STEP_IF, COND},
    {"run", WFK_STEP_RUN, TEXT},
    {"env", WFK_STEP_ENV, VALUES},
    {"with", WFK_STEP_WITH, VALUES},
    {"continue-on-error", WFK_STEP_CONTINUE_ON_ERROR, TEXT},
    {"timeout-minutes", WFK_STEP_TIMEOUT, TEXT},
    {"working-directory", WFK_STEP_WORKING_DIRECTORY, TEXT},
    {"id", WFK_STEP_ID, TEXT},
    {"shell", WFK_STEP_SHELL, TEXT},
};

static const struct place job_keys[] = {
    {"if", WFK_JOB_IF, COND},
    {"name", WFK_JOB_NAME, TEXT},
    {"needs", WFK_JOB_NEEDS, TEXT},
    {"runs-on", WFK_JOB_RUNS_ON, STRUCT},
    {"env", WFK_JOB_ENV, VALUES},
    {"strategy", WFK_JOB_STRATEGY, STRUCT},
    {"continue-on-error", WFK_JOB_CONTINUE_ON_ERROR, TEXT},
    {"timeout-minutes", WFK_JOB_TIMEOUT, TEXT},
    {"cancel-timeout-minutes", WFK_JOB_TIMEOUT, TEXT},
    {"with", WFK_JOB_WITH, VALUES},
    {"secrets", WFK_JOB_SECRETS, VALUES},
    {"environment", WFK_JOB_ENVIRONMENT, SPECIAL},
    {"concurrency", WFK_JOB_CONCURRENCY, SPECIAL},
    {"outputs", WFK_JOB_OUTPUTS, SPECIAL},
    {"container", WFK_JOB_CONTAINER, SPECIAL},
    {"services", WFK_JOB_SERVICES, SPECIAL},
    {"defaults", WFK_JOB_DEFAULTS_RUN, SPECIAL},
    {"snapshot", WFK_JOB_SNAPSHOT, SPECIAL},
};

static const struct place *place_of(const struct place *v, size_t n, const char *key)
{
    for (size_t i = 0; key && i < n; i++)
        if (v[i].key[0] == key[0] && !strcmp(v[i].key, key))
            return &v[i];
    return NULL;
}

/* container: or one service of services: */
static void container(struct wft *t, struct yref c, unsigned where, unsigned creds, unsigned env)
{
    for (size_t i = 0; i < c.n->npairs; i++) {
        struct yref k = yref_pair_key(c, i), v = yref_pair_value(c, i);
        const char *name = yref_str(k);
        if (!name)
            continue;
        if (!strcmp(name, "credentials"))
            visit(t, k, v, creds, VALUES);
        else if (!strcmp(name, "env"))
            visit(t, k, v, env, VALUES);
        else
            visit(t, k, v, where, TEXT);
    }
}

static void walk_step(struct wft *t, const struct wf_step *s)
{
    struct yref n = s->node;
    t->sc.step = s;
    for (size_t i = 0; yref_is_map(n) && i < n.n->npairs; i++) {
        struct yref k = yref_pair_key(n, i);
        const struct place *p = place_of(step_keys, ARRAY_SIZE(step_keys), yref_str(k));
        if (p)
            visit(t, k, yref_pair_value(n, i), p->where, p->shape);
    }
    t->sc.step = NULL;
}

/* The job keys whose parts are evaluated at different places. */
static void job_special(struct wft *t, const struct place *p, struct yref k, struct yref v)
{
    if (p->where == WFK_JOB_ENVIRONMENT && yref_is_map(v)) {
        field(t, v, "name", WFK_JOB_ENVIRONMENT, TEXT);
        t->sc.all_steps = 1;
        field(t, v, "url", WFK_JOB_ENVIRONMENT_URL, TEXT);
        t->sc.all_steps = 0;
    } else if (p->where == WFK_JOB_CONCURRENCY) {
        visit(t, k, v, p->where, yref_is_map(v) || yref_is_str(v) ? TEXT : STRUCT);
    } else if (p->where == WFK_JOB_OUTPUTS) {
        t->sc.all_steps = 1;
        visit(t, k, v, p->where, VALUES);
        t->sc.all_steps = 0;
    } else if (p->where == WFK_JOB_CONTAINER && yref_is_map(v)) {
        container(t, v, WFK_JOB_CONTAINER, WFK_JOB_CONTAINER_CREDENTIALS, WFK_JOB_CONTAINER_ENV);
    } else if (p->where == WFK_JOB_SERVICES && yref_is_map(v)) {
        for (size_t i = 0; i < v.n->npairs; i++) {
            struct yref sk = yref_pair_key(v, i), svc = yref_pair_value(v, i);
            if (yref_is_map(svc))
                container(t, svc, WFK_JOB_SERVICES, WFK_JOB_SERVICES_CREDENTIALS,
                          WFK_JOB_SERVICES_ENV);
            else
                visit(t, sk, svc, WFK_JOB_SERVICES, STRUCT);
        }
    } else if (p->where == WFK_JOB_DEFAULTS_RUN) {
        field(t, v, "run", WFK_JOB_DEFAULTS_RUN, TEXT);
    } else if (p->where == WFK_JOB_SNAPSHOT && yref_is_map(v)) {
        for (size_t i = 0; i < v.n->npairs; i++) {
            struct yref sk = yref_pair_key(v, i);
            const char *name = yref_str(sk);
            if (name)
                visit(t, sk, yref_pair_value(v, i),
                      strcmp(name, "if") ? WFK_JOB_SNAPSHOT : WFK_JOB_SNAPSHOT_IF,
                      strcmp(name, "if") ? TEXT : COND);
        }
    } else {
        visit(t, k, v, p->where, STRUCT); /* one expression for the whole value */
    }
}

static void walk_job(struct wft *t, const struct wf_job *j)
{
    struct yref n = j->node;
    t->sc.job = j;
    t->sc.step = NULL;
    t->sc.all_steps = 0;
    for (size_t i = 0; i < n.n->npairs; i++) {
        struct yref k = yref_pair_key(n, i), v = yref_pair_value(n, i);
        const struct place *p = place_of(job_keys, ARRAY_SIZE(job_keys), yref_str(k));
        if (p && p->shape == SPECIAL)
            job_special(t, p, k, v);
        else if (p)
            visit(t, k, v, p->where, p->shape);
    }
    for (size_t i = 0; i < j->nsteps; i++)
        walk_step(t, &j->steps[i]);
    t->sc.job = NULL;
}

/* on.workflow_call: inputs' defaults and outputs' values. */
static void walk_call(struct wft *t)
{
    const struct wf_trigger *call = wf_trigger_by_event(t->wf, "workflow_call");
    if (!call)
        return;
    struct yref in = yref_get(call->config, "inputs"), out = yref_get(call->config, "outputs");
    for (size_t i = 0; yref_is_map(in) && i < in.n->npairs; i++)
        field(t, yref_pair_value(in, i), "default", WFK_CALL_INPUT_DEFAULT, TEXT);
    for (size_t i = 0; yref_is_map(out) && i < out.n->npairs; i++)
        field(t, yref_pair_value(out, i), "value", WFK_CALL_OUTPUT_VALUE, TEXT);
}

void wf_types_check(const struct workflow *wf, const struct wf_types_opts *o, wf_issue_fn *fn,
                    void *arg)
{
    if (!yref_is_map(wf->root))
        return;
    struct wft t = {.wf = wf, .o = o, .fn = fn, .arg = arg, .a = arena_new()};
    t.matrix = arena_alloc(t.a, (wf->njobs + 1) * sizeof(*t.matrix));
    inputs(&t);
    field(&t, wf->root, "run-name", WFK_RUN_NAME, TEXT);
    field(&t, wf->root, "concurrency", WFK_CONCURRENCY, TEXT);
    field(&t, wf->root, "env", WFK_ENV, VALUES);
    field(&t, yref_get(wf->root, "defaults"), "run", WFK_DEFAULTS_RUN, TEXT);
    walk_call(&t);
    for (size_t i = 0; i < wf->njobs; i++)
        walk_job(&t, &wf->jobs[i]);
    arena_free(t.a);
}
