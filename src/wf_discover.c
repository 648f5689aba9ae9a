/* wf_discover.c — YAML files into workflows: which ones are workflows, where their repository
 * is, and the sibling workflows a workflow named on the command line needs as context (the
 * reusable workflows it calls, the CI workflow a workflow_run follows). Context workflows are
 * loaded quietly: their errors, findings and ignore comments are never reported.
 *
 * Files are only noted while the command line is walked; wf_discover_finish() reads and parses
 * them all (on two threads when there are many: parsing is most of a run's time), then takes
 * the results into the project in the order the files were met, so output never depends on
 * timing. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infralint/util.h"
#include "wf_discover.h"

/* A file waiting to be loaded, then its outcome. */
struct pending {
    char *path;
    char *abspath;
    char *repo; /* repository root when in .github/workflows/, else NULL */
    enum wf_origin o;
    size_t input; /* its entry in the project's inputs (kind filled in later) */
    /* filled by load_one(), possibly on another thread */
    struct workflow *wf;
    struct diag_list errs;
    int read_errno;   /* file_read() failed */
    const char *skip; /* not a workflow: why */
};

struct wf_pending {
    struct pending *v;
    size_t n, alloc;
    atomic_size_t next; /* the next one a worker takes */
    const char **seen;  /* abspaths noted so far: open-addressing set (borrowed from v) */
    size_t seen_cap, seen_n;
    char last_dir[PATH_MAX]; /* the directory resolve() met last, and its real path */
    char last_abs[PATH_MAX];
};

int wf_is_yaml_name(const char *path)
{
    return ends_with(path, ".yml") || ends_with(path, ".yaml");
}

/* The repository root of a file directly inside <root>/.github/workflows/, or NULL. */
static char *repo_root(const char *abspath)
{
    char *dir = path_dirname(abspath);
    char *gh = path_dirname(dir);
    char *root = NULL;
    if (!strcmp(path_basename(dir), "workflows") && !strcmp(path_basename(gh), ".github"))
        root = path_dirname(gh);
    free(dir);
    free(gh);
    return root;
}

/* The resolved path of a file: its directory resolved once per directory (a walk meets the
 * files of one directory together), joined with its name; a new string. */
static char *resolve(struct wf_pending *q, const char *path)
{
    char *last_dir = q->last_dir, *last_abs = q->last_abs;
    char *dir = path_dirname(path);
    const char *name = path_basename(path);
    int ok = 1;
    if (strcmp(dir, last_dir)) {
        char tmp[PATH_MAX];
        ok = realpath(dir, tmp) != NULL && strlen(dir) < sizeof(q->last_dir);
        if (ok) {
            memcpy(last_dir, dir, strlen(dir) + 1);
            memcpy(last_abs, tmp, strlen(tmp) + 1);
        }
    }
    free(dir);
    struct stat st;
    if (!ok || lstat(path, &st) || S_ISLNK(st.st_mode)) { /* a link: resolve it whole */
        char buf[PATH_MAX];
        return xstrdup(realpath(path, buf) ? buf : path);
    }
    return xstrfmt("%s/%s", strcmp(last_abs, "/") ? last_abs : "", name);
}

static size_t hash_path(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Was abspath noted before? Notes it when not. */
static int seen_before(struct wf_pending *q, const char *abspath)
{
    if ((q->seen_n + 1) * 2 > q->seen_cap) {
        size_t cap = q->seen_cap ? q->seen_cap * 2 : 64;
        const char **set = xcalloc(cap, sizeof(*set));
        for (size_t i = 0; i < q->seen_cap; i++)
            if (q->seen[i]) {
                size_t k = hash_path(q->seen[i]) & (cap - 1);
                while (set[k])
                    k = (k + 1) & (cap - 1);
                set[k] = q->seen[i];
            }
        free(q->seen);
        q->seen = set;
        q->seen_cap = cap;
    }
    size_t k = hash_path(abspath) & (q->seen_cap - 1);
    while (q->seen[k]) {
        if (!strcmp(q->seen[k], abspath))
            return 1;
        k = (k + 1) & (q->seen_cap - 1);
    }
    q->seen[k] = abspath;
    q->seen_n++;
    return 0;
}

void wf_discover_file(struct project *p, const char *path, enum wf_origin o, struct diag_list *d)
{
    (void)d; /* errors are reported when the file is loaded, in wf_discover_finish() */
    if (!p->wf_pending)
        p->wf_pending = xcalloc(1, sizeof(*p->wf_pending));
    struct wf_pending *q = p->wf_pending;
    char *abspath = resolve(q, path);
    if (seen_before(q, abspath)) { /* named twice, or walked and named */
        free(abspath);
        return;
    }
    ALLOC_GROW(q->v, q->n + 1, q->alloc);
    struct pending *e = &q->v[q->n++];
    memset(e, 0, sizeof(*e));
    e->path = xstrdup(path);
    e->abspath = abspath;
    e->repo = repo_root(abspath);
    e->o = o;
    e->input = p->ninputs;
    project_input(p, path, o == WF_CONTEXT ? "workflow (context)" : "workflow", NULL);
}

/* Would GitHub run this file as a workflow? An `on` and a job with `runs-on` or `uses`: what a
 * YAML file met outside .github/workflows/ needs to be taken for one (a CircleCI, GitLab or
 * Azure Pipelines file has jobs, but not in that shape). */
static int github_runs(const struct workflow *wf)
{
    if (!wf->on_key.n || !yref_is_map(wf->jobs_node))
        return 0;
    for (size_t i = 0; i < wf->njobs; i++)
        if (yref_key(wf->jobs[i].node, "runs-on").n || yref_key(wf->jobs[i].node, "uses").n)
            return 1;
    return 0;
}

/* Read and parse one file (no project state touched: runs on worker threads). */
static void load_one(struct pending *e)
{
    char *buf;
    size_t len;
    if (file_read(e->path, &buf, &len) < 0) {
        e->read_errno = errno ? errno : EIO;
        return;
    }
    /* an action's metadata (action.yml) is read wherever it is: composite actions have steps */
    int action = !e->repo && wf_is_action_name(e->path);
    if (e->o == WF_WALKED && !e->repo && !action && !wf_text_looks_like(buf, len)) {
        e->skip = "YAML, not a workflow";
        free(buf);
        return;
    }
    e->wf = wf_load(e->path, buf, len, &e->errs);
    if (!e->wf) {
        if (e->o == WF_CONTEXT || (e->o == WF_WALKED && !e->repo))
            e->skip = "YAML that does not parse, outside .github/workflows/";
    } else if (action && e->o == WF_WALKED && !e->wf->is_action &&
               !wf_text_looks_like(e->wf->src, e->wf->len)) {
        e->skip = "YAML, neither a workflow nor an action (no 'runs')";
    } else if (!e->repo && e->o != WF_CONTEXT && !e->wf->is_action &&
               (e->o == WF_EXPLICIT ? !wf_looks_like(e->wf, 1) : !github_runs(e->wf))) {
        e->skip = e->o == WF_EXPLICIT ? "YAML, not a workflow (no 'on' or 'jobs')"
                                      : "YAML, not a workflow: no 'on' with jobs that have "
                                        "'runs-on' or 'uses'";
        if (e->o == WF_EXPLICIT)
            diag_add(&e->errs, e->path, 0, 0,
                     "not a GitHub Actions workflow: no 'on' or 'jobs' key (infralint reads "
                     "workflows, Terraform plan JSON and goose migrations)");
    }
}

static void *worker(void *arg)
{
    struct wf_pending *q = arg;
    size_t i;
    while ((i = atomic_fetch_add(&q->next, 1)) < q->n)
        load_one(&q->v[i]);
    return NULL;
}

/* Load q->v[from…] on up to two threads (one when there are few files: starting a thread costs
 * more than parsing a handful of workflows). */
static void load_all(struct wf_pending *q, size_t from)
{
    atomic_store(&q->next, from);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    pthread_t t;
    int threaded = q->n - from >= 32 && cpus > 1 && pthread_create(&t, NULL, worker, q) == 0;
    worker(q);
    if (threaded)
        pthread_join(t, NULL);
}

/* Take a loaded file into the project: its workflow, input classification, errors, ignores. */
static void integrate(struct project *p, struct pending *e, struct diag_list *d)
{
    struct input *in = &p->inputs[e->input];
    int context = e->o == WF_CONTEXT;
    const char *kind = NULL, *note = NULL;
    if (e->read_errno) {
        if (!context)
            diag_add(d, e->path, 0, 0, "cannot open: %s", file_strerror(e->read_errno));
        kind = context ? "skipped" : "error";
        note = file_strerror(e->read_errno);
    } else if (!e->wf || e->skip) {
        if (!context && (!e->skip || e->o == WF_EXPLICIT))
            diag_move(d, &e->errs);
        kind = context                                      ? "skipped"
               : e->o == WF_EXPLICIT || (!e->wf && e->repo) ? "error"
                                                            : "skipped";
        note = context   ? "context: not a workflow that parses"
               : e->skip ? e->skip
                         : "does not parse";
        wf_free(e->wf);
        e->wf = NULL;
    }
    diag_release(&e->errs);
    if (kind) {
        in->kind = kind;
        free(in->note);
        in->note = xstrdup(note);
        return;
    }
    struct workflow *wf = e->wf;
    if (wf->is_action) {
        in->kind = "action";
        free(in->note);
        in->note = xstrdup(wf->action.composite ? "composite: its steps are checked"
                                                : "not composite: no steps in the file");
    }
    wf->abspath = e->abspath;
    wf->repo = e->repo;
    e->abspath = e->repo = NULL;
    wf->context = context;
    wf->named = e->o == WF_EXPLICIT;
    ALLOC_GROW(p->wfs, p->nwfs + 1, p->wfs_alloc);
    p->wfs[p->nwfs++] = wf;
    if (!context) {
        p->nfiles++;
        wf_scan_ignores(wf, &p->ignores, d);
    }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Note the other workflows of the directory of e (a .github/workflows directory) as context. */
static void add_siblings(struct project *p, const char *file, const char *abspath)
{
    char *dir = path_dirname(file);
    char *absdir = path_dirname(abspath);
    DIR *dh = opendir(absdir);
    free(absdir);
    if (!dh) {
        free(dir);
        return;
    }
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(dh)))
        if (wf_is_yaml_name(de->d_name)) {
            ALLOC_GROW(names, n + 1, alloc);
            names[n++] = xstrdup(de->d_name);
        }
    closedir(dh);
    if (n)
        qsort(names, n, sizeof(*names), name_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            wf_discover_file(p, path, WF_CONTEXT, NULL);
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);
}

void wf_discover_finish(struct project *p, struct diag_list *d)
{
    struct wf_pending *q = p->wf_pending;
    size_t own = q ? q->n : 0;
    for (size_t i = 0; i < own; i++) {
        const struct pending *e = &q->v[i];
        int done = e->o != WF_EXPLICIT; /* one listing per directory */
        for (size_t k = 0; k < i && !done; k++)
            done = q->v[k].o == WF_EXPLICIT && q->v[k].repo && e->repo &&
                   !strcmp(q->v[k].repo, e->repo);
        if (e->o == WF_EXPLICIT && e->repo && !done)
            add_siblings(p, q->v[i].path, q->v[i].abspath);
    }
    q = p->wf_pending;
    if (q) {
        load_all(q, 0);
        for (size_t i = 0; i < q->n; i++)
            integrate(p, &q->v[i], d);
        for (size_t i = 0; i < q->n; i++) {
            free(q->v[i].path);
            free(q->v[i].abspath);
            free(q->v[i].repo);
        }
        free(q->v);
        free(q->seen);
        free(q);
        p->wf_pending = NULL;
    }
    wf_link(p->wfs, p->nwfs, &p->wfsets, &p->nwfsets);
}
