/* discover.c — walk the command line's paths, classify and load every file, pair plans with
 * their .terraform/ directory. File names in output are as the user named them, joined with the
 * path inside a scanned directory. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"
#include "infralint/migration.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "tfjson.h"
#include "wf_discover.h"

/* "cannot open: …", the size limit or "not a regular file" in words (file_read's refusals). */
static void read_error(struct diag_list *d, const char *file)
{
    if (errno == EFBIG || errno == ENOTREG_FILE)
        diag_add(d, file, 0, 0, "%s", file_strerror(errno));
    else
        diag_add(d, file, 0, 0, "cannot open: %s", file_strerror(errno));
}

struct walker {
    struct project *p;
    struct diag_list *d;
    const struct discover_opts *o;
    const char *root;    /* the directory named on the command line (links may not leave it) */
    char *base;          /* exclude_base resolved, or NULL when nothing is excluded */
    struct plan **named; /* plans named on the command line (not stdin) */
    size_t nnamed, named_alloc;
};

/* A symbolic link met while walking that resolves outside the walked directory: a pull request
 * can commit a link to a file of the machine that runs the check (a credentials file), so such
 * a link is not followed. Links that stay inside are read like the files they point at. */
static int link_leaves_root(const struct walker *w, const char *path)
{
    struct stat st;
    if (!w->root || lstat(path, &st) < 0 || !S_ISLNK(st.st_mode) || stat(path, &st) < 0)
        return 0; /* not a link, or a dangling one (opening it fails with its own error) */
    return !path_within(path, w->root);
}

/* Is dir (absolute) equal to or inside base (absolute)? Returns base's length, or 0. */
static size_t inside(const char *dir, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(dir, base, n))
        return 0;
    if (dir[n] && dir[n] != '/' && strcmp(base, "/"))
        return 0;
    return n ? n : 1;
}

/* Does pat match rel or one of its directories (a file named on the command line is excluded
 * with its directory)? */
static int glob_path(const char *pat, const char *rel)
{
    char *dir = xstrdup(rel);
    int m = glob_match(pat, dir);
    char *slash;
    while (!m && (slash = strrchr(dir, '/'))) {
        *slash = '\0';
        m = glob_match(pat, dir);
    }
    free(dir);
    return m;
}

/* The config `exclude:` glob that matches the file or directory at abs (a resolved path),
 * or NULL. Globs are matched against the path relative to the configuration's directory. */
static const char *excluded(const struct walker *w, const char *abs)
{
    size_t n = w->base ? inside(abs, w->base) : 0;
    if (!n)
        return NULL;
    const char *rel = abs + n;
    while (*rel == '/')
        rel++;
    if (!*rel)
        return NULL;
    for (size_t i = 0; i < w->o->nexclude; i++) {
        const char *pat = w->o->exclude[i];
        while (pat[0] == '.' && pat[1] == '/')
            pat += 2;
        size_t len = strlen(pat);
        while (len > 1 && pat[len - 1] == '/')
            len--;
        char *trimmed = xstrndup(pat, len);
        int m = glob_path(trimmed, rel);
        free(trimmed);
        if (m)
            return w->o->exclude[i];
    }
    return NULL;
}

/* A path named on the command line or met while walking that `exclude:` skips: recorded as
 * such (--list-inputs), 1; 0 when it is not excluded. */
static int skip_excluded(struct walker *w, const char *path, const char *abs)
{
    const char *pat = abs ? excluded(w, abs) : NULL;
    if (!pat)
        return 0;
    char *note = xstrfmt("config exclude: '%s'", pat);
    project_input(w->p, path, "excluded", note);
    free(note);
    return 1;
}

/* Absolute form of a directory (for pairing); a copy of dir when it cannot be resolved. */
static char *absdir(const char *dir)
{
    char buf[PATH_MAX];
    return xstrdup(realpath(dir, buf) ? buf : dir);
}

/* The stack for directory dir (created on first use). */
static struct tfstack *stack_for(struct project *p, const char *dir)
{
    char *abs = absdir(dir);
    for (size_t i = 0; i < p->nstacks; i++) {
        char *other = absdir(p->stacks[i]->dir);
        int same = !strcmp(abs, other);
        free(other);
        if (same) {
            free(abs);
            return p->stacks[i];
        }
    }
    free(abs);
    ALLOC_GROW(p->stacks, p->nstacks + 1, p->stacks_alloc);
    return p->stacks[p->nstacks++] = tfstack_new(dir);
}

static int is_dotterraform_dir(const char *path)
{
    return !strcmp(path_basename(path), ".terraform");
}

/* A file inside a .terraform/ directory: the directory's parent, else NULL. */
static char *dotterraform_parent(const char *file)
{
    char *dir = path_dirname(file);
    if (!is_dotterraform_dir(dir)) {
        free(dir);
        return NULL;
    }
    char *parent = path_dirname(dir);
    free(dir);
    return parent;
}

static void set_workspace(struct tfstack *s, const char *file, const char *buf, size_t len)
{
    char *name = backend_workspace_name(buf, len);
    if (!name)
        return;
    free(s->workspace);
    free(s->workspace_origin);
    s->workspace = name;
    s->workspace_origin = xstrdup(file);
}

static void add_backend(struct walker *w, const char *file, struct backend *b)
{
    char *parent = dotterraform_parent(file);
    struct tfstack *s;
    if (parent) {
        s = stack_for(w->p, parent);
        if (!s->dotterraform)
            s->dotterraform = path_dirname(file);
        free(parent);
    } else {
        char *dir = path_dirname(file);
        s = stack_for(w->p, dir);
        free(dir);
        if (!s->dotterraform)
            s->dotterraform = xstrdup(file); /* a loose backend file stands for .terraform/ */
    }
    if (s->backend) {
        diag_add(w->d, file, 0, 0, "a second backend file for the directory of '%s'",
                 s->backend->file);
        backend_free(b);
        return;
    }
    s->backend = b;
}

static void add_plan(struct walker *w, struct plan *pl)
{
    ALLOC_GROW(w->p->plans, w->p->nplans + 1, w->p->plans_alloc);
    w->p->plans[w->p->nplans++] = pl;
}

/* Load a JSON-ish file as a plan or backend file. */
static void load_json(struct walker *w, const char *file, const char *buf, size_t len,
                      enum tfjson_origin origin)
{
    struct tfjson_result r;
    tfjson_load(file, buf, len, origin, &r, w->d);
    switch (r.kind) {
    case TFJSON_PLAN:
        add_plan(w, r.plan);
        project_input(w->p, file, "plan", NULL);
        w->p->nfiles++;
        break;
    case TFJSON_BACKEND:
        add_backend(w, file, r.backend);
        project_input(w->p, file, "backend", NULL);
        w->p->nfiles++;
        break;
    case TFJSON_OTHER:
        if (origin == TFJSON_EXPLICIT)
            w->p->nfiles++; /* read, and reported as an error */
        project_input(w->p, file, origin == TFJSON_EXPLICIT ? "error" : "skipped", r.what);
        break;
    case TFJSON_ERROR:
        if (r.plan) /* checked despite a problem (wrapper noise around it) */
            add_plan(w, r.plan);
        w->p->nfiles++;
        project_input(w->p, file, "error", r.what ? r.what : "could not be loaded");
        break;
    }
}

static int looks_like_workspace_file(const char *file, const char *buf, size_t len)
{
    const char *base = path_basename(file);
    if (strcmp(base, "environment") && !ends_with(base, ".environment"))
        return 0;
    if (!len || len > 256)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return 0;
    }
    return memchr(buf, '{', len) == NULL;
}

static void add_workspace(struct walker *w, const char *file, const char *buf, size_t len)
{
    char *parent = dotterraform_parent(file);
    struct tfstack *s;
    if (parent) {
        s = stack_for(w->p, parent);
        if (!s->dotterraform)
            s->dotterraform = path_dirname(file);
        free(parent);
    } else {
        char *dir = path_dirname(file);
        s = stack_for(w->p, dir);
        free(dir);
    }
    set_workspace(s, file, buf, len);
    project_input(w->p, file, "workspace", NULL);
    w->p->nfiles++;
}

/* A file named on the command line: everything we cannot classify is an error. */
static void load_explicit(struct walker *w, const char *file)
{
    char *buf;
    size_t len;
    const char *shown = strcmp(file, "-") ? file : "<stdin>";
    if (strcmp(file, "-") && wf_is_yaml_name(file)) {
        wf_discover_file(w->p, file, WF_EXPLICIT, w->d);
        return;
    }
    if (file_read(file, &buf, &len) < 0) {
        project_input(w->p, shown, "error", file_strerror(errno));
        read_error(w->d, shown);
        return;
    }
    if (strcmp(file, "-") && ends_with(file, ".sql"))
        mig_add_file(w->p, file, buf, len, 1, w->d);
    else if (strcmp(file, "-") && looks_like_workspace_file(file, buf, len))
        add_workspace(w, file, buf, len);
    else {
        size_t before = w->p->nplans;
        load_json(w, shown, buf, len, TFJSON_EXPLICIT);
        if (!strcmp(file, "-") && w->p->nplans > before) {
            char cwd[PATH_MAX];
            plan_set_dir(w->p->plans[w->p->nplans - 1], getcwd(cwd, sizeof(cwd)) ? cwd : ".");
        } else if (w->p->nplans > before) {
            ALLOC_GROW(w->named, w->nnamed + 1, w->named_alloc);
            w->named[w->nnamed++] = w->p->plans[w->p->nplans - 1];
        }
    }
    free(buf);
}

/* A .terraform/ directory: its backend file and workspace file, nothing else. */
static void load_dotterraform(struct walker *w, const char *dir)
{
    char *parent = path_dirname(dir);
    struct tfstack *s = stack_for(w->p, parent);
    free(parent);
    if (!s->dotterraform)
        s->dotterraform = xstrdup(dir);
    char *state = path_join(dir, "terraform.tfstate");
    char *env = path_join(dir, "environment");
    char *buf;
    size_t len;
    if (link_leaves_root(w, state) || link_leaves_root(w, env)) {
        diag_add(w->d, link_leaves_root(w, state) ? state : env, 0, 0,
                 "a symbolic link out of the checked directory: not followed");
        s->backend_error = 1;
        free(state);
        free(env);
        return;
    }
    if (file_read(state, &buf, &len) == 0) {
        struct tfjson_result r;
        size_t nd = w->d->n;
        tfjson_load(state, buf, len, TFJSON_WALKED, &r, w->d);
        w->p->nfiles++;
        if (r.kind == TFJSON_BACKEND) {
            add_backend(w, state, r.backend);
            project_input(w->p, state, "backend", NULL);
        } else {
            if (r.plan)
                plan_free(r.plan);
            if (w->d->n == nd)
                diag_add(w->d, state, 0, 0,
                         "not a backend file: expected the JSON `terraform init` writes, with "
                         "a `backend` or `state_store` block");
            s->backend_error = 1;
            project_input(w->p, state, "error", r.what);
        }
        free(buf);
    } else if (errno != ENOENT) {
        read_error(w->d, state);
        s->backend_error = 1;
    }
    if (file_read(env, &buf, &len) == 0) {
        set_workspace(s, env, buf, len);
        project_input(w->p, env, "workspace", NULL);
        w->p->nfiles++;
        free(buf);
    } else if (errno != ENOENT) {
        read_error(w->d, env);
    }
    free(state);
    free(env);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file met while walking: only what is recognisably ours is loaded. */
/* plan.json, tfplan.json, prod.plan.json, plan-prod.json: a broken one is worth an error. */
static int named_like_plan(const char *base)
{
    char lower[256];
    size_t n = strlen(base);
    if (n >= sizeof(lower))
        return 0;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] - 'A' + 'a' : base[i]);
    return !strcmp(lower, "plan.json") || !strcmp(lower, "tfplan.json") ||
           ends_with(lower, ".plan.json") || ends_with(lower, ".tfplan.json") ||
           ends_with(lower, "-plan.json") || ends_with(lower, "_plan.json") ||
           starts_with(lower, "plan-") || starts_with(lower, "plan_") ||
           starts_with(lower, "plan.");
}

static void walk_file(struct walker *w, const char *path)
{
    const char *base = path_basename(path);
    if (ends_with(base, ".sql")) {
        char *buf;
        size_t len;
        if (file_read(path, &buf, &len) < 0) {
            read_error(w->d, path);
            return;
        }
        mig_add_file(w->p, path, buf, len, 0, w->d);
        free(buf);
        return;
    }
    if (ends_with(base, ".json")) {
        char *buf;
        size_t len;
        if (file_read(path, &buf, &len) < 0) {
            read_error(w->d, path);
            return;
        }
        load_json(w, path, buf, len, named_like_plan(base) ? TFJSON_PLAN_NAMED : TFJSON_WALKED);
        free(buf);
        return;
    }
    if (!strcmp(base, ".infralint.yaml")) {
        project_input(w->p, path, "skipped", "infralint configuration");
        return;
    }
    if (wf_is_yaml_name(base)) {
        wf_discover_file(w->p, path, WF_WALKED, w->d);
        return;
    }
    project_input(w->p, path, "skipped", NULL);
}

static void walk(struct walker *w, const char *dir, int depth)
{
    if (depth > 64) {
        diag_add(w->d, dir, 0, 0, "directories nested too deep (more than 64 levels)");
        return;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(w->d, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        return;
    }
    struct entry {
        char *name;
        unsigned char type; /* DT_DIR, DT_REG, or DT_UNKNOWN when stat must tell */
    } *ents = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        ALLOC_GROW(ents, n + 1, alloc);
        ents[n].name = xstrdup(de->d_name);
        ents[n++].type = de->d_type == DT_DIR || de->d_type == DT_REG ? de->d_type : DT_UNKNOWN;
    }
    closedir(dh);
    if (n > 1)
        qsort(ents, n, sizeof(*ents), name_cmp); /* the name is the first member */
    char absd[PATH_MAX];
    int resolved = w->base && realpath(dir, absd);
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, ents[i].name);
        if (resolved) {
            char *abs = path_join(absd, ents[i].name);
            int skip = skip_excluded(w, path, abs);
            free(abs);
            if (skip) {
                free(path);
                free(ents[i].name);
                continue;
            }
        }
        unsigned char type = ents[i].type;
        struct stat st;
        if (type == DT_UNKNOWN) { /* a symbolic link (followed to files only) or an old fs */
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
                type = DT_DIR;
            else if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                type = link_leaves_root(w, path) ? DT_LNK : DT_REG;
        }
        if (type == DT_LNK)
            project_input(w->p, path, "skipped", "a symbolic link out of the checked directory");
        if (type == DT_DIR) {
            if (!strcmp(ents[i].name, ".terraform"))
                load_dotterraform(w, path);
            else if (strcmp(ents[i].name, ".git") && strcmp(ents[i].name, "node_modules"))
                walk(w, path, depth + 1);
        } else if (type == DT_REG) {
            walk_file(w, path);
        }
        free(path);
        free(ents[i].name);
    }
    free(ents);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The .terraform/ of a plan named alone: in its own directory or the nearest parent, up to the
 * repository root (the directory holding .git); outside a repository, up to the current
 * directory when the plan is inside it, else its own directory only. Named for output as the
 * user would (relative to the current directory when inside it); a new string, or NULL. */
static char *find_dotterraform(const char *plan_path)
{
    char start[PATH_MAX], cwd[PATH_MAX];
    char *dir = path_dirname(plan_path);
    int ok = realpath(dir, start) != NULL;
    free(dir);
    if (!ok)
        return NULL;
    if (!getcwd(cwd, sizeof(cwd)))
        cwd[0] = '\0';
    /* the limit: the repository root, else as said above */
    char probe[PATH_MAX];
    memcpy(probe, start, strlen(start) + 1);
    int repo = 0;
    for (;;) {
        char *git = path_join(probe, ".git");
        repo = access(git, F_OK) == 0;
        free(git);
        char *slash = strrchr(probe, '/');
        if (repo || !slash || slash == probe)
            break;
        *slash = '\0';
    }
    const char *limit = repo ? probe : cwd[0] && inside(start, cwd) ? cwd : start;
    char here[PATH_MAX];
    memcpy(here, start, strlen(start) + 1);
    for (;;) {
        char *cand = path_join(here, ".terraform");
        if (is_dir(cand)) {
            size_t n = cwd[0] ? inside(cand, cwd) : 0;
            char *shown = n && strcmp(cwd, "/") ? xstrdup(cand + n + 1) : xstrdup(cand);
            free(cand);
            return shown;
        }
        free(cand);
        char *slash = strrchr(here, '/');
        if (!strcmp(here, limit) || !slash || slash == here)
            return NULL;
        *slash = '\0';
    }
}

/* Pair each plan named alone that nothing given pairs with to the .terraform/ beside it (or
 * above it), as a walk of its directory would. */
static void pair_on_disk(struct walker *w)
{
    for (size_t i = 0; i < w->nnamed; i++) {
        struct plan *pl = w->named[i];
        if (plan_stack(pl))
            continue;
        char *dt = find_dotterraform(plan_file(pl));
        if (!dt)
            continue;
        load_dotterraform(w, dt);
        char *parent = path_dirname(dt);
        struct tfstack *s = stack_for(w->p, parent);
        free(parent);
        tfstack_add_plan(s, pl);
        plan_set_stack(pl, s);
        free(dt);
    }
}

/* --list-inputs says which .terraform/ each plan pairs with. */
static void note_pairs(struct project *p)
{
    for (size_t i = 0; i < p->nplans; i++) {
        const struct tfstack *s = plan_stack(p->plans[i]);
        if (!s || !s->dotterraform)
            continue;
        for (size_t k = 0; k < p->ninputs; k++) {
            struct input *in = &p->inputs[k];
            if (!in->note && !strcmp(in->kind, "plan") && !strcmp(in->path, plan_file(p->plans[i])))
                in->note = xstrfmt("paired with %s", s->dotterraform);
        }
    }
}

/* Pair each plan with the stack of its own directory or the nearest parent. */
static void pair(struct walker *w)
{
    struct project *p = w->p;
    const struct discover_opts *o = w->o;
    size_t unpaired = 0;
    struct plan *lone = NULL;
    for (size_t i = 0; i < p->nplans; i++) {
        char *pd = absdir(plan_dir(p->plans[i]));
        struct tfstack *best = NULL;
        size_t best_len = 0;
        for (size_t k = 0; k < p->nstacks; k++) {
            char *sd = absdir(p->stacks[k]->dir);
            size_t l = inside(pd, sd);
            if (l > best_len) {
                best_len = l;
                best = p->stacks[k];
            }
            free(sd);
        }
        free(pd);
        if (best) {
            tfstack_add_plan(best, p->plans[i]);
            plan_set_stack(p->plans[i], best);
        } else {
            unpaired++;
            lone = p->plans[i];
        }
    }
    /* one plan and one .terraform/ given together in different places: they belong together */
    if (unpaired == 1 && p->nplans == 1 && p->nstacks == 1 && !p->stacks[0]->nplans) {
        tfstack_add_plan(p->stacks[0], lone);
        plan_set_stack(lone, p->stacks[0]);
        unpaired = 0;
    }
    if (unpaired)
        pair_on_disk(w);
    if (o->tf_workspace && *o->tf_workspace) {
        for (size_t i = 0; i < p->nplans; i++)
            if (!plan_stack(p->plans[i])) {
                struct tfstack *s = stack_for(p, plan_dir(p->plans[i]));
                tfstack_add_plan(s, p->plans[i]);
                plan_set_stack(p->plans[i], s);
            }
        for (size_t k = 0; k < p->nstacks; k++) {
            free(p->stacks[k]->workspace);
            free(p->stacks[k]->workspace_origin);
            p->stacks[k]->workspace = xstrdup(o->tf_workspace);
            p->stacks[k]->workspace_origin = xstrdup("TF_WORKSPACE");
        }
    }
}

void discover(struct project *p, char *const *paths, size_t npaths, const struct discover_opts *o,
              struct diag_list *d)
{
    struct walker w = {.p = p, .d = d, .o = o};
    char resolved[PATH_MAX];
    if (o->nexclude && o->exclude_base && realpath(o->exclude_base, resolved))
        w.base = xstrdup(resolved);
    for (size_t i = 0; i < npaths; i++) {
        const char *path = paths[i];
        struct stat st;
        if (!strcmp(path, "-")) {
            load_explicit(&w, path);
            continue;
        }
        if (stat(path, &st) < 0) {
            diag_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
            continue;
        }
        /* a file named is skipped too (pre-commit names files); a directory named is walked */
        if (!S_ISDIR(st.st_mode) && w.base && skip_excluded(&w, path, realpath(path, resolved)))
            continue;
        if (S_ISDIR(st.st_mode)) {
            w.root = path;
            if (is_dotterraform_dir(path))
                load_dotterraform(&w, path);
            else
                walk(&w, path, 0);
            w.root = NULL;
        } else {
            char *parent = dotterraform_parent(path);
            if (parent && !strcmp(path_basename(path), "environment")) {
                char *buf;
                size_t len;
                if (file_read(path, &buf, &len) == 0) {
                    add_workspace(&w, path, buf, len);
                    free(buf);
                } else {
                    read_error(d, path);
                }
            } else {
                load_explicit(&w, path);
            }
            free(parent);
        }
    }
    mig_finish(p, d);
    pair(&w);
    note_pairs(p);
    free(w.base);
    free(w.named);
    wf_discover_finish(p, d);
}
