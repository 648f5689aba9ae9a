/* project.c — the documents of one run. */
#include <stdlib.h>
#include <string.h>

#include "infralint/project.h"
#include "infralint/util.h"

void project_init(struct project *p)
{
    memset(p, 0, sizeof(*p));
}

void project_release(struct project *p)
{
    for (size_t i = 0; i < p->nplans; i++)
        plan_free(p->plans[i]);
    free(p->plans);
    for (size_t i = 0; i < p->nstacks; i++)
        tfstack_free(p->stacks[i]);
    free(p->stacks);
    for (size_t i = 0; i < p->nmigs; i++)
        mig_set_free(p->migs[i]);
    free(p->migs);
    skip_release(&p->skipped);
    for (size_t i = 0; i < p->nwfs; i++)
        wf_free(p->wfs[i]);
    free(p->wfs);
    for (size_t i = 0; i < p->nwfsets; i++)
        wf_set_free(p->wfsets[i]);
    free(p->wfsets);
    suppress_release(&p->ignores);
    for (size_t i = 0; i < p->ninputs; i++) {
        free(p->inputs[i].path);
        free(p->inputs[i].note);
    }
    free(p->inputs);
    env_release(&p->env);
    memset(p, 0, sizeof(*p));
}

void project_input(struct project *p, const char *path, const char *kind, const char *note)
{
    ALLOC_GROW(p->inputs, p->ninputs + 1, p->inputs_alloc);
    struct input *in = &p->inputs[p->ninputs++];
    in->path = xstrdup(path);
    in->kind = kind;
    in->note = xstrdup(note);
}

void skip_add(struct skip_list *l, const char *file, const char *what, const char *reason)
{
    for (size_t i = 0; i < l->n; i++)
        if (!str_cmp0(l->v[i].file, file) && !strcmp(l->v[i].what, what) &&
            !strcmp(l->v[i].reason, reason))
            return;
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    struct skip *s = &l->v[l->n++];
    s->file = xstrdup(file);
    s->what = xstrdup(what);
    s->reason = xstrdup(reason);
}

void skip_release(struct skip_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].file);
        free(l->v[i].what);
        free(l->v[i].reason);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}
