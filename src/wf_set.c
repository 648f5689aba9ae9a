/* wf_set.c — the repository-level view: workflows grouped by the directory they live in (a
 * `.github/workflows/` directory is a whole repository), and local reusable-workflow calls
 * (`uses: ./.github/workflows/deploy.yml`) linked to the workflow they call. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The workflows sorted two ways, for linking calls: by absolute path, and by set then base name
 * (ties in the order given: the first that matches is the callee, as a scan would find it). */
struct wf_ref {
    struct workflow *wf;
    size_t pos;
};

struct wf_index {
    struct wf_ref *by_path; /* those with an absolute path */
    size_t npath;
    struct wf_ref *by_base;
    size_t nbase;
};

static int path_cmp(const void *a, const void *b)
{
    const struct wf_ref *x = a, *y = b;
    int c = strcmp(x->wf->abspath, y->wf->abspath);
    return c ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int set_cmp(const struct wf_set *x, const struct wf_set *y)
{
    return x == y ? 0 : (uintptr_t)x < (uintptr_t)y ? -1 : 1;
}

static int base_cmp(const void *a, const void *b)
{
    const struct wf_ref *x = a, *y = b;
    int c = set_cmp(x->wf->set, y->wf->set);
    if (!c)
        c = strcmp(path_basename(x->wf->file), path_basename(y->wf->file));
    return c ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void index_init(struct wf_index *ix, struct workflow **v, size_t n)
{
    ix->by_path = xcalloc(n + 1, sizeof(*ix->by_path));
    ix->by_base = xcalloc(n + 1, sizeof(*ix->by_base));
    ix->npath = ix->nbase = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i]->is_action)
            continue; /* a composite action is never the callee of a reusable-workflow call */
        if (v[i]->abspath)
            ix->by_path[ix->npath++] = (struct wf_ref){v[i], i};
        ix->by_base[ix->nbase++] = (struct wf_ref){v[i], i};
    }
    qsort(ix->by_path, ix->npath, sizeof(*ix->by_path), path_cmp);
    qsort(ix->by_base, ix->nbase, sizeof(*ix->by_base), base_cmp);
}

/* Compare a base name with the bl bytes at base. */
static int name_cmp(const char *name, const char *base, size_t bl)
{
    int c = strncmp(name, base, bl);
    return c ? c : name[bl] ? 1 : 0;
}

/* The workflow a local `uses: ./path` of a job in wf names, or NULL. */
static struct workflow *callee(const struct wf_index *ix, const struct workflow *wf,
                               const char *uses)
{
    const char *rel = uses + 2;
    size_t rl = strcspn(rel, "@");
    size_t lo = 0, hi;
    if (wf->repo) {
        char *want = xstrfmt("%s/%.*s", wf->repo, (int)rl, rel);
        for (hi = ix->npath; lo < hi;) { /* the first with that path */
            size_t mid = (lo + hi) / 2;
            if (strcmp(ix->by_path[mid].wf->abspath, want) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        struct workflow *found = lo < ix->npath && !strcmp(ix->by_path[lo].wf->abspath, want)
                                     ? ix->by_path[lo].wf
                                     : NULL;
        free(want);
        return found;
    }
    /* outside a repository layout: a workflow of the same directory with that file name */
    const char *base = rel;
    for (const char *s = rel; s < rel + rl; s++)
        if (*s == '/')
            base = s + 1;
    size_t bl = (size_t)(rel + rl - base);
    for (hi = ix->nbase; lo < hi;) {
        size_t mid = (lo + hi) / 2;
        const struct workflow *m = ix->by_base[mid].wf;
        int c = set_cmp(m->set, wf->set);
        if (!c)
            c = name_cmp(path_basename(m->file), base, bl);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ix->nbase && ix->by_base[lo].wf->set == wf->set &&
        !name_cmp(path_basename(ix->by_base[lo].wf->file), base, bl))
        return ix->by_base[lo].wf;
    return NULL;
}

/* The value of `url = …` in the [remote "origin"] section of a git config text, or NULL. */
static char *origin_url(const char *cfg)
{
    int in_origin = 0;
    for (const char *line = cfg; *line;) {
        size_t len = strcspn(line, "\n");
        const char *p = line;
        while (p < line + len && (*p == ' ' || *p == '\t'))
            p++;
        if (*p == '[')
            in_origin = !strncmp(p, "[remote \"origin\"]", 17);
        else if (in_origin && !strncmp(p, "url", 3)) {
            const char *eq = memchr(p, '=', (size_t)(line + len - p));
            if (eq) {
                eq++;
                while (*eq == ' ' || *eq == '\t')
                    eq++;
                const char *end = line + len;
                while (end > eq && (end[-1] == ' ' || end[-1] == '\r'))
                    end--;
                return xstrndup(eq, (size_t)(end - eq));
            }
        }
        line += len;
        if (*line)
            line++;
    }
    return NULL;
}

/* The config file of the repository at dir: dir/.git/config, or for a worktree (.git is a file
 * "gitdir: X") the common directory's config. A new string, or NULL. */
static char *git_config_path(const char *dir)
{
    char *dotgit = path_join(dir, ".git");
    struct stat st;
    char *cfg = NULL;
    if (stat(dotgit, &st) == 0 && S_ISDIR(st.st_mode)) {
        cfg = path_join(dotgit, "config");
    } else if (stat(dotgit, &st) == 0 && S_ISREG(st.st_mode)) {
        char *buf;
        size_t len;
        if (file_read_max(dotgit, 4096, &buf, &len) == 0) {
            if (starts_with(buf, "gitdir:")) {
                const char *g = buf + 7;
                while (*g == ' ')
                    g++;
                char *gd = xstrndup(g, strcspn(g, "\r\n"));
                char *gitdir = gd[0] == '/' ? xstrdup(gd) : path_join(dir, gd);
                char *common = path_join(gitdir, "commondir"), *cbuf;
                size_t clen;
                if (file_read_max(common, 4096, &cbuf, &clen) == 0) {
                    char *c = xstrndup(cbuf, strcspn(cbuf, "\r\n"));
                    char *cd = c[0] == '/' ? xstrdup(c) : path_join(gitdir, c);
                    cfg = path_join(cd, "config");
                    free(cd);
                    free(c);
                    free(cbuf);
                } else {
                    cfg = path_join(gitdir, "config");
                }
                free(common);
                free(gitdir);
                free(gd);
            }
            free(buf);
        }
    }
    free(dotgit);
    return cfg;
}

char *wf_repo_slug(const char *dir)
{
    char *cfg = git_config_path(dir), *buf = NULL, *owner = NULL;
    size_t len;
    if (!cfg || file_read_max(cfg, 1 << 20, &buf, &len) != 0) {
        free(cfg);
        return NULL;
    }
    char *url = origin_url(buf);
    const char *host = url ? str_find(url, "github.com") : NULL;
    if (host) { /* https://github.com/o/r, git@github.com:o/r.git, ssh://git@github.com/o/r */
        const char *o = host + 10;
        if (*o == ':' || *o == '/')
            o++;
        size_t n = strcspn(o, "/");
        size_t r = n && o[n] == '/' ? strcspn(o + n + 1, "/ \t") : 0;
        if (r > 4 && !strncmp(o + n + 1 + r - 4, ".git", 4))
            r -= 4;
        if (r)
            owner = xstrndup(o, n + 1 + r);
    }
    free(url);
    free(buf);
    free(cfg);
    return owner;
}

/* The root of the repository a file belongs to: for a workflow the directory above
 * .github/workflows; for an action the directory above its `.github/` (a local action), or its
 * own directory (an action's repository); a new string, or NULL. */
static char *root_of(const struct workflow *wf)
{
    if (wf->repo)
        return xstrdup(wf->repo);
    if (!wf->is_action)
        return NULL;
    const char *path = wf->abspath ? wf->abspath : wf->file;
    const char *gh = str_find(path, "/.github/");
    return gh ? xstrndup(path, (size_t)(gh - path)) : path_dirname(path);
}

void wf_link(struct workflow **v, size_t n, struct wf_set ***sets, size_t *nsets)
{
    size_t alloc = 0;
    *sets = NULL;
    *nsets = 0;
    char *last_root = NULL, *last_owner = NULL; /* files of one repository come together */
    for (size_t i = 0; i < n; i++) {
        char *root = root_of(v[i]);
        if (root && (!last_root || strcmp(root, last_root))) {
            free(last_root);
            free(last_owner);
            last_root = xstrdup(root);
            last_owner = wf_repo_slug(root);
        }
        v[i]->slug = root && last_owner ? xstrdup(last_owner) : NULL;
        v[i]->owner = v[i]->slug ? xstrndup(v[i]->slug, strcspn(v[i]->slug, "/")) : NULL;
        free(root);
    }
    free(last_root);
    free(last_owner);
    for (size_t i = 0; i < n; i++) {
        if (v[i]->is_action)
            continue; /* an action is not one of the repository's workflows */
        struct wf_set *s = set_for(sets, nsets, &alloc, v[i]);
        ALLOC_GROW(s->v, s->n + 1, s->alloc);
        s->v[s->n++] = v[i];
        v[i]->set = s;
    }
    struct wf_index ix;
    index_init(&ix, v, n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i]->njobs; k++) {
            struct wf_job *j = &v[i]->jobs[k];
            if (wf_uses_local(j->uses))
                j->callee = callee(&ix, v[i], j->uses);
            if (j->callee && v[i]->set && j->callee->set == v[i]->set)
                j->callee->called_locally = 1;
        }
    free(ix.by_path);
    free(ix.by_base);
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
