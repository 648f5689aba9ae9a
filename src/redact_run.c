/* redact_run.c — what is secret for each document of a run, and the one pass that scrubs the
 * results before any reporter sees them. A plan's set holds its sensitive values and its
 * backend's credentials; a backend's its credentials; a workflow's its literal credentials and
 * those of the workflows it calls (transitively: what a check on it can reach), never those of
 * unrelated files, so findings and fingerprints do not depend on what else is in the run.
 * Sets are built when first asked for (most documents have nothing to scrub). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/project.h"
#include "infralint/redact.h"
#include "infralint/report.h"
#include "infralint/rule.h"
#include "infralint/util.h"

enum doc_kind { DOC_NONE = 0, DOC_PLAN, DOC_BACKEND, DOC_WORKFLOW, DOC_WFSET };

struct doc {
    const char *file;
    enum doc_kind kind;
    const void *doc; /* plan, tfstack, workflow, wf_set; NULL for documents without secrets */
    struct redact_set *set;
    int built;
};

struct redact_run {
    struct doc *v; /* sorted by file */
    size_t n, alloc;
    struct redact_set *all; /* every document's (run-wide texts), or NULL until asked for */
};

static void add_doc(struct redact_run *r, const char *file, enum doc_kind kind, const void *doc)
{
    if (!file)
        return;
    ALLOC_GROW(r->v, r->n + 1, r->alloc);
    struct doc *d = &r->v[r->n++];
    memset(d, 0, sizeof(*d));
    d->file = file;
    d->kind = kind;
    d->doc = doc;
}

static int doc_cmp(const void *a, const void *b)
{
    const struct doc *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (int)y->kind - (int)x->kind; /* one file, several roles: the richest first */
}

struct redact_run *redact_run_new(const struct project *p)
{
    struct redact_run *r = xcalloc(1, sizeof(*r));
    for (size_t i = 0; i < p->nplans; i++)
        add_doc(r, plan_file(p->plans[i]), DOC_PLAN, p->plans[i]);
    for (size_t i = 0; i < p->nstacks; i++) {
        const struct tfstack *s = p->stacks[i];
        if (s->backend)
            add_doc(r, s->backend->file, DOC_BACKEND, s);
        add_doc(r, s->dotterraform, DOC_BACKEND, s);
    }
    for (size_t i = 0; i < p->nwfs; i++)
        add_doc(r, p->wfs[i]->file, DOC_WORKFLOW, p->wfs[i]);
    for (size_t i = 0; i < p->nwfsets; i++)
        add_doc(r, p->wfsets[i]->dir, DOC_WFSET, p->wfsets[i]);
    for (size_t i = 0; i < p->nmigs; i++) { /* no secrets: known, so never scrubbed */
        add_doc(r, p->migs[i]->dir, DOC_NONE, NULL);
        for (size_t k = 0; k < p->migs[i]->n; k++) {
            add_doc(r, p->migs[i]->v[k]->file, DOC_NONE, NULL);
            add_doc(r, p->migs[i]->v[k]->down_file, DOC_NONE, NULL);
        }
    }
    if (r->n)
        qsort(r->v, r->n, sizeof(*r->v), doc_cmp);
    return r;
}

void redact_run_free(struct redact_run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        redact_set_free(r->v[i].set);
    free(r->v);
    redact_set_free(r->all);
    free(r);
}

/* The workflows reached so far: an open-addressing set of pointers (a set of 10,000 workflows
 * is collected in linear time). */
struct seen {
    const struct workflow **v;
    size_t cap, n; /* cap: 0 or a power of two */
};

static size_t seen_slot(const struct seen *s, const struct workflow *wf)
{
    size_t h = ((uintptr_t)wf >> 4) * (size_t)0x9E3779B97F4A7C15u, i = h & (s->cap - 1);
    while (s->v[i] && s->v[i] != wf)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Add wf; 0 if it was there already. */
static int seen_add(struct seen *s, const struct workflow *wf)
{
    if (2 * (s->n + 1) > s->cap) {
        struct seen bigger = {xcalloc(s->cap ? 2 * s->cap : 16, sizeof(*s->v)),
                              s->cap ? 2 * s->cap : 16, s->n};
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                bigger.v[seen_slot(&bigger, s->v[i])] = s->v[i];
        free(s->v);
        *s = bigger;
    }
    size_t i = seen_slot(s, wf);
    if (s->v[i])
        return 0;
    s->v[i] = wf;
    s->n++;
    return 1;
}

/* A workflow's own credentials and those of every workflow its jobs call, transitively. */
static void reach(const struct workflow *wf, struct redact_set *s, struct seen *seen)
{
    if (!seen_add(seen, wf))
        return;
    redact_workflow_collect(wf, s);
    for (size_t j = 0; j < wf->njobs; j++)
        if (wf->jobs[j].callee)
            reach(wf->jobs[j].callee, s, seen);
}

static void build(struct doc *d)
{
    if (d->built)
        return;
    d->built = 1;
    d->set = redact_set_new();
    struct seen seen = {NULL, 0, 0};
    switch (d->kind) {
    case DOC_NONE: break;
    case DOC_PLAN: {
        const struct plan *pl = d->doc;
        redact_plan_collect(pl, d->set);
        if (plan_stack(pl)) /* a plan rule may read its backend */
            redact_backend_collect(plan_stack(pl)->backend, d->set);
        break;
    }
    case DOC_BACKEND:
        redact_backend_collect(((const struct tfstack *)d->doc)->backend, d->set);
        break;
    case DOC_WORKFLOW: reach(d->doc, d->set, &seen); break;
    case DOC_WFSET: {
        const struct wf_set *set = d->doc;
        for (size_t i = 0; i < set->n; i++)
            reach(set->v[i], d->set, &seen);
        break;
    }
    }
    free(seen.v);
}

static struct doc *find(struct redact_run *r, const char *file)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) { /* the first entry for file (the richest role) */
        size_t mid = (lo + hi) / 2;
        if (strcmp(r->v[mid].file, file) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->n && !strcmp(r->v[lo].file, file) ? &r->v[lo] : NULL;
}

static const struct redact_set *nonempty(const struct redact_set *s)
{
    return redact_set_count(s) ? s : NULL;
}

static const struct redact_set *all(struct redact_run *r)
{
    if (!r->all) {
        r->all = redact_set_new();
        for (size_t i = 0; i < r->n; i++) {
            build(&r->v[i]);
            redact_set_merge(r->all, r->v[i].set);
        }
    }
    return nonempty(r->all);
}

/* The set for file; *known: file is a document of the run. */
static const struct redact_set *file_set(struct redact_run *r, const char *file, int *known)
{
    struct doc *d = file ? find(r, file) : NULL;
    *known = d != NULL;
    if (!d)
        return all(r);
    build(d);
    return nonempty(d->set);
}

const struct redact_set *redact_run_file(struct redact_run *r, const char *file)
{
    int known;
    return r ? file_set(r, file, &known) : NULL;
}

const struct redact_set *redact_run_subject(struct redact_run *r, const struct subject *s)
{
    if (!r)
        return NULL;
    switch (s->kind) {
    case KIND_PLAN: return redact_run_file(r, plan_file(s->plan));
    case KIND_BACKEND:
        return redact_run_file(r, s->stack->backend ? s->stack->backend->file
                                                    : s->stack->dotterraform);
    case KIND_WORKFLOW: return redact_run_file(r, s->wf->file);
    case KIND_WORKFLOWS: return redact_run_file(r, s->wfs->dir);
    case KIND_MIGRATIONS: return NULL;
    default: return all(r);
    }
}

/* Scrub one finding with the secrets of its file (and of the files its related locations name). */
/* The fix and path of the previous finding, when scrubbing left them as they were: the findings
 * of one rule come together and mostly repeat both, which need not be scrubbed again. */
struct clean_memo {
    const struct redact_set *set;
    const char *fix, *path;
};

/* Scrub *text unless it equals *clean (known to hold no secret of the same set). */
static void redact_memo(const struct redact_set *s, char **text, enum redact_field f,
                        const char **clean)
{
    if (*text && *clean && !strcmp(*text, *clean))
        return;
    char *before = *text;
    redact_str(s, text, f);
    *clean = *text == before ? *text : NULL;
}

static void scrub_finding(struct redact_run *r, struct finding *f, struct clean_memo *m)
{
    int known;
    const struct redact_set *s = file_set(r, f->file, &known);
    if (m->set != s) {
        m->set = s;
        m->fix = m->path = NULL;
    }
    redact_str(s, &f->message, REDACT_TEXT);
    redact_memo(s, &f->fix, REDACT_TEXT, &m->fix);
    redact_str(s, &f->suppress_reason, REDACT_TEXT);
    if (known) { /* a run-wide set never touches where a finding is */
        redact_str(s, &f->location, REDACT_LOCATION);
        redact_memo(s, &f->path, REDACT_LOCATION, &m->path);
    }
    for (size_t k = 0; k < f->nrelated; k++) {
        struct related *x = &f->related[k];
        int rknown;
        const struct redact_set *rs = file_set(r, x->file, &rknown);
        redact_str(s, &x->message, REDACT_TEXT);
        redact_str(rs, &x->message, REDACT_TEXT);
        if (rknown)
            redact_str(rs, &x->location, REDACT_LOCATION);
    }
}

void redact_results(struct redact_run *r, struct results *res)
{
    struct clean_memo m = {NULL, NULL, NULL};
    for (size_t i = 0; i < res->findings.n; i++)
        scrub_finding(r, &res->findings.v[i], &m);
    for (size_t i = 0; i < res->skipped.n; i++) {
        struct skip *k = &res->skipped.v[i];
        int known;
        const struct redact_set *s = file_set(r, k->file, &known);
        if (known)
            redact_str(s, &k->what, REDACT_LOCATION);
        redact_str(s, &k->reason, REDACT_TEXT);
    }
    for (size_t i = 0; i < res->errors.n; i++) {
        struct diag *d = &res->errors.v[i];
        redact_str(redact_run_file(r, d->file), &d->message, REDACT_TEXT);
    }
}
