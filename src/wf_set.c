/* wf_set.c — the repository-level view: workflows grouped by the directory they live in (a
 * `.github/workflows/` directory is a whole repository), and local reusable-workflow calls
 * (`uses: ./.github/workflows/deploy.yml`) linked to the workflow they call. */
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

char *wf_repo_owner(const char *dir)
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
        if (n && o[n] == '/')
            owner = xstrndup(o, n);
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
            last_owner = wf_repo_owner(root);
        }
        v[i]->owner = root && last_owner ? xstrdup(last_owner) : NULL;
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
