/* workflow.c — a workflow file: its YAML tree turned into the model rules read, its inline
 * ignore comments, and the credential-like literals that must never reach a message. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

/* ---- node references ---- */

static struct yref ref_to(struct yref parent, const struct ynode *child)
{
    struct yref r = {NULL, NULL};
    if (!child)
        return r;
    r.via = parent.via ? parent.via : child->type == YNODE_ALIAS ? child : NULL;
    r.n = ynode_deref(child);
    return r;
}

struct yref yref_of(const struct ynode *n)
{
    struct yref r = {ynode_deref(n), NULL};
    return r;
}

static int is_map(const struct ynode *n)
{
    return n && n->type == YNODE_MAP;
}

struct yref yref_get(struct yref map, const char *key)
{
    struct yref none = {NULL, NULL};
    if (!is_map(map.n))
        return none;
    for (size_t i = 0; i < map.n->npairs; i++) {
        const struct ynode *k = ynode_deref(map.n->pairs[i].key);
        if (k->type == YNODE_SCALAR && k->str[0] == key[0] && !strcmp(k->str, key))
            return ref_to(map, map.n->pairs[i].value);
    }
    return none;
}

struct yref yref_key(struct yref map, const char *key)
{
    struct yref none = {NULL, NULL};
    if (!is_map(map.n))
        return none;
    for (size_t i = 0; i < map.n->npairs; i++) {
        const struct ynode *k = ynode_deref(map.n->pairs[i].key);
        if (k->type == YNODE_SCALAR && k->str[0] == key[0] && !strcmp(k->str, key))
            return ref_to(map, map.n->pairs[i].key);
    }
    return none;
}

struct yref yref_item(struct yref seq, size_t i)
{
    struct yref none = {NULL, NULL};
    if (!seq.n || seq.n->type != YNODE_SEQ || i >= seq.n->nitems)
        return none;
    return ref_to(seq, seq.n->items[i]);
}

struct yref yref_pair_key(struct yref map, size_t i)
{
    struct yref none = {NULL, NULL};
    if (!is_map(map.n) || i >= map.n->npairs)
        return none;
    return ref_to(map, map.n->pairs[i].key);
}

struct yref yref_pair_value(struct yref map, size_t i)
{
    struct yref none = {NULL, NULL};
    if (!is_map(map.n) || i >= map.n->npairs)
        return none;
    return ref_to(map, map.n->pairs[i].value);
}

const char *yref_str(struct yref r)
{
    return r.n && r.n->type == YNODE_SCALAR ? r.n->str : NULL;
}

int yref_is_map(struct yref r)
{
    return is_map(r.n);
}

int yref_is_seq(struct yref r)
{
    return r.n && r.n->type == YNODE_SEQ;
}

int yref_is_str(struct yref r)
{
    return r.n && r.n->type == YNODE_SCALAR && !ynode_is_null(r.n);
}

unsigned yref_line(struct yref r)
{
    return r.via ? r.via->line : r.n ? r.n->line : 0;
}

unsigned yref_col(struct yref r)
{
    return r.via ? r.via->col : r.n ? r.n->col : 0;
}

/* ---- the model ---- */

struct builder {
    struct workflow *wf;
    struct arena *a;
};

static void strlist(struct builder *b, struct yref v, struct wf_strlist *out)
{
    memset(out, 0, sizeof(*out));
    out->at = v;
    if (yref_is_str(v)) {
        out->v = arena_alloc(b->a, sizeof(char *));
        out->v[out->n++] = v.n->str;
    } else if (yref_is_seq(v)) {
        out->v = arena_alloc(b->a, (v.n->nitems + 1) * sizeof(char *));
        for (size_t i = 0; i < v.n->nitems; i++) {
            const char *s = yref_str(yref_item(v, i));
            if (s)
                out->v[out->n++] = s;
        }
    }
}

static enum wf_perm perm_level(const char *s)
{
    if (!s)
        return PERM_UNSET;
    if (!strcmp(s, "read"))
        return PERM_READ;
    if (!strcmp(s, "write"))
        return PERM_WRITE;
    if (!strcmp(s, "none"))
        return PERM_NONE;
    return PERM_UNSET;
}

static void perms(struct builder *b, struct yref parent, struct wf_perms *p)
{
    memset(p, 0, sizeof(*p));
    p->key = yref_key(parent, "permissions");
    if (!p->key.n)
        return;
    p->value = yref_get(parent, "permissions");
    const char *s = yref_str(p->value);
    if (yref_is_map(p->value)) {
        p->form = PERMS_MAP;
        size_t n = p->value.n->npairs;
        p->v = arena_alloc(b->a, (n ? n : 1) * sizeof(*p->v));
        for (size_t i = 0; i < n; i++) {
            struct wf_perm_entry *e = &p->v[p->n];
            e->key = yref_pair_key(p->value, i);
            e->value = yref_pair_value(p->value, i);
            e->scope = yref_str(e->key);
            if (!e->scope)
                continue;
            e->level = perm_level(yref_str(e->value));
            p->n++;
        }
    } else if (s && !strcmp(s, "read-all")) {
        p->form = PERMS_READ_ALL;
    } else if (s && !strcmp(s, "write-all")) {
        p->form = PERMS_WRITE_ALL;
    } else {
        p->form = PERMS_OTHER;
    }
}

const struct wf_perm_entry *wf_perms_entry(const struct wf_perms *p, const char *scope)
{
    for (size_t i = 0; p->form == PERMS_MAP && i < p->n; i++)
        if (!strcmp(p->v[i].scope, scope))
            return &p->v[i];
    return NULL;
}

enum wf_perm wf_perms_level(const struct wf_perms *p, const char *scope)
{
    switch (p->form) {
    case PERMS_ABSENT:
    case PERMS_OTHER: return PERM_UNSET;
    case PERMS_READ_ALL: return !strcmp(scope, "id-token") ? PERM_NONE : PERM_READ;
    case PERMS_WRITE_ALL: return PERM_WRITE;
    case PERMS_MAP: {
        const struct wf_perm_entry *e = wf_perms_entry(p, scope);
        return e && e->level ? e->level : PERM_NONE;
    }
    }
    return PERM_UNSET;
}

static void inputs(struct builder *b, struct wf_trigger *t)
{
    struct yref in = yref_get(t->config, "inputs");
    if (!yref_is_map(in))
        return;
    t->inputs = arena_alloc(b->a, (in.n->npairs ? in.n->npairs : 1) * sizeof(*t->inputs));
    for (size_t i = 0; i < in.n->npairs; i++) {
        struct wf_input *x = &t->inputs[t->ninputs];
        x->key = yref_pair_key(in, i);
        x->name = yref_str(x->key);
        if (!x->name)
            continue;
        const char *type = yref_str(yref_get(yref_pair_value(in, i), "type"));
        x->type = type ? type : "string";
        t->ninputs++;
    }
}

static void trigger(struct builder *b, const char *event, struct yref at, struct yref name_at,
                    struct yref config)
{
    struct workflow *wf = b->wf;
    struct wf_trigger *t = &wf->triggers[wf->ntriggers++];
    memset(t, 0, sizeof(*t));
    t->event = event;
    t->at = at;
    t->name_at = name_at;
    if (yref_is_map(config))
        t->config = config;
    strlist(b, yref_get(t->config, "branches"), &t->branches);
    strlist(b, yref_get(t->config, "branches-ignore"), &t->branches_ignore);
    strlist(b, yref_get(t->config, "tags"), &t->tags);
    strlist(b, yref_get(t->config, "tags-ignore"), &t->tags_ignore);
    strlist(b, yref_get(t->config, "paths"), &t->paths);
    strlist(b, yref_get(t->config, "paths-ignore"), &t->paths_ignore);
    strlist(b, yref_get(t->config, "types"), &t->types);
    strlist(b, yref_get(t->config, "workflows"), &t->workflows);
    inputs(b, t);
}

static void triggers(struct builder *b)
{
    struct workflow *wf = b->wf;
    struct yref on = wf->on;
    struct yref none = {NULL, NULL};
    if (yref_is_str(on)) {
        wf->triggers = arena_alloc(b->a, sizeof(*wf->triggers));
        trigger(b, on.n->str, wf->on_key, on, none);
    } else if (yref_is_seq(on)) {
        wf->triggers = arena_alloc(b->a, (on.n->nitems + 1) * sizeof(*wf->triggers));
        for (size_t i = 0; i < on.n->nitems; i++) {
            struct yref it = yref_item(on, i);
            if (yref_str(it))
                trigger(b, it.n->str, wf->on_key, it, none);
        }
    } else if (yref_is_map(on)) {
        wf->triggers = arena_alloc(b->a, (on.n->npairs + 1) * sizeof(*wf->triggers));
        for (size_t i = 0; i < on.n->npairs; i++) {
            struct yref k = yref_pair_key(on, i);
            if (yref_str(k))
                trigger(b, k.n->str, k, k, yref_pair_value(on, i));
        }
    }
}

static void step(struct builder *b, struct wf_step *s, size_t index, size_t sub, struct yref node)
{
    memset(s, 0, sizeof(*s));
    s->index = index;
    s->sub = sub;
    s->node = node;
    s->id = yref_str(yref_get(node, "id"));
    s->name = yref_str(yref_get(node, "name"));
    s->uses_at = yref_get(node, "uses");
    s->uses = yref_str(s->uses_at);
    s->run_at = yref_get(node, "run");
    s->run = yref_str(s->run_at);
    s->with = yref_get(node, "with");
    s->env = yref_get(node, "env");
    s->if_ = yref_get(node, "if");
    s->if_x = wf_if_parse(s->if_, b->a);
    s->coe = yref_get(node, "continue-on-error");
    s->shell = yref_get(node, "shell");
    s->wd = yref_get(node, "working-directory");
}

static void needs(struct builder *b, struct wf_job *j)
{
    struct yref v = j->needs_at;
    size_t n = yref_is_seq(v) ? v.n->nitems : yref_is_str(v) ? 1 : 0;
    j->needs = arena_alloc(b->a, (n ? n : 1) * sizeof(char *));
    j->needs_at_item = arena_alloc(b->a, (n ? n : 1) * sizeof(struct yref));
    if (yref_is_str(v)) {
        j->needs[0] = v.n->str;
        j->needs_at_item[0] = v;
        j->nneeds = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct yref it = yref_item(v, i);
        if (!yref_str(it))
            continue;
        j->needs[j->nneeds] = it.n->str;
        j->needs_at_item[j->nneeds++] = it;
    }
}

/* The steps of a job (those of `parallel:` groups included), from its `steps:` sequence. */
static void job_steps(struct builder *b, struct wf_job *j)
{
    if (!yref_is_seq(j->steps_at))
        return;
    size_t n = 0;
    for (size_t i = 0; i < j->steps_at.n->nitems; i++) {
        struct yref par = yref_get(yref_item(j->steps_at, i), "parallel");
        n += yref_is_seq(par) ? par.n->nitems : 1;
    }
    j->steps = arena_alloc(b->a, (n ? n : 1) * sizeof(*j->steps));
    for (size_t i = 0; i < j->steps_at.n->nitems; i++) {
        struct yref s = yref_item(j->steps_at, i);
        struct yref par = yref_get(s, "parallel");
        for (size_t k = 0; yref_is_seq(par) && k < par.n->nitems; k++)
            if (yref_is_map(yref_item(par, k)))
                step(b, &j->steps[j->nsteps++], i, k + 1, yref_item(par, k));
        if (yref_is_map(s) && !par.n)
            step(b, &j->steps[j->nsteps++], i, 0, s);
    }
}

static void job(struct builder *b, struct wf_job *j, struct yref key, struct yref node)
{
    memset(j, 0, sizeof(*j));
    j->id = yref_str(key);
    j->key = key;
    j->node = node;
    j->name = yref_str(yref_get(node, "name"));
    j->runs_on = yref_get(node, "runs-on");
    j->if_ = yref_get(node, "if");
    j->if_x = wf_if_parse(j->if_, b->a);
    j->env = yref_get(node, "env");
    j->environment = yref_get(node, "environment");
    j->concurrency = yref_get(node, "concurrency");
    j->timeout = yref_get(node, "timeout-minutes");
    j->coe = yref_get(node, "continue-on-error");
    j->strategy = yref_get(node, "strategy");
    j->container = yref_get(node, "container");
    j->services = yref_get(node, "services");
    j->with = yref_get(node, "with");
    j->secrets = yref_get(node, "secrets");
    j->uses_at = yref_get(node, "uses");
    j->uses = yref_str(j->uses_at);
    j->steps_at = yref_get(node, "steps");
    j->needs_at = yref_get(node, "needs");
    j->outputs = yref_get(node, "outputs");
    if (yref_is_str(j->environment)) {
        j->env_name = j->environment.n->str;
        j->env_name_at = j->environment;
    } else if (yref_is_map(j->environment)) {
        j->env_name_at = yref_get(j->environment, "name");
        j->env_name = yref_is_str(j->env_name_at) ? j->env_name_at.n->str : NULL;
    }
    perms(b, node, &j->perms);
    needs(b, j);
    job_steps(b, j);
}

static int job_cmp(const void *a, const void *b)
{
    const struct wf_job *x = *(const struct wf_job *const *)a,
                        *y = *(const struct wf_job *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : x < y ? -1 : x > y;
}

/* An action's metadata: `runs:` (its `using`), inputs and outputs; a composite action's steps
 * become the one job "runs". */
static void action_model(struct builder *b)
{
    struct workflow *wf = b->wf;
    struct wf_action *act = &wf->action;
    wf->is_action = 1;
    act->name = yref_str(yref_get(wf->root, "name"));
    act->runs_key = yref_key(wf->root, "runs");
    act->runs = yref_get(wf->root, "runs");
    act->inputs = yref_get(wf->root, "inputs");
    act->outputs = yref_get(wf->root, "outputs");
    act->using_at = yref_get(act->runs, "using");
    act->using = yref_str(act->using_at);
    act->composite = act->using && !strcmp(act->using, "composite");
    if (!act->composite)
        return;
    wf->jobs = arena_alloc(b->a, sizeof(*wf->jobs));
    struct wf_job *j = &wf->jobs[0];
    memset(j, 0, sizeof(*j));
    j->id = "runs";
    j->path = "runs";
    j->key = act->runs_key;
    j->node = act->runs;
    j->steps_at = yref_get(act->runs, "steps");
    job_steps(b, j);
    wf->njobs = 1;
    wf->jobs_by_id = arena_alloc(b->a, sizeof(*wf->jobs_by_id));
    wf->jobs_by_id[0] = j;
    j->needs = arena_alloc(b->a, sizeof(char *));
    j->needs_at_item = arena_alloc(b->a, sizeof(struct yref));
    j->needs_job = arena_alloc(b->a, sizeof(*j->needs_job));
}

int wf_is_action_name(const char *path)
{
    const char *base = path_basename(path);
    return !strcmp(base, "action.yml") || !strcmp(base, "action.yaml");
}

static void model(struct workflow *wf, int action_name)
{
    struct builder b = {wf, wf->doc.arena};
    if (!wf->doc.ndocs)
        return;
    wf->root = yref_of(wf->doc.docs[0]);
    if (!yref_is_map(wf->root))
        return;
    /* an action's metadata (action.yml): `runs:`, and no `jobs:` of a workflow (an `on:` there is
     * a mistake gha/syntax reports: an action has no triggers) */
    if (action_name && yref_key(wf->root, "runs").n && !yref_key(wf->root, "jobs").n) {
        action_model(&b);
        return;
    }
    wf->name = yref_str(yref_get(wf->root, "name"));
    wf->on_key = yref_key(wf->root, "on");
    wf->on = yref_get(wf->root, "on");
    wf->env = yref_get(wf->root, "env");
    wf->concurrency = yref_get(wf->root, "concurrency");
    wf->defaults = yref_get(wf->root, "defaults");
    wf->jobs_key = yref_key(wf->root, "jobs");
    wf->jobs_node = yref_get(wf->root, "jobs");
    perms(&b, wf->root, &wf->perms);
    triggers(&b);
    struct yref jobs = wf->jobs_node;
    if (!yref_is_map(jobs))
        return;
    wf->jobs = arena_alloc(b.a, (jobs.n->npairs ? jobs.n->npairs : 1) * sizeof(*wf->jobs));
    for (size_t i = 0; i < jobs.n->npairs; i++) {
        struct yref k = yref_pair_key(jobs, i), v = yref_pair_value(jobs, i);
        if (yref_str(k) && yref_is_map(v))
            job(&b, &wf->jobs[wf->njobs++], k, v);
    }
    wf->jobs_by_id = arena_alloc(b.a, (wf->njobs ? wf->njobs : 1) * sizeof(*wf->jobs_by_id));
    for (size_t i = 0; i < wf->njobs; i++)
        wf->jobs_by_id[i] = &wf->jobs[i];
    if (wf->njobs)
        qsort(wf->jobs_by_id, wf->njobs, sizeof(*wf->jobs_by_id), job_cmp);
    for (size_t i = 0; i < wf->njobs; i++) {
        struct wf_job *j = &wf->jobs[i];
        j->needs_job = arena_alloc(b.a, (j->nneeds ? j->nneeds : 1) * sizeof(*j->needs_job));
        for (size_t k = 0; k < j->nneeds; k++)
            j->needs_job[k] = wf_job_by_id(wf, j->needs[k]);
    }
}

struct workflow *wf_load(const char *file, char *buf, size_t len, struct diag_list *d)
{
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        free(buf);
        diag_add(d, file, 1, 1, "the file is UTF-16: save it as UTF-8 to have it checked");
        return NULL;
    }
    struct workflow *wf = xcalloc(1, sizeof(*wf));
    wf->file = xstrdup(file);
    wf->src = buf;
    wf->len = len;
    if (ydoc_load(&wf->doc, file, buf, len, d) < 0) {
        wf_free(wf);
        return NULL;
    }
    model(wf, wf_is_action_name(file));
    wf_scan_exprs(wf);
    redact_workflow_scan(wf);
    return wf;
}

void wf_free(struct workflow *wf)
{
    if (!wf)
        return;
    ydoc_free(&wf->doc);
    free(atomic_load(&wf->deploy_memo));
    free(wf->exprs);
    free(wf->file);
    free(wf->abspath);
    free(wf->repo);
    free(wf->owner);
    free(wf->slug);
    free(wf->src);
    free(wf);
}

/* Does the line at s (len bytes to the end of the buffer) start with key followed by ':'? */
static int line_is_key(const char *s, size_t len, const char *key)
{
    size_t k = strlen(key), i = 0;
    char q = 0;
    if (len && (s[0] == '"' || s[0] == '\'')) {
        q = s[0];
        i = 1;
    }
    if (len < i + k || memcmp(s + i, key, k))
        return 0;
    i += k;
    if (q) {
        if (i >= len || s[i] != q)
            return 0;
        i++;
    }
    while (i < len && s[i] == ' ')
        i++;
    return i < len && s[i] == ':';
}

int wf_text_looks_like(const char *buf, size_t len)
{
    const char *s = buf, *end = buf + len;
    while (s < end) {
        if (line_is_key(s, (size_t)(end - s), "on") || line_is_key(s, (size_t)(end - s), "jobs"))
            return 1;
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break;
        s = nl + 1;
    }
    return 0;
}

int wf_looks_like(const struct workflow *wf, int named)
{
    static const char *const top[] = {"name", "run-name", "on",          "permissions",
                                      "env",  "defaults", "concurrency", "jobs"};
    if (!wf->doc.ndocs)
        return 1;
    if (!yref_is_map(wf->root))
        return 0;
    if (wf->on_key.n)
        return 1;
    if (named) { /* a file named on the command line: every key is a workflow's */
        size_t known = 0;
        for (size_t i = 0; i < wf->root.n->npairs; i++) {
            const char *k = yref_str(yref_pair_key(wf->root, i));
            for (size_t t = 0; k && t < ARRAY_SIZE(top); t++)
                if (!strcmp(k, top[t])) {
                    known++;
                    break;
                }
        }
        if (known && known == wf->root.n->npairs)
            return 1;
    }
    if (!yref_is_map(wf->jobs_node))
        return 0;
    for (size_t i = 0; i < wf->njobs; i++) {
        struct yref n = wf->jobs[i].node;
        if (yref_key(n, "runs-on").n || yref_key(n, "uses").n || yref_key(n, "steps").n)
            return 1;
    }
    return 0;
}

int wf_uses_local(const char *uses)
{
    return uses && (starts_with(uses, "./") || starts_with(uses, "$/"));
}

const struct wf_job *wf_job_by_id(const struct workflow *wf, const char *id)
{
    size_t lo = 0, hi = wf->njobs; /* the first job with that id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(wf->jobs_by_id[mid]->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < wf->njobs && !strcmp(wf->jobs_by_id[lo]->id, id) ? wf->jobs_by_id[lo] : NULL;
}

const struct wf_trigger *wf_trigger_by_event(const struct workflow *wf, const char *event)
{
    for (size_t i = 0; i < wf->ntriggers; i++)
        if (!strcmp(wf->triggers[i].event, event))
            return &wf->triggers[i];
    return NULL;
}

/* ---- inline ignores ---- */

struct span {
    size_t start, end;
};

struct spans {
    struct span *v;
    size_t n, alloc;
};

/* Byte ranges where a '#' is not a comment: quoted scalars and the bodies of block scalars. */
static void collect_spans(const struct ydoc *doc, const struct ynode *n, struct spans *sp)
{
    if (!n || n->type == YNODE_ALIAS)
        return;
    if (n->type == YNODE_SCALAR) {
        size_t start = n->start;
        if (n->style == YSTYLE_PLAIN)
            return;
        if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED) {
            /* the header line (`| # comment`) holds a real comment: the body starts below */
            while (start < n->end && doc->src[start] != '\n' && doc->src[start] != '\r')
                start++;
        }
        if (start < n->end) {
            ALLOC_GROW(sp->v, sp->n + 1, sp->alloc);
            sp->v[sp->n].start = start;
            sp->v[sp->n++].end = n->end;
        }
        return;
    }
    for (size_t i = 0; n->type == YNODE_SEQ && i < n->nitems; i++)
        collect_spans(doc, n->items[i], sp);
    for (size_t i = 0; n->type == YNODE_MAP && i < n->npairs; i++) {
        collect_spans(doc, n->pairs[i].key, sp);
        collect_spans(doc, n->pairs[i].value, sp);
    }
}

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

void wf_scan_ignores(const struct workflow *wf, struct ignore_list *l, struct diag_list *d)
{
    const char *src = wf->src, *end = wf->src + wf->len;
    if (!wf->len || !memmem(src, wf->len, "infralint:", 10))
        return;
    struct spans sp = {0};
    for (size_t i = 0; i < wf->doc.ndocs; i++)
        collect_spans(&wf->doc, wf->doc.docs[i], &sp);
    if (sp.n)
        qsort(sp.v, sp.n, sizeof(*sp.v), span_cmp);
    size_t k = 0;
    const char *p = src;
    while (p < end && (p = memchr(p, '#', (size_t)(end - p)))) {
        size_t off = (size_t)(p - src);
        const char *hash = p++;
        while (k < sp.n && sp.v[k].end <= off)
            k++;
        if (k < sp.n && sp.v[k].start <= off)
            continue; /* inside a quoted string or a block scalar */
        if (off > 0 && src[off - 1] != ' ' && src[off - 1] != '\t' && src[off - 1] != '\n' &&
            src[off - 1] != '\r')
            continue; /* `a#b` is part of a plain value */
        const char *eol = hash;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        struct inline_ignore ig;
        const char *err = NULL;
        int rc = suppress_parse(hash + 1, (size_t)(eol - hash - 1), &ig, &err);
        unsigned line, col;
        if (rc) {
            ydoc_pos(&wf->doc, off, &line, &col);
            if (rc > 0)
                suppress_add(l, wf->file, line, col, &ig);
            else
                diag_add(d, wf->file, line, col, "malformed inline ignore: %s", err);
        }
        p = eol;
    }
    free(sp.v);
}

/* ---- credentials ---- */

int wf_is_credential_key(const char *key)
{
    static const char *const terms[] = {"password",      "passwd",    "token",      "secret",
                                        "api_key",       "apikey",    "access_key", "private_key",
                                        "client_secret", "secret_key"};
    return redact_key_named(key, terms, ARRAY_SIZE(terms));
}

/* ---- paths ---- */

/* Could the subtree of n hold want? Spans nest, so only children whose span covers want's start
 * are searched (an alias or a key is matched by identity). */
static int covers(const struct ynode *n, const struct ynode *want)
{
    return n == want || (n->type != YNODE_SCALAR && n->type != YNODE_ALIAS &&
                         n->start <= want->start && want->start < n->end);
}

/* The first child (item, or pair by its key) that may cover want: children are in file order,
 * so a binary search on where they start. */
static size_t first_child(const struct ynode *n, const struct ynode *want)
{
    size_t lo = 0, hi = n->type == YNODE_SEQ ? n->nitems : n->npairs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct ynode *c = n->type == YNODE_SEQ ? n->items[mid] : n->pairs[mid].key;
        if (c->start <= want->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

static int path_of(const struct ynode *n, const struct ynode *want, struct strbuf *sb, int depth)
{
    if (n == want)
        return 1;
    if (!n || n->type == YNODE_ALIAS || n->type == YNODE_SCALAR || depth > YNODE_MAX_DEPTH)
        return 0;
    size_t len = sb->len;
    /* from the child starting at or before want; a few more for zero-width nodes at one place */
    for (size_t i = first_child(n, want); n->type == YNODE_SEQ && i < n->nitems; i++) {
        if (n->items[i]->start > want->start)
            break;
        if (!covers(n->items[i], want))
            continue;
        strbuf_addf(sb, "[%zu]", i);
        if (path_of(n->items[i], want, sb, depth + 1))
            return 1;
        strbuf_setlen(sb, len);
    }
    for (size_t i = first_child(n, want); n->type == YNODE_MAP && i < n->npairs; i++) {
        const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
        if (k->start > want->start)
            break;
        if (k != want && !covers(v, want))
            continue;
        const char *ks = ynode_str(k);
        strbuf_addf(sb, "%s%s", len ? "." : "", ks ? ks : "?");
        if (k == want || path_of(v, want, sb, depth + 1))
            return 1;
        strbuf_setlen(sb, len);
    }
    return 0;
}

char *wf_node_path(const struct workflow *wf, const struct ynode *n)
{
    struct strbuf sb = STRBUF_INIT;
    if (wf->doc.ndocs && n && path_of(wf->doc.docs[0], n, &sb, 0) && sb.len)
        return strbuf_detach(&sb);
    strbuf_release(&sb);
    return NULL;
}
