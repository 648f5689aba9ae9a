/* gha_action_meta.c — `uses:` parsed into action and version, the look-up in the generated
 * action table, and local actions read from the repository. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_action_meta.h"
#include "infralint/arena.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

static int is_hex40(const char *s, size_t n)
{
    if (n != 40)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* "v4", "4.1", "v4.1.2" (also "v4.1.2-beta"): major, minor, patch; -1 when not a version. */
static int parse_version(const char *s, size_t n, int *major, int *minor, int *patch)
{
    size_t i = 0;
    int part[3] = {-1, -1, -1};
    if (i < n && (s[i] == 'v' || s[i] == 'V'))
        i++;
    for (int k = 0; k < 3; k++) {
        if (i >= n || !isdigit((unsigned char)s[i]))
            break;
        long v = 0;
        while (i < n && isdigit((unsigned char)s[i]) && v < 100000)
            v = v * 10 + (s[i++] - '0');
        part[k] = (int)v;
        if (i < n && s[i] == '.' && k < 2)
            i++;
        else
            break;
    }
    if (part[0] < 0 || (i < n && isalnum((unsigned char)s[i])))
        return -1;
    *major = part[0];
    *minor = part[1];
    *patch = part[2];
    return 0;
}

int gha_uses_parse(const char *uses, const char *comment, struct gha_uses *out)
{
    memset(out, 0, sizeof(*out));
    out->major = out->minor = out->patch = -1;
    if (!uses || wf_uses_local(uses) || starts_with(uses, "docker://") || wf_has_expr(uses))
        return -1;
    const char *at = strrchr(uses, '@');
    size_t nl = at ? (size_t)(at - uses) : 0;
    if (!at || !nl || nl >= sizeof(out->name) || !at[1] || strlen(at + 1) >= sizeof(out->ref))
        return -1;
    const char *slash = memchr(uses, '/', nl);
    if (!slash || slash == uses || slash + 1 == at)
        return -1;
    for (size_t i = 0; i < nl; i++)
        out->name[i] = (char)tolower((unsigned char)uses[i]);
    while (nl > 0 && out->name[nl - 1] == '/')
        out->name[--nl] = '\0';
    strcpy(out->ref, at + 1);
    size_t rl = strlen(out->ref);
    out->sha = is_hex40(out->ref, rl);
    if (!out->sha) {
        parse_version(out->ref, rl, &out->major, &out->minor, &out->patch);
        return 0;
    }
    /* a pinned commit: `# v4.1.2` (or `# tag=v4.1.2`, `# pin@v4`) after it says which */
    if (comment) {
        const char *c = comment;
        while (*c && !isdigit((unsigned char)*c))
            c++;
        if (*c && c > comment && (c[-1] == 'v' || c[-1] == 'V'))
            c--;
        size_t cl = strcspn(c, " \t,;)");
        parse_version(c, cl, &out->major, &out->minor, &out->patch);
    }
    return 0;
}

const char *gha_line_comment(const struct workflow *wf, size_t end, size_t *len)
{
    const char *s = wf->src, *e = wf->src + wf->len;
    const char *p = s + (end < wf->len ? end : wf->len);
    while (p < e && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\''))
        p++;
    if (p >= e || *p != '#')
        return NULL;
    p++;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    const char *q = p;
    while (q < e && *q != '\n' && *q != '\r')
        q++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    *len = (size_t)(q - p);
    return q > p ? p : NULL;
}

static const char *pool_str(unsigned off)
{
    return off ? gha_action_pool + off : NULL;
}

/* The record r as the metadata the checks read (arrays in arena a). */
static const struct gha_action_meta *meta_of_rec(const struct gha_action_rec *r, struct arena *a,
                                                 int inputs)
{
    struct gha_action_meta *m = arena_alloc(a, sizeof(*m));
    m->name = pool_str(r->name);
    m->ref = pool_str(r->ref);
    m->release = pool_str(r->release);
    m->major = r->major;
    m->commit = pool_str(r->commit);
    m->date = pool_str(r->date);
    m->using = r->using ? gha_action_pool + r->using : "";
    unsigned nin = inputs ? r->ninputs : 0;
    struct gha_action_input *in = arena_alloc(a, (nin + 1) * sizeof(*in));
    for (unsigned i = 0; i < nin; i++) {
        const struct gha_input_rec *x = &gha_action_inputs[r->inputs + i];
        in[i].name = pool_str(x->name);
        in[i].required = x->required;
        in[i].has_default = x->has_default;
        in[i].deprecated = pool_str(x->deprecated);
    }
    m->inputs = in;
    m->ninputs = nin;
    const char **v = arena_alloc(a, (r->noutputs + r->nuses + 1) * sizeof(*v));
    for (unsigned i = 0; i < r->noutputs; i++)
        v[i] = pool_str(gha_action_strs[r->outputs + i]);
    for (unsigned i = 0; i < r->nuses; i++)
        v[r->noutputs + i] = pool_str(gha_action_strs[r->uses + i]);
    m->outputs = v;
    m->noutputs = r->noutputs;
    m->uses = v + r->noutputs;
    m->nuses = r->nuses;
    return m;
}

int gha_uses_commit_version(struct gha_uses *u)
{
    if (!u->sha)
        return 0;
    for (size_t i = 0; i < gha_action_data_n; i++) {
        const struct gha_action_rec *r = &gha_action_data[i];
        const char *c = pool_str(r->commit);
        if (!c || !*c || strncasecmp(u->ref, c, strlen(c)) || strcmp(pool_str(r->name), u->name))
            continue;
        const char *v = pool_str(r->release) ? pool_str(r->release) : pool_str(r->ref);
        int maj = -1, min = -1, pat = -1;
        if (!v || parse_version(v, strlen(v), &maj, &min, &pat) || maj < 0)
            continue;
        u->major = maj;
        u->minor = min;
        u->patch = pat;
        return 1;
    }
    return 0;
}

void gha_action_lookup(const struct gha_uses *u, struct arena *a, int inputs,
                       struct gha_action_set *out)
{
    out->n = 0;
    out->exact = 0;
    size_t lo = 0, hi = gha_action_data_n;
    while (lo < hi) { /* the first entry of the name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(gha_action_pool + gha_action_data[mid].name, u->name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t first = lo, last = lo;
    while (last < gha_action_data_n &&
           !strcmp(gha_action_pool + gha_action_data[last].name, u->name))
        last++;
    if (first == last)
        return;
    if (u->major >= 0) {
        for (size_t i = first; i < last; i++) {
            const struct gha_action_rec *r = &gha_action_data[i];
            if (r->major != u->major)
                continue;
            /* an entry read at a release (not at the moving major tag) says nothing of later
             * releases, and below 1.0 a minor release may change the inputs */
            int maj, min = -1, pat = -1;
            const char *rel = pool_str(r->release);
            if (rel)
                parse_version(rel, strlen(rel), &maj, &min, &pat);
            if (min >= 0 && (u->minor > min || (u->minor == min && u->patch > pat) ||
                             (maj == 0 && u->minor != min)))
                return;
            out->v[out->n++] = meta_of_rec(r, a, inputs);
            out->exact = 1;
            return;
        }
        return; /* a version the table does not have */
    }
    for (size_t i = first; i < last && out->n < ARRAY_SIZE(out->v); i++)
        out->v[out->n++] = meta_of_rec(&gha_action_data[i], a, inputs);
}

static const struct gha_action_input *find_input(const struct gha_action_meta *m, const char *name)
{
    for (size_t i = 0; i < m->ninputs; i++)
        if (!strcasecmp(m->inputs[i].name, name))
            return &m->inputs[i];
    return NULL;
}

const struct gha_action_input *gha_action_input(const struct gha_action_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct gha_action_input *in = find_input(s->v[i], name);
        if (in)
            return in;
    }
    return NULL;
}

int gha_action_requires(const struct gha_action_set *s, const char *name)
{
    if (!s->n)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct gha_action_input *in = find_input(s->v[i], name);
        if (!in || !in->required || in->has_default)
            return 0;
    }
    return 1;
}

int gha_action_has_output(const struct gha_action_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->v[i]->noutputs; k++)
            if (!strcasecmp(s->v[i]->outputs[k], name))
                return 1;
    return 0;
}

/* ---- local actions ---- */

static int truthy(const struct ynode *n)
{
    int b;
    const char *s = ynode_str(n);
    return (!ynode_bool(n, &b) && b) || (s && !strcasecmp(s, "true"));
}

static char *lower_dup(struct arena *a, const char *s)
{
    char *d = arena_strdup(a, s);
    for (char *c = d; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return d;
}

static int by_input(const void *x, const void *y)
{
    return strcmp(((const struct gha_action_input *)x)->name,
                  ((const struct gha_action_input *)y)->name);
}

static int by_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The metadata of a parsed action.yml. */
static void meta_of(const struct ynode *root, struct arena *a, struct gha_action_meta *out)
{
    const struct ynode *in = ynode_get(root, "inputs"), *outs = ynode_get(root, "outputs");
    const struct ynode *runs = ynode_get(root, "runs");
    const char *using = ynode_str(ynode_get(runs, "using"));
    out->using = using ? lower_dup(a, using) : "";
    out->inputs_misplaced = !in && ynode_get(root, "on");
    in = ynode_deref(in);
    if (in && in->type == YNODE_MAP && in->npairs) {
        struct gha_action_input *v = arena_alloc(a, in->npairs * sizeof(*v));
        size_t n = 0;
        for (size_t i = 0; i < in->npairs; i++) {
            const char *k = ynode_str(in->pairs[i].key);
            const struct ynode *d = in->pairs[i].value;
            if (!k)
                continue;
            const char *dep = ynode_str(ynode_get(d, "deprecationMessage"));
            v[n].name = lower_dup(a, k);
            v[n].required = (unsigned char)truthy(ynode_get(d, "required"));
            v[n].has_default = ynode_key(d, "default") != NULL;
            v[n].deprecated = dep ? arena_strdup(a, dep) : NULL;
            n++;
        }
        qsort(v, n, sizeof(*v), by_input);
        out->inputs = v;
        out->ninputs = n;
    }
    outs = ynode_deref(outs);
    if (outs && outs->type == YNODE_MAP && outs->npairs) {
        const char **v = arena_alloc(a, outs->npairs * sizeof(*v));
        size_t n = 0;
        for (size_t i = 0; i < outs->npairs; i++)
            if (ynode_str(outs->pairs[i].key))
                v[n++] = lower_dup(a, ynode_str(outs->pairs[i].key));
        qsort(v, n, sizeof(*v), by_str);
        out->outputs = v;
        out->noutputs = n;
    }
    const struct ynode *steps = ynode_deref(ynode_get(runs, "steps"));
    if (steps && steps->type == YNODE_SEQ && steps->nitems) {
        const char **v = arena_alloc(a, steps->nitems * sizeof(*v));
        size_t n = 0;
        for (size_t i = 0; i < steps->nitems; i++) {
            const char *u = ynode_str(ynode_get(steps->items[i], "uses"));
            if (u)
                v[n++] = arena_strdup(a, u);
        }
        out->uses = v;
        out->nuses = n;
    }
}

int gha_local_action(const struct workflow *wf, const char *uses, struct arena *a,
                     struct gha_action_meta *out)
{
    memset(out, 0, sizeof(*out));
    if (!wf->repo || !uses || !starts_with(uses, "./") || wf_has_expr(uses) || strstr(uses, ".."))
        return -1;
    const char *rel = uses + 2;
    size_t rl = strlen(rel);
    while (rl && rel[rl - 1] == '/')
        rl--;
    char *dir = xstrndup(rel, rl);
    static const char *const names[] = {"action.yml", "action.yaml"};
    int rc = -1;
    for (size_t i = 0; i < ARRAY_SIZE(names) && rc; i++) {
        char *sub = rl ? path_join(dir, names[i]) : xstrdup(names[i]);
        char *path = path_join(wf->repo, sub);
        char *buf = NULL;
        size_t len;
        if (path_within(path, wf->repo) && !file_read(path, &buf, &len)) {
            struct ydoc doc;
            struct diag_list d = {0};
            if (!ydoc_load(&doc, path, buf, len, &d)) {
                const struct ynode *root = doc.ndocs ? ynode_deref(doc.docs[0]) : NULL;
                if (root && root->type == YNODE_MAP) {
                    meta_of(root, a, out);
                    out->name = arena_strdup(a, uses);
                    out->ref = out->name;
                    out->release = NULL;
                    out->major = -1;
                    out->commit = out->date = "";
                    rc = 0;
                }
                ydoc_free(&doc);
            }
            diag_release(&d);
        }
        free(buf);
        free(path);
        free(sub);
    }
    free(dir);
    return rc;
}
