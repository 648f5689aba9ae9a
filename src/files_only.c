/* files_only.c — what a `--files-only` run reports (files_only.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "files_only.h"
#include "infralint/util.h"

static const char *strip_dot(const char *s)
{
    while (s[0] == '.' && s[1] == '/') {
        s += 2;
        while (*s == '/')
            s++;
    }
    return s;
}

/* Is file (as reported) the path base or inside it? Both as the user wrote them. */
static int under(const char *file, const char *base)
{
    file = strip_dot(file);
    base = strip_dot(base);
    size_t n = strlen(base);
    while (n > 1 && base[n - 1] == '/')
        n--;
    if (!n || (n == 1 && base[0] == '.'))
        return file[0] != '/';
    return !strncmp(file, base, n) && (!file[n] || file[n] == '/');
}

int files_only_is_config(const char *path, const char *cfg_path)
{
    if (!cfg_path || strcmp(path_basename(path), path_basename(cfg_path)))
        return 0;
    char a[PATH_MAX], b[PATH_MAX];
    return realpath(path, a) && realpath(cfg_path, b) && !strcmp(a, b);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct scope {
    char *const *paths;
    size_t npaths;
    const char **stacks; /* the .terraform/ of named plans */
    size_t nstacks;
    const char **inputs; /* every input file, stripped of ./, sorted */
    size_t ninputs;
    const char *cfg_path;
    int config_named;
};

static int named(const struct scope *s, const char *file)
{
    for (size_t i = 0; i < s->npaths; i++)
        if (!strcmp(s->paths[i], "-") ? !strcmp(file, "<stdin>") : under(file, s->paths[i]))
            return 1;
    for (size_t i = 0; i < s->nstacks; i++)
        if (under(file, s->stacks[i]))
            return 1;
    return 0;
}

/* Is a finding or error at file reported? */
static int kept(const struct scope *s, const char *file, const char *rule)
{
    if (!file)
        return 1;
    int config = s->cfg_path && !strcmp(strip_dot(file), strip_dot(s->cfg_path));
    if (config && rule && !strcmp(rule, "infralint/unused-ignore"))
        return 0;
    if (named(s, file))
        return 1;
    if (!s->config_named)
        return 0;
    /* the configuration named: its own problems, and those of the policies it loads (files that
     * are not inputs of the run) */
    const char *key = strip_dot(file);
    return config || !bsearch(&key, s->inputs, s->ninputs, sizeof(*s->inputs), cmp_str);
}

void files_only_filter(struct results *r, const struct project *p, char *const *paths,
                       size_t npaths, const char *cfg_path, int config_named)
{
    struct scope s = {paths, npaths, NULL, 0, NULL, 0, cfg_path, config_named};
    s.stacks = xcalloc(p->nplans + 1, sizeof(char *));
    for (size_t i = 0; i < p->nplans; i++) {
        const struct tfstack *st = plan_stack(p->plans[i]);
        if (st && st->dotterraform && named(&s, plan_file(p->plans[i])))
            s.stacks[s.nstacks++] = st->dotterraform;
    }
    s.inputs = xcalloc(p->ninputs + 1, sizeof(char *));
    for (size_t i = 0; i < p->ninputs; i++)
        s.inputs[s.ninputs++] = strip_dot(p->inputs[i].path);
    qsort(s.inputs, s.ninputs, sizeof(*s.inputs), cmp_str);

    size_t k = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        struct finding *f = &r->findings.v[i];
        if (kept(&s, f->file, f->rule))
            r->findings.v[k++] = *f;
        else
            finding_release(f);
    }
    r->findings.n = k;
    k = 0;
    for (size_t i = 0; i < r->errors.n; i++) {
        struct diag *e = &r->errors.v[i];
        if (kept(&s, e->file, NULL)) {
            r->errors.v[k++] = *e;
        } else {
            free(e->file);
            free(e->jpath);
            free(e->message);
        }
    }
    r->errors.n = k;
    k = 0;
    for (size_t i = 0; i < r->skipped.n; i++) {
        struct skip *x = &r->skipped.v[i];
        if (kept(&s, x->file, NULL)) {
            r->skipped.v[k++] = *x;
        } else {
            free(x->file);
            free(x->what);
            free(x->reason);
        }
    }
    r->skipped.n = k;
    free(s.stacks);
    free(s.inputs);
}
