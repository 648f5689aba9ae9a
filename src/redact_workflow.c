/* redact_workflow.c — a workflow's literal credentials: the literal values of credential-like
 * keys (wf_is_credential_key) in the maps that configure a run (the workflow's, a job's and a
 * step's env:, a step's and a reusable call's with:, a container's and a service's
 * credentials:), through aliases and `<<` merge keys. Expressions, booleans, nulls, `$VAR` and
 * well-known placeholders (LocalStack's `test`, …) are not credentials. */
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/redact.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

struct lits {
    const char **v;
    size_t n, alloc;
};

static int literal(const struct ynode *n)
{
    int b;
    return n && n->type == YNODE_SCALAR && n->len && !ynode_is_null(n) && ynode_bool(n, &b) != 0 &&
           !wf_has_expr(n->str) && !redact_placeholder(n->str, n->len);
}

static void map_literals(const struct ynode *map, struct lits *out, int depth)
{
    map = ynode_deref(map);
    if (!map || map->type != YNODE_MAP || depth > 16)
        return;
    for (size_t i = 0; i < map->npairs; i++) {
        const struct ynode *k = ynode_deref(map->pairs[i].key);
        const struct ynode *v = ynode_deref(map->pairs[i].value);
        if (!k || k->type != YNODE_SCALAR || !v)
            continue;
        if (!strcmp(k->str, "<<")) { /* a merge key: a map, or a list of maps */
            if (v->type == YNODE_SEQ)
                for (size_t j = 0; j < v->nitems; j++)
                    map_literals(v->items[j], out, depth + 1);
            else
                map_literals(v, out, depth + 1);
        } else if (literal(v) && wf_is_credential_key(k->str)) {
            ALLOC_GROW(out->v, out->n + 1, out->alloc);
            out->v[out->n++] = v->str;
        }
    }
}

void redact_workflow_scan(struct workflow *wf)
{
    struct lits l = {NULL, 0, 0};
    map_literals(wf->env.n, &l, 0);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        map_literals(j->env.n, &l, 0);
        map_literals(j->with.n, &l, 0);
        map_literals(yref_get(j->container, "credentials").n, &l, 0);
        for (size_t k = 0; yref_is_map(j->services) && k < j->services.n->npairs; k++)
            map_literals(yref_get(yref_pair_value(j->services, k), "credentials").n, &l, 0);
        for (size_t k = 0; k < j->nsteps; k++) {
            map_literals(j->steps[k].env.n, &l, 0);
            map_literals(j->steps[k].with.n, &l, 0);
        }
    }
    const char **v = arena_alloc(wf->doc.arena, (l.n ? l.n : 1) * sizeof(*v));
    if (l.n)
        memcpy(v, l.v, l.n * sizeof(*v));
    free(l.v);
    wf->sensitive = v;
    wf->nsensitive = l.n;
}

int redact_workflow_secret(const struct workflow *wf, const struct ynode *n)
{
    n = ynode_deref(n);
    for (size_t i = 0; n && n->type == YNODE_SCALAR && i < wf->nsensitive; i++)
        if (wf->sensitive[i] == n->str)
            return 1;
    return 0;
}

/* Every mapping key of the document (job ids, step ids, env names), sorted. */
static void keys_of(const struct ynode *n, struct lits *out, int depth)
{
    if (!n || depth > YNODE_MAX_DEPTH || n->type == YNODE_ALIAS || n->type == YNODE_SCALAR)
        return;
    for (size_t i = 0; n->type == YNODE_SEQ && i < n->nitems; i++)
        keys_of(n->items[i], out, depth + 1);
    for (size_t i = 0; n->type == YNODE_MAP && i < n->npairs; i++) {
        const struct ynode *k = n->pairs[i].key;
        if (k->type == YNODE_SCALAR) {
            ALLOC_GROW(out->v, out->n + 1, out->alloc);
            out->v[out->n++] = k->str;
        }
        keys_of(n->pairs[i].value, out, depth + 1);
    }
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void redact_workflow_collect(const struct workflow *wf, struct redact_set *s)
{
    if (!wf->nsensitive)
        return;
    /* a literal that is also a key of the file (a job id, an env name) is an identifier there,
     * printed wherever the job is named: the net leaves it, the view still masks the value */
    struct lits keys = {NULL, 0, 0};
    for (size_t i = 0; i < wf->doc.ndocs; i++)
        keys_of(wf->doc.docs[i], &keys, 0);
    if (keys.n)
        qsort(keys.v, keys.n, sizeof(*keys.v), str_cmp);
    for (size_t i = 0; i < wf->nsensitive; i++)
        if (!keys.n || !bsearch(&wf->sensitive[i], keys.v, keys.n, sizeof(*keys.v), str_cmp))
            redact_set_add(s, wf->sensitive[i], strlen(wf->sensitive[i]), REDACT_WORKFLOW);
    free(keys.v);
}
