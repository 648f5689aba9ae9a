/* wf_set.c — the repository-level view: workflows grouped by the directory they live in (a
 * `.github/workflows/` directory is a whole repository), and local reusable-workflow calls
 * (`uses: ./.github/workflows/deploy.yml`) linked to the workflow they call. */
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "infralint/workflow.h"

static char *dir_of(const struct workflow *wf)
{
    return path_dirname(wf->abspath ? wf->abspath : wf->file);
}

static struct wf_set *set_for(struct wf_set ***sets, size_t *nsets, size_t *alloc,
                              const struct workflow *wf)
{
    char *dir = dir_of(wf);
    for (size_t i = 0; i < *nsets; i++) {
        struct wf_set *s = (*sets)[i];
        char *other = dir_of(s->v[0]);
        int same = !strcmp(dir, other);
        free(other);
        if (same) {
            free(dir);
            return s;
        }
    }
    free(dir);
    struct wf_set *s = xcalloc(1, sizeof(*s));
    s->dir = path_dirname(wf->file);
    s->is_repo = wf->repo != NULL;
    ALLOC_GROW(*sets, *nsets + 1, *alloc);
    (*sets)[(*nsets)++] = s;
    return s;
}

/* The workflow a local `uses: ./path` of a job in wf names, or NULL. */
static struct workflow *callee(struct workflow **v, size_t n, const struct workflow *wf,
                               const char *uses)
{
    const char *rel = uses + 2;
    size_t rl = strcspn(rel, "@");
    if (wf->repo) {
        char *want = xstrfmt("%s/%.*s", wf->repo, (int)rl, rel);
        struct workflow *found = NULL;
        for (size_t i = 0; i < n && !found; i++)
            if (v[i]->abspath && !v[i]->is_action && !strcmp(v[i]->abspath, want))
                found = v[i];
        free(want);
        return found;
    }
    /* outside a repository layout: a workflow of the same directory with that file name */
    const char *base = rel;
    for (const char *s = rel; s < rel + rl; s++)
        if (*s == '/')
            base = s + 1;
    size_t bl = (size_t)(rel + rl - base);
    for (size_t i = 0; i < n; i++) {
        if (v[i]->set != wf->set || v[i]->is_action)
            continue;
        const char *b = path_basename(v[i]->file);
        if (strlen(b) == bl && !memcmp(b, base, bl))
            return v[i];
    }
    return NULL;
}

void wf_link(struct workflow **v, size_t n, struct wf_set ***sets, size_t *nsets)
{
    size_t alloc = 0;
    *sets = NULL;
    *nsets = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->is_action)
            continue; /* an action is not one of the repository's workflows */
        struct wf_set *s = set_for(sets, nsets, &alloc, v[i]);
        ALLOC_GROW(s->v, s->n + 1, s->alloc);
        s->v[s->n++] = v[i];
        v[i]->set = s;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i]->njobs; k++) {
            struct wf_job *j = &v[i]->jobs[k];
            if (wf_uses_local(j->uses))
                j->callee = callee(v, n, v[i], j->uses);
        }
}

void wf_set_free(struct wf_set *s)
{
    if (!s)
        return;
    free(s->dir);
    free(s->v);
    free(s);
}

const struct workflow *wf_find_by_name(const struct wf_set *s, const char *name)
{
    for (size_t i = 0; s && i < s->n; i++) {
        const struct workflow *wf = s->v[i];
        if (wf->name && !strcmp(wf->name, name))
            return wf;
    }
    for (size_t i = 0; s && i < s->n; i++) { /* a workflow without a name goes by its path */
        const struct workflow *wf = s->v[i];
        if (!wf->name && (ends_with(wf->file, name) || !strcmp(path_basename(wf->file), name)))
            return wf;
    }
    return NULL;
}
