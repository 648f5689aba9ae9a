/* gha_syntax.c — workflows that parse as YAML but that GitHub would reject (gha/syntax), and names
 * missing from infralint's data tables (gha/unknown-name: runner labels, permission scopes,
 * events, contexts). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_names.h"
#include "gha_syntax.h"
#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

#define N(a) (a), ARRAY_SIZE(a)

/* (`description:` is in GitHub's workflow schema since January 2025) */
static const char *const top_keys[] = {"name", "description", "run-name",    "on",  "permissions",
                                       "env",  "defaults",    "concurrency", "jobs"};
static const char *const job_keys[] = {"name",        "permissions",
                                       "needs",       "if",
                                       "runs-on",     "environment",
                                       "concurrency", "outputs",
                                       "env",         "defaults",
                                       "steps",       "timeout-minutes",
                                       "strategy",    "continue-on-error",
                                       "container",   "services",
                                       "snapshot",    "uses",
                                       "with",        "secrets"};
static const char *const call_keys[] = {"name", "uses",        "with",     "secrets",    "needs",
                                        "if",   "permissions", "strategy", "concurrency"};
static const char *const step_keys[] = {"id",
                                        "if",
                                        "name",
                                        "uses",
                                        "run",
                                        "shell",
                                        "with",
                                        "env",
                                        "continue-on-error",
                                        "timeout-minutes",
                                        "working-directory",
                                        "background",
                                        "parallel",
                                        "wait",
                                        "wait-all",
                                        "cancel"};
/* Steps that control others (parallel steps, GA 2026) run no command of their own. */
static const char *const control_keys[] = {"parallel", "wait", "wait-all", "cancel"};
static const char *const environment_keys[] = {"name", "url", "deployment"};
static const char *const concurrency_keys[] = {"group", "cancel-in-progress"};
static const char *const strategy_keys[] = {"matrix", "fail-fast", "max-parallel"};
static const char *const container_keys[] = {"image", "credentials", "env",
                                             "ports", "volumes",     "options"};
static const char *const service_keys[] = {"image",   "credentials", "env",        "ports",
                                           "volumes", "options",     "entrypoint", "command"};
static const char *const credentials_keys[] = {"username", "password"};
static const char *const defaults_keys[] = {"run"};
static const char *const defaults_run_keys[] = {"shell", "working-directory"};
static const char *const push_keys[] = {"branches",    "branches-ignore", "tags",
                                        "tags-ignore", "paths",           "paths-ignore"};
static const char *const pr_keys[] = {"types", "branches", "branches-ignore", "paths",
                                      "paths-ignore"};
static const char *const run_keys[] = {"workflows", "types", "branches", "branches-ignore"};
static const char *const dispatch_keys[] = {"inputs"};
static const char *const call_event_keys[] = {"inputs", "outputs", "secrets"};
static const char *const schedule_keys[] = {"cron", "timezone"};

struct syn {
    struct rule_ctx *ctx;
    const struct workflow *wf;
};

static int in(const char *k, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(k, names[i]))
            return 1;
    return 0;
}

/* Every key of map must be in names. */
static void keys(struct syn *s, struct yref map, const char *where, const char *loc,
                 const char *const *names, size_t n)
{
    gha_check_keys(s->ctx, s->wf, map, where, loc, names, n);
}

static void want_map(struct syn *s, struct yref v, const char *what, const char *loc)
{
    if (v.n && !yref_is_map(v) && !(yref_str(v) && wf_has_expr(v.n->str)))
        gha_report(s->ctx, s->wf, v, loc, NULL, "write it as a map of keys",
                   "%s must be a map, not %s", what, ynode_type_name(v.n));
}

/* `a` and `a-ignore` together are refused by GitHub. */
static void exclusive(struct syn *s, struct yref cfg, const char *a, const char *event)
{
    char ign[64];
    snprintf(ign, sizeof(ign), "%s-ignore", a);
    struct yref k = yref_key(cfg, ign);
    if (!k.n || !yref_key(cfg, a).n)
        return;
    char *fix = xstrfmt("keep one: '%s' with '!' patterns for the exceptions", a);
    gha_report(s->ctx, s->wf, k, NULL, NULL, fix, "'%s' and '%s' cannot both filter the '%s' event",
               a, ign, event);
    free(fix);
}

static void check_on(struct syn *s)
{
    const struct workflow *wf = s->wf;
    if (!wf->on_key.n) {
        struct anchor a = {wf->file, 1, 1, 0, NULL, NULL};
        rule_report(s->ctx, &a, "add 'on:' with the events that start it (e.g. 'on: push')",
                    "the workflow has no 'on': nothing would ever start it");
        return;
    }
    struct yref on = wf->on;
    if (!on.n || ynode_is_null(on.n) || (yref_is_seq(on) && !on.n->nitems) ||
        (yref_is_map(on) && !on.n->npairs)) {
        gha_report(s->ctx, wf, wf->on_key, NULL, NULL,
                   "name the events (e.g. 'on: [push, pull_request]')",
                   "'on' names no event: nothing would ever start the workflow");
        return;
    }
    if (!yref_is_map(on))
        return; /* a string or a list of event names: gha/unknown-name checks the names */
    for (size_t i = 0; i < on.n->npairs; i++) {
        struct yref k = yref_pair_key(on, i), v = yref_pair_value(on, i);
        const char *ev = yref_str(k);
        if (!ev)
            continue;
        char where[96];
        snprintf(where, sizeof(where), "in the '%s' event", ev);
        if (!strcmp(ev, "schedule")) {
            if (!yref_is_seq(v)) {
                gha_report(s->ctx, wf, v.n ? v : k, NULL, NULL,
                           "write it as a list: schedule: [{cron: '0 3 * * *'}]",
                           "'schedule' must be a list of '- cron:' entries");
                continue;
            }
            for (size_t k2 = 0; k2 < v.n->nitems; k2++) {
                struct yref it = yref_item(v, k2);
                keys(s, it, where, NULL, N(schedule_keys));
                if (yref_is_map(it) && !yref_key(it, "cron").n)
                    gha_report(s->ctx, wf, it, NULL, NULL, "add 'cron: \"…\"'",
                               "a 'schedule' entry needs 'cron'");
            }
            continue;
        }
        if (v.n && !ynode_is_null(v.n) && !yref_is_map(v)) {
            gha_report(s->ctx, wf, v, NULL, NULL, "leave the value empty, or give a map of filters",
                       "the '%s' event takes a map of filters, not %s", ev, ynode_type_name(v.n));
            continue;
        }
        if (!strcmp(ev, "push")) {
            keys(s, v, where, NULL, N(push_keys));
            exclusive(s, v, "tags", ev);
        } else if (!strcmp(ev, "pull_request") || !strcmp(ev, "pull_request_target")) {
            keys(s, v, where, NULL, N(pr_keys));
        } else if (!strcmp(ev, "workflow_run")) {
            keys(s, v, where, NULL, N(run_keys));
            if (yref_is_map(v) && !yref_key(v, "workflows").n)
                gha_report(s->ctx, wf, k, NULL, NULL, "add 'workflows: [CI]' (the names to follow)",
                           "'workflow_run' needs 'workflows': the workflows whose runs start it");
        } else if (!strcmp(ev, "workflow_dispatch")) {
            keys(s, v, where, NULL, N(dispatch_keys));
        } else if (!strcmp(ev, "workflow_call")) {
            keys(s, v, where, NULL, N(call_event_keys));
        }
        if (!strcmp(ev, "push") || !strcmp(ev, "pull_request") ||
            !strcmp(ev, "pull_request_target") || !strcmp(ev, "workflow_run")) {
            exclusive(s, v, "branches", ev);
            exclusive(s, v, "paths", ev);
        }
    }
}

/* The levels a scope accepts, as GitHub documents them. */
static void check_perms(struct syn *s, const struct wf_perms *p, const char *loc)
{
    if (p->form == PERMS_ABSENT || p->form == PERMS_READ_ALL || p->form == PERMS_WRITE_ALL)
        return;
    if (p->form == PERMS_OTHER) {
        if (yref_str(p->value) && wf_has_expr(p->value.n->str))
            return;
        gha_report(s->ctx, s->wf, p->value.n ? p->value : p->key, loc, NULL,
                   "use read-all, write-all, {} (nothing), or a map such as 'contents: read'",
                   "'permissions' must be read-all, write-all or a map of scopes, not %s",
                   p->value.n && !ynode_is_null(p->value.n) && yref_str(p->value)
                       ? p->value.n->str
                       : "an empty value");
        return;
    }
    for (size_t i = 0; i < p->n; i++) {
        const struct wf_perm_entry *e = &p->v[i];
        const char *v = yref_str(e->value);
        if (v && wf_has_expr(v))
            continue;
        int id = !strcmp(e->scope, "id-token"), models = !strcmp(e->scope, "models");
        if (!e->level || (id && e->level == PERM_READ) || (models && e->level == PERM_WRITE))
            gha_report(s->ctx, s->wf, e->value.n ? e->value : e->key, loc, NULL,
                       id       ? "use 'id-token: write' (to request an OIDC token) or 'none'"
                       : models ? "use 'models: read' or 'none'"
                                : "use read, write or none (lowercase)",
                       "'%s' is not an access level for '%s'", v ? v : "(empty)", e->scope);
    }
}

static void check_step(struct syn *s, const struct wf_job *j, struct yref st, size_t idx)
{
    char *path = NULL;
    if (!yref_is_map(st)) {
        gha_report(s->ctx, s->wf, st, j->id, NULL, "write the step as a map with 'run:' or 'uses:'",
                   "step %zu of job '%s' must be a map, not %s", idx + 1, j->id,
                   ynode_type_name(st.n));
        return;
    }
    keys(s, st, "in a step", j->id, N(step_keys));
    struct yref uses = yref_key(st, "uses"), run = yref_key(st, "run");
    int control = 0; /* or a misspelt key, already said */
    for (size_t i = 0; i < st.n->npairs; i++) {
        const char *k = yref_str(yref_pair_key(st, i));
        control |= k && !in(k, N(step_keys));
    }
    for (size_t i = 0; i < ARRAY_SIZE(control_keys); i++)
        control |= yref_key(st, control_keys[i]).n != NULL;
    struct yref par = yref_get(st, "parallel");
    for (size_t i = 0; yref_is_seq(par) && i < par.n->nitems; i++)
        check_step(s, j, yref_item(par, i), idx);
    if (uses.n && run.n) {
        struct yref later = uses.n->line > run.n->line ? uses : run;
        gha_report(s->ctx, s->wf, later, j->id, NULL, "split it into two steps",
                   "a step has either 'uses' or 'run', not both");
    } else if (!uses.n && !run.n && !control) {
        gha_report(s->ctx, s->wf, st, j->id, NULL, "add 'run:' (a command) or 'uses:' (an action)",
                   "step %zu of job '%s' has neither 'run' nor 'uses': it does nothing", idx + 1,
                   j->id);
    }
    const char *u = yref_str(yref_get(st, "uses"));
    const char *at = u ? strchr(u, '@') : NULL;
    if (u && at && !wf_uses_local(u) && !starts_with(u, "docker://") && !wf_has_expr(u) &&
        (!memchr(u, '/', (size_t)(at - u)) || u[0] == '/')) {
        char *fix = xstrfmt("name the repository: 'OWNER/%s' (e.g. 'actions/%s')",
                            u[0] == '/' ? u + 1 : u, u[0] == '/' ? u + 1 : u);
        gha_report(s->ctx, s->wf, yref_get(st, "uses"), j->id, NULL, fix,
                   "action '%s' names no owner: GitHub needs OWNER/REPO[/PATH]@REF, or "
                   "'./PATH' for an action of this repository",
                   u);
        free(fix);
    }
    if (u && !wf_uses_local(u) && !starts_with(u, "docker://") && !strchr(u, '@') &&
        !wf_has_expr(u)) {
        path = xstrfmt("jobs.%s.steps[%zu].uses", j->id, idx);
        char *fix = xstrfmt("add a ref: '%s@<commit SHA>' (or a tag)", u);
        gha_report(s->ctx, s->wf, yref_get(st, "uses"), j->id, path, fix,
                   "action '%s' has no '@ref': GitHub needs a tag, branch or commit", u);
        free(fix);
    }
    free(path);
}

int gha_valid_id(const char *id)
{
    if (!(isalpha((unsigned char)id[0]) || id[0] == '_'))
        return 0;
    for (const char *c = id; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
            return 0;
    return 1;
}

static void check_job(struct syn *s, struct yref key, struct yref node)
{
    const struct workflow *wf = s->wf;
    const char *id = yref_str(key);
    if (!id)
        return;
    if (!gha_valid_id(id))
        gha_report(s->ctx, wf, key, id, NULL, "rename the job: letters, digits, '-' and '_'",
                   "job id '%s' must start with a letter or '_' and hold only letters, digits, "
                   "'-' and '_'",
                   id);
    if (!yref_is_map(node)) {
        gha_report(s->ctx, wf, node.n ? node : key, id, NULL,
                   "give the job 'runs-on:' and 'steps:'", "job '%s' must be a map, not %s", id,
                   ynode_type_name(node.n));
        return;
    }
    const struct wf_job *j = wf_job_by_id(wf, id);
    if (!j)
        return;
    int call = yref_key(node, "uses").n != NULL;
    for (size_t i = 0; i < node.n->npairs; i++) {
        struct yref k = yref_pair_key(node, i);
        const char *ks = yref_str(k);
        if (!ks || !strcmp(ks, "<<"))
            continue;
        if (!in(ks, N(job_keys)))
            gha_unknown_key(s->ctx, s->wf, k, "in a job", id, N(job_keys));
        else if (call && !in(ks, N(call_keys)))
            gha_report(s->ctx, wf, k, id, NULL,
                       "set it in the called workflow's jobs, or remove it",
                       "'%s' cannot be set on a job that calls a reusable workflow", ks);
        else if (!call && (!strcmp(ks, "with") || !strcmp(ks, "secrets")))
            gha_report(s->ctx, wf, k, id, NULL,
                       "move it to the step that uses the action ('- uses: …' + 'with:')",
                       "'%s' belongs to a job that calls a reusable workflow ('uses:'), not to "
                       "a job with steps",
                       ks);
    }
    if (call && wf_uses_local(j->uses) && !j->callee && s->wf->repo && !wf_has_expr(j->uses))
        gha_report(s->ctx, wf, j->uses_at, id, NULL,
                   "correct the path (relative to the repository root), or add the workflow",
                   "job '%s' calls '%s', which is not a workflow of this repository", id, j->uses);
    if (!call && !j->runs_on.n)
        gha_report(s->ctx, wf, key, id, NULL, "add 'runs-on: ubuntu-latest' (or your runner)",
                   "job '%s' has no 'runs-on' (and calls no reusable workflow with 'uses')", id);
    else if (!call && ynode_is_null(j->runs_on.n))
        gha_report(s->ctx, wf, j->runs_on, id, NULL, "name a runner label",
                   "'runs-on' of job '%s' is empty", id);
    if (!call && !j->steps_at.n && j->runs_on.n)
        gha_report(s->ctx, wf, key, id, NULL, "add 'steps:'", "job '%s' has no 'steps'", id);
    else if (j->steps_at.n && !yref_is_seq(j->steps_at))
        gha_report(s->ctx, wf, j->steps_at, id, NULL, "write the steps as a list ('- run: …')",
                   "'steps' of job '%s' must be a list, not %s", id,
                   ynode_type_name(j->steps_at.n));
    for (size_t i = 0; yref_is_seq(j->steps_at) && i < j->steps_at.n->nitems; i++)
        check_step(s, j, yref_item(j->steps_at, i), i);
    if (yref_is_map(j->environment))
        keys(s, j->environment, "in 'environment'", id, N(environment_keys));
    if (yref_is_map(j->concurrency))
        keys(s, j->concurrency, "in 'concurrency'", id, N(concurrency_keys));
    if (yref_is_map(j->strategy))
        keys(s, j->strategy, "in 'strategy'", id, N(strategy_keys));
    else
        want_map(s, j->strategy, "'strategy'", id);
    if (yref_is_map(j->container)) {
        keys(s, j->container, "in 'container'", id, N(container_keys));
        keys(s, yref_get(j->container, "credentials"), "in 'credentials'", id, N(credentials_keys));
    }
    for (size_t i = 0; yref_is_map(j->services) && i < j->services.n->npairs; i++) {
        struct yref svc = yref_pair_value(j->services, i);
        keys(s, svc, "in a service container", id, N(service_keys));
        keys(s, yref_get(svc, "credentials"), "in 'credentials'", id, N(credentials_keys));
    }
    struct yref defaults = yref_get(node, "defaults");
    keys(s, defaults, "in 'defaults'", id, N(defaults_keys));
    keys(s, yref_get(defaults, "run"), "in 'defaults.run'", id, N(defaults_run_keys));
    want_map(s, j->env, "'env'", id);
    check_perms(s, &j->perms, id);
}

/* The job a needs entry names: job ids are case-insensitive in GitHub Actions. */
static const struct wf_job *needed_job(const struct workflow *wf, const char *id)
{
    const struct wf_job *j = wf_job_by_id(wf, id);
    for (size_t i = 0; !j && i < wf->njobs; i++)
        if (!strcasecmp(wf->jobs[i].id, id))
            j = &wf->jobs[i];
    return j;
}

/* needs: every name is a job of the workflow, named once. */
static void check_needs(struct syn *s)
{
    const struct workflow *wf = s->wf;
    const char **ids = xcalloc(wf->njobs + 1, sizeof(char *));
    for (size_t i = 0; i < wf->njobs; i++)
        ids[i] = wf->jobs[i].id;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nneeds; k++) {
            const char *n = j->needs[k];
            if (wf_has_expr(n))
                continue;
            size_t d = 0;
            while (d < k && strcasecmp(j->needs[d], n))
                d++;
            if (d < k) {
                struct yref at = j->needs_at_item[k];
                gha_report_pos(s->ctx, SEV_WARNING, wf, yref_line(at), yref_col(at), 0, at.via,
                               j->id, NULL, "remove the second entry",
                               "job '%s' lists '%s' twice in needs (job ids are "
                               "case-insensitive)",
                               j->id, n);
                continue;
            }
            if (needed_job(wf, n))
                continue;
            const char *near = gha_suggest(n, ids, wf->njobs);
            if (near) {
                char *fix = xstrfmt("write '%s'", near);
                gha_report(s->ctx, wf, j->needs_at_item[k], j->id, NULL, fix,
                           "job '%s' needs '%s', which is not a job of this workflow; did you "
                           "mean '%s'? GitHub rejects the workflow",
                           j->id, n, near);
                free(fix);
            } else
                gha_report(s->ctx, wf, j->needs_at_item[k], j->id, NULL,
                           "name a job of this workflow, or remove the entry",
                           "job '%s' needs '%s', which is not a job of this workflow: GitHub "
                           "rejects the workflow",
                           j->id, n);
        }
    }
    free(ids);
}

/* A cycle in needs: reported once, at the first job of the cycle in file order. */
static int visit(const struct workflow *wf, size_t i, unsigned char *color, size_t *stack,
                 size_t depth, size_t *cycle_start, size_t *cycle_len)
{
    color[i] = 1;
    stack[depth] = i;
    const struct wf_job *j = &wf->jobs[i];
    for (size_t k = 0; k < j->nneeds; k++) {
        const struct wf_job *n = j->needs_job[k] ? j->needs_job[k] : needed_job(wf, j->needs[k]);
        if (!n)
            continue;
        size_t ni = (size_t)(n - wf->jobs);
        if (color[ni] == 1) {
            size_t at = 0;
            while (stack[at] != ni)
                at++;
            *cycle_start = at;
            *cycle_len = depth - at + 1;
            return 1;
        }
        if (!color[ni] && visit(wf, ni, color, stack, depth + 1, cycle_start, cycle_len))
            return 1;
    }
    color[i] = 2;
    return 0;
}

static void check_cycles(struct syn *s)
{
    const struct workflow *wf = s->wf;
    if (wf->njobs > 4096)
        return;
    unsigned char *color = xcalloc(wf->njobs + 1, 1);
    size_t *stack = xcalloc(wf->njobs + 1, sizeof(size_t));
    for (size_t i = 0; i < wf->njobs; i++) {
        size_t start, len;
        if (color[i] || !visit(wf, i, color, stack, 0, &start, &len))
            continue;
        size_t first = stack[start]; /* report at the job that comes first in the file */
        for (size_t k = 0; k < len; k++)
            if (stack[start + k] < first)
                first = stack[start + k];
        struct strbuf sb = STRBUF_INIT;
        size_t from = 0;
        while (stack[start + from] != first)
            from++;
        for (size_t k = 0; k <= len; k++)
            strbuf_addf(&sb, "%s%s", k ? " -> " : "", wf->jobs[stack[start + (from + k) % len]].id);
        gha_report(s->ctx, wf, wf->jobs[first].key, wf->jobs[first].id, NULL,
                   "remove one of the needs entries: a cycle never starts",
                   "the needs of these jobs form a cycle: %s; GitHub rejects the workflow", sb.buf);
        strbuf_release(&sb);
        /* the jobs of this cycle are done; a cycle elsewhere is reported too */
        for (size_t k = 0; k < wf->njobs; k++)
            if (color[k] == 1)
                color[k] = 2;
    }
    free(color);
    free(stack);
}

static void check_aliases(struct syn *s, const struct ynode *n, int depth)
{
    if (!n || n->type == YNODE_ALIAS || depth > YNODE_MAX_DEPTH)
        return;
    for (size_t i = 0; n->type == YNODE_SEQ && i < n->nitems; i++)
        check_aliases(s, n->items[i], depth + 1);
    for (size_t i = 0; n->type == YNODE_MAP && i < n->npairs; i++) {
        const struct ynode *k = n->pairs[i].key;
        if (k->type == YNODE_SCALAR && k->style == YSTYLE_PLAIN && !strcmp(k->str, "<<"))
            gha_report(s->ctx, s->wf, yref_of(k), NULL, NULL,
                       "repeat the keys, or alias the whole map ('env: *defaults')",
                       "YAML merge keys ('<<') are not supported by GitHub Actions");
        check_aliases(s, n->pairs[i].value, depth + 1);
    }
}

/* Expressions that do not parse. */
static void check_exprs(struct rule_ctx *ctx, const struct workflow *wf)
{
    for (size_t i = 0; i < wf->nexprs; i++) {
        const struct wf_expr *e = &wf->exprs[i];
        if (!e->x) {
            char *path = wf_node_path(wf, e->node);
            gha_report_pos(ctx, SEV_NONE, wf, e->line, e->col, 0, NULL, NULL, path,
                           "correct the expression between ${{ and }}", "invalid expression: %s",
                           e->err);
            free(path);
        }
    }
}

static void check_syntax(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    struct syn s = {ctx, wf};
    const struct ydoc *doc = &wf->doc;
    if (!doc->ndocs || (doc->ndocs == 1 && ynode_is_null(doc->docs[0]))) {
        struct anchor a = {wf->file, 1, 1, 0, NULL, NULL};
        rule_report(ctx, &a, "write the workflow ('on:' and 'jobs:'), or delete the file",
                    "the workflow file is empty: GitHub reports it as an invalid workflow");
        return;
    }
    for (size_t i = 1; i < doc->ndocs; i++)
        gha_report(ctx, wf, yref_of(doc->docs[i]), NULL, NULL,
                   "keep one document per file: move this one to its own workflow file",
                   "a second YAML document (after '---'): GitHub reads a workflow file as one "
                   "document");
    for (size_t i = 0; i < doc->ndups; i++)
        gha_report(ctx, wf, yref_of(doc->dups[i].key), NULL, NULL, "merge the two entries into one",
                   "key '%s' appears twice in this map "
                   "(first at line %u): GitHub rejects the workflow",
                   ynode_str(doc->dups[i].key), doc->dups[i].first->line);
    check_aliases(&s, doc->docs[0], 0);
    if (wf->is_action) {
        gha_action_syntax(ctx, wf);
        check_exprs(ctx, wf);
        return;
    }
    if (!yref_is_map(wf->root)) {
        gha_report(ctx, wf, wf->root, NULL, NULL, "start with 'on:' and 'jobs:' keys",
                   "a workflow is a map of keys (name, on, jobs, …), not %s",
                   ynode_type_name(wf->root.n));
        return;
    }
    keys(&s, wf->root, "at the top of the workflow", NULL, N(top_keys));
    check_on(&s);
    check_perms(&s, &wf->perms, NULL);
    want_map(&s, wf->env, "'env'", NULL);
    if (yref_is_map(wf->concurrency))
        keys(&s, wf->concurrency, "in 'concurrency'", NULL, N(concurrency_keys));
    keys(&s, wf->defaults, "in 'defaults'", NULL, N(defaults_keys));
    keys(&s, yref_get(wf->defaults, "run"), "in 'defaults.run'", NULL, N(defaults_run_keys));
    if (!wf->jobs_key.n) {
        struct anchor a = {wf->file, 1, 1, 0, NULL, NULL};
        rule_report(ctx, &a, "add 'jobs:' with at least one job",
                    "the workflow has no 'jobs': it would do nothing");
        return;
    }
    struct yref jobs = wf->jobs_node;
    if (!yref_is_map(jobs) || !jobs.n->npairs) {
        if (yref_is_map(jobs) || !jobs.n || ynode_is_null(jobs.n))
            gha_report(ctx, wf, wf->jobs_key, NULL, NULL,
                       "add a job: 'jobs: {build: {runs-on: ubuntu-latest, steps: [...]}}'",
                       "'jobs' has no job: the workflow would do nothing");
        else
            gha_report(ctx, wf, jobs, NULL, NULL, "write the jobs as a map of job ids",
                       "'jobs' must be a map of jobs, not %s", ynode_type_name(jobs.n));
        return;
    }
    for (size_t i = 0; i < jobs.n->npairs; i++)
        check_job(&s, yref_pair_key(jobs, i), yref_pair_value(jobs, i));
    check_needs(&s);
    check_cycles(&s);
    check_exprs(ctx, wf);
}

/* ---- gha/unknown-name ---- */

static const char *const known_roots[] = {"github",   "env",    "vars",   "job",
                                          "jobs",     "steps",  "runner", "secrets",
                                          "strategy", "matrix", "needs",  "inputs"};
static const char *const github_props[] = {"action",
                                           "action_path",
                                           "action_ref",
                                           "action_repository",
                                           "action_status",
                                           "actor",
                                           "actor_id",
                                           "api_url",
                                           "base_ref",
                                           "env",
                                           "event",
                                           "event_name",
                                           "event_path",
                                           "graphql_url",
                                           "head_ref",
                                           "job",
                                           "path",
                                           "ref",
                                           "ref_name",
                                           "ref_protected",
                                           "ref_type",
                                           "repository",
                                           "repository_id",
                                           "repository_owner",
                                           "repository_owner_id",
                                           "repositoryUrl",
                                           "retention_days",
                                           "run_id",
                                           "run_number",
                                           "run_attempt",
                                           "secret_source",
                                           "server_url",
                                           "sha",
                                           "token",
                                           "triggering_actor",
                                           "workflow",
                                           "workflow_ref",
                                           "workflow_sha",
                                           "workspace"};

struct names {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    const struct wf_expr *e; /* the expression being checked, or NULL (a bare `if:`) */
    const struct ynode *node;
    const char *text;
    const struct ynode *via;
    struct arena *a; /* parsed expressions, for the whole check */
};

static int known_context(struct rule_ctx *ctx, const char *path, const char **near)
{
    size_t rl = strcspn(path, ".");
    char root[64], prop[64];
    *near = NULL;
    if (rl >= sizeof(root))
        return 1;
    memcpy(root, path, rl);
    root[rl] = '\0';
    for (size_t i = 0; i < rl; i++)
        root[i] = (char)tolower((unsigned char)root[i]);
    if (rule_opt_list_has(ctx, "contexts", root, 1))
        return 1;
    int known = 0;
    for (size_t i = 0; i < ARRAY_SIZE(known_roots) && !known; i++)
        known = !strcmp(root, known_roots[i]);
    if (!known) {
        *near = gha_suggest(root, N(known_roots));
        return 0;
    }
    if (strcmp(root, "github") || !path[rl])
        return 1;
    const char *p = path + rl + 1;
    size_t pl = strcspn(p, ".");
    if (pl >= sizeof(prop) || (pl == 1 && *p == '*'))
        return 1;
    memcpy(prop, p, pl);
    prop[pl] = '\0';
    char full[80];
    snprintf(full, sizeof(full), "github.%s", prop);
    if (rule_opt_list_has(ctx, "contexts", full, 1))
        return 1;
    for (size_t i = 0; i < ARRAY_SIZE(github_props); i++)
        if (!strcasecmp(prop, github_props[i]))
            return 1;
    /* GitHub does not reject an unknown property (it is null): only a near miss is a typo */
    *near = gha_suggest(prop, N(github_props));
    return *near == NULL;
}

/* Line and column of offset off inside expression text that starts at (line, col). */
static void expr_pos(const char *text, size_t off, unsigned line, unsigned col, unsigned *l,
                     unsigned *c)
{
    *l = line;
    *c = col;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n')
            return; /* spans lines: the expression's own position */
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            (*c)++;
}

static void check_ref(const struct wfx *ref, void *arg)
{
    struct names *nm = arg;
    const char *near;
    if (known_context(nm->ctx, ref->path, &near))
        return;
    unsigned l, c;
    if (nm->e)
        expr_pos(nm->e->text, ref->off, nm->e->line, nm->e->col + 3, &l, &c);
    else
        expr_pos(nm->text, ref->off, nm->node->line, nm->node->col, &l, &c);
    char *path = wf_node_path(nm->wf, nm->node);
    /* the unknown part: the root, or github.<property> */
    size_t rl = strcspn(ref->path, ".");
    int prop = rl == 6 && !strncasecmp(ref->path, "github", 6) && ref->path[6];
    size_t shown = prop ? 7 + strcspn(ref->path + 7, ".") : rl;
    if (near) {
        char *fix = xstrfmt("write '%s%s'", prop ? "github." : "", near);
        gha_report_pos(nm->ctx, SEV_NONE, nm->wf, l, c, 0, nm->via, NULL, path, fix,
                       "unknown context '%.*s'; did you mean '%s%s'?", (int)shown, ref->path,
                       prop ? "github." : "", near);
        free(fix);
    } else {
        gha_report_pos(nm->ctx, SEV_NONE, nm->wf, l, c, 0, nm->via, NULL, path,
                       "use a context GitHub defines (github, env, vars, job, jobs, steps, "
                       "runner, secrets, strategy, matrix, needs, inputs), or add it to the "
                       "rule's 'contexts' option",
                       "unknown context '%.*s': GitHub rejects the workflow", (int)shown,
                       ref->path);
    }
    free(path);
}

/* A bare `if:` (no `${{ }}`) is an expression too. */
static void names_in_if(struct names *nm, struct yref if_)
{
    const char *s = yref_str(if_);
    if (!s || wf_has_expr(s) || if_.via)
        return;
    const char *err;
    struct wfx *x = wfx_parse(s, strlen(s), nm->a, &err);
    nm->e = NULL;
    nm->node = if_.n;
    nm->text = s;
    if (x && if_.n->style == YSTYLE_PLAIN)
        wfx_refs(x, check_ref, nm);
}

/* GitHub-hosted image names have a shape: a label of that shape missing from the table is one
 * GitHub retired (or not yet added), not a self-hosted label. */
static int hosted_shape(const char *l)
{
    static const char *const shapes[] = {
        "ubuntu-[0-9][0-9].[0-9][0-9]", "ubuntu-[0-9][0-9].[0-9][0-9]-arm",
        "windows-[0-9][0-9][0-9][0-9]", "macos-[0-9][0-9]",
        "macos-[0-9][0-9].[0-9]",       "macos-[0-9][0-9].[0-9][0-9]",
        "macos-[0-9][0-9]-large",       "macos-[0-9][0-9]-xlarge",
        "macos-[0-9][0-9]-intel"};
    for (size_t i = 0; i < ARRAY_SIZE(shapes); i++)
        if (glob_match(shapes[i], l))
            return 1;
    return 0;
}

/* A typo of a GitHub-hosted label: near one (at most two edits), and not a longer name built
 * on it (`ubuntu-24.04-xl` is somebody's larger runner, not a typo). */
static const char *label_typo(const char *low, const char *const *labels, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3, lowl = strlen(low);
    for (size_t i = 0; i < n; i++) {
        if (!strchr(labels[i], '-') || strchr(labels[i], '*'))
            continue; /* x64, arm64, linux: too short to tell a typo from a custom label */
        size_t ll = strlen(labels[i]);
        if (!strncmp(low, labels[i], ll) && low[ll] == '-')
            continue;
        if (ll >= lowl + best_d || lowl >= ll + best_d)
            continue; /* at least that many edits apart */
        size_t d = edit_distance(low, labels[i]);
        if (d < best_d) {
            best_d = d;
            best = labels[i];
        }
    }
    return best;
}

/* GitHub's names (a built-in list from gha_names.h) and those the configuration adds. */
struct table {
    const char **v;
    size_t n;
};

static struct table table_of(struct rule_ctx *ctx, const char *builtin, const char *opt)
{
    size_t nopt, cap = 1;
    const char *const *more = rule_opt_list(ctx, opt, &nopt);
    for (const char *c = builtin; *c; c++)
        cap += *c == ',';
    struct table t = {arena_alloc(rule_arena(ctx), (cap + nopt) * sizeof(char *)), 0};
    for (const char *b = builtin; *b;) {
        size_t len = strcspn(b, ",");
        t.v[t.n++] = arena_strndup(rule_arena(ctx), b, len);
        b += len + (b[len] == ',');
    }
    for (size_t i = 0; i < nopt; i++)
        t.v[t.n++] = more[i];
    return t;
}

static int table_has(const struct table *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (glob_match(t->v[i], s))
            return 1;
    return 0;
}

static void check_label(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                        const struct table *labels, struct yref at, const char *label)
{
    char low[128];
    size_t n = 0;
    for (; label[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)label[n]);
    low[n] = '\0';
    if (table_has(labels, label) || table_has(labels, low))
        return;
    const char *near;
    if (hosted_shape(low)) {
        gha_report(ctx, wf, at, j->id, NULL,
                   "use a current image (ubuntu-latest, ubuntu-24.04, windows-2025, macos-15, …), "
                   "or add the label to the rule's 'runner_labels' option",
                   "runner label '%s' is not a GitHub-hosted runner infralint knows (retired?): "
                   "the job would wait for a runner that never comes",
                   label);
    } else if ((near = label_typo(low, labels->v, labels->n))) {
        char *fix = xstrfmt("write '%s'", near);
        gha_report(ctx, wf, at, j->id, NULL, fix, "unknown runner label '%s'; did you mean '%s'?",
                   label, near);
        free(fix);
    }
}

/* Labels of runs-on (a string, a list, or {group, labels}); `${{ matrix.x }}` stands for the
 * matrix's literal values. */
static void check_runs_on(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                          const struct table *labels)
{
    struct yref ro = j->runs_on;
    if (yref_is_map(ro))
        ro = yref_get(ro, "labels");
    size_t n = yref_is_seq(ro) ? ro.n->nitems : 1;
    for (size_t i = 0; i < n; i++) {
        const char *l = yref_str(yref_is_seq(ro) ? yref_item(ro, i) : ro);
        if (l && !strcasecmp(l, "self-hosted"))
            return; /* every other label is the owner's own */
    }
    for (size_t i = 0; i < n; i++) {
        struct yref it = yref_is_seq(ro) ? yref_item(ro, i) : ro;
        const char *l = yref_str(it);
        if (!l)
            continue;
        if (!wf_has_expr(l)) {
            check_label(ctx, wf, j, labels, it, l);
            continue;
        }
        char name[64];
        int end = 0;
        if (sscanf(l, " ${{ matrix.%63[A-Za-z0-9_-] }}%n", name, &end) != 1 || !end || l[end])
            continue;
        struct yref m = yref_get(j->strategy, "matrix");
        struct yref row = yref_get(m, name);
        for (size_t k = 0; yref_is_seq(row) && k < row.n->nitems; k++) {
            struct yref v = yref_item(row, k);
            if (yref_str(v) && !wf_has_expr(v.n->str) && strcasecmp(v.n->str, "self-hosted"))
                check_label(ctx, wf, j, labels, v, v.n->str);
        }
    }
}

static void check_scopes(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_perms *p,
                         const struct table *scopes, const char *loc)
{
    for (size_t i = 0; p->form == PERMS_MAP && i < p->n; i++) {
        const char *sc = p->v[i].scope;
        if (table_has(scopes, sc))
            continue;
        const char *near = gha_suggest(sc, scopes->v, scopes->n);
        if (near) {
            char *fix = xstrfmt("write '%s'", near);
            gha_report(ctx, wf, p->v[i].key, loc, NULL, fix,
                       "unknown permission scope '%s'; did you mean '%s'?", sc, near);
            free(fix);
        } else
            gha_report(ctx, wf, p->v[i].key, loc, NULL,
                       "use a scope GitHub documents, or add it to the rule's "
                       "'permission_scopes' option if GitHub added it recently",
                       "unknown permission scope '%s'", sc);
    }
}

static void check_unknown_names(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    struct table events = table_of(ctx, GHA_EVENTS, "events");
    struct table scopes = table_of(ctx, GHA_PERMISSION_SCOPES, "permission_scopes");
    struct table labels = table_of(ctx, GHA_RUNNER_LABELS, "runner_labels");
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        if (table_has(&events, t->event))
            continue;
        const char *near = gha_suggest(t->event, events.v, events.n);
        if (near) {
            char *fix = xstrfmt("write '%s'", near);
            gha_report(ctx, wf, t->name_at, NULL, NULL, fix,
                       "unknown event '%s'; did you mean '%s'?", t->event, near);
            free(fix);
        } else
            gha_report(ctx, wf, t->name_at, NULL, NULL,
                       "use an event GitHub documents, or add it to the rule's 'events' option",
                       "unknown event '%s': it would never start the workflow", t->event);
    }
    check_scopes(ctx, wf, &wf->perms, &scopes, NULL);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        check_scopes(ctx, wf, &j->perms, &scopes, j->id);
        check_runs_on(ctx, wf, j, &labels);
    }
    struct names nm = {ctx, wf, NULL, NULL, NULL, NULL, arena_new()};
    for (size_t i = 0; i < wf->nexprs; i++) {
        nm.e = &wf->exprs[i];
        nm.node = nm.e->node;
        if (nm.e->x)
            wfx_refs(nm.e->x, check_ref, &nm);
    }
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        names_in_if(&nm, j->if_);
        for (size_t k = 0; k < j->nsteps; k++)
            names_in_if(&nm, j->steps[k].if_);
    }
    arena_free(nm.a);
}

static const struct rule_option unknown_options[] = {
    {"runner_labels", OPT_STRLIST, "",
     "more runner labels (globs) to accept, besides GitHub's (as of " GHA_NAMES_CHECKED
     "): " GHA_RUNNER_LABELS},
    {"permission_scopes", OPT_STRLIST, "",
     "more GITHUB_TOKEN permission scopes to accept, besides GitHub's: " GHA_PERMISSION_SCOPES},
    {"events", OPT_STRLIST, "",
     "more events to accept, besides those GitHub documents: " GHA_EVENTS},
    {"contexts", OPT_STRLIST, "",
     "more context names (globs) to accept: a root such as 'foo', or 'github.new_property'"},
    {0},
};

/* ---- the label table, for other rules ---- */

const char *gha_runner_labels(void)
{
    return GHA_RUNNER_LABELS;
}

int gha_label_suspect(const char *label)
{
    char low[128];
    size_t n = 0;
    for (; label[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)label[n]);
    low[n] = '\0';
    const char *labels[64];
    char buf[1024];
    size_t nl = 0;
    snprintf(buf, sizeof(buf), "%s", gha_runner_labels());
    for (char *p = buf; *p && nl < ARRAY_SIZE(labels);) {
        labels[nl++] = p;
        p += strcspn(p, ",");
        if (*p)
            *p++ = '\0';
    }
    for (size_t i = 0; i < nl; i++)
        if (glob_match(labels[i], low))
            return 0;
    return hosted_shape(low) || label_typo(low, labels, nl) != NULL;
}

const struct rule gha_syntax_rules[] = {
    {
        .id = "gha/syntax",
        .title = "The workflow is one GitHub accepts",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW | KIND_ACTION,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint syntax-check, job-needs",
        .check = check_syntax,
        .help = "A file that parses as YAML but not as a workflow fails when it is pushed — often "
                "after the change was merged: a workflow without `on` or `jobs`, an empty file, "
                "several YAML documents, a key written twice, YAML merge keys (`<<`, which "
                "GitHub does not support), an unknown key at the top, in a job or in a step "
                "(keys are case-sensitive; the message suggests the nearest one), a job without "
                "`runs-on` that calls no reusable workflow, keys a reusable-workflow call cannot "
                "have, a step with both or neither of `run` and `uses`, an action without "
                "`@ref`, `needs` naming a job that does not exist (with a suggestion) or a cycle "
                "of needs, a permission level GitHub does not accept. Unknown event, runner, "
                "scope and context names are gha/unknown-name instead (GitHub adds them often). "
                "What libyaml itself rejects (tabs, an unclosed quote) is an input error, not a "
                "finding.\n\n"
                "Fix: correct the key, value or structure the message names.",
    },
    {
        .id = "gha/unknown-name",
        .title = "Runner labels, permission scopes, events and contexts are known names",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint runner-label, events, expression",
        .options = unknown_options,
        .check = check_unknown_names,
        .help = "A misspelt event never starts the workflow, a misspelt permission scope or "
                "context fails the run, and a retired runner image leaves the job queued until "
                "it times out. Names come from GitHub's documentation (as of " GHA_NAMES_CHECKED
                "; GitHub adds labels and scopes often, so these are warnings); the options "
                "`runner_labels`, `permission_scopes`, `events` and `contexts` add names to them "
                "(a larger runner of your organisation, a scope newer than infralint). Runner "
                "labels of jobs that ask for "
                "`self-hosted` are the owner's own and not checked; any other label that is "
                "neither in the table, near a known one, nor shaped like a GitHub-hosted image "
                "name is taken as a larger-runner or third-party label and not reported.\n\n"
                "Fix: correct the name (the message suggests the nearest one), or add it to the "
                "rule's option in `.infralint.yaml`.",
    },
    {0},
};
