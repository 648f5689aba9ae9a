/* gha_flow.c — the promotion flow: build and test on pull requests,
 * staging on merge to main, production only by hand or tag, behind tests, with environment
 * protection and no overlapping deploys; plus job hygiene (timeouts, tests that cannot fail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

#define MAX_SCENES 32

/* The deploys of every job of a workflow, computed once per check. */
struct flow {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    struct gha_deploy *dep;
};

/* notes: this rule is the one that says where a deploy target is only known at run time
 * (infralint/unverifiable), so that it is said once. */
static void flow_init(struct flow *f, struct rule_ctx *ctx, const struct workflow *wf, int notes)
{
    f->ctx = ctx;
    f->wf = wf;
    f->dep = xcalloc(wf->njobs + 1, sizeof(*f->dep));
    for (size_t i = 0; i < wf->njobs; i++)
        gha_job_deploy(ctx, wf, &wf->jobs[i], notes, &f->dep[i]);
}

static void flow_release(struct flow *f)
{
    free(f->dep);
}

static const char *class_word(unsigned classes)
{
    return classes & ENV_BIT(ENV_PROD) ? "production" : "staging";
}

/* "the environment 'production'", "service 'orders-prod'" — what named the target. */
static void target_text(struct strbuf *sb, const struct wf_job *j, const struct gha_deploy *d)
{
    if (d->callee_job)
        strbuf_addf(sb, "through the reusable workflow '%s' (job '%s', '%s')", j->uses,
                    d->callee_job->id, d->target);
    else if (d->env_classes)
        strbuf_addf(sb, "environment '%s'", d->target);
    else
        strbuf_addf(sb, "'%s'", d->target);
}

/* Jobs with a deploy of class cls reachable in one of the scenes, as "'a', 'b'" (the first few
 * and a count); 0 if none. */
static size_t reached(const struct flow *f, unsigned cls, const struct gha_scene *sc, size_t nsc,
                      struct strbuf *names)
{
    size_t n = 0, njobs = f->wf->njobs;
    int any = 0;
    for (size_t i = 0; i < njobs && !any; i++)
        any = (f->dep[i].classes & cls) != 0;
    if (!any)
        return 0;
    unsigned char *hit = xcalloc(njobs + 1, 1), *one = xcalloc(njobs + 1, 1);
    for (size_t k = 0; k < nsc; k++) {
        gha_reachable_jobs(f->wf, &sc[k], one);
        for (size_t i = 0; i < njobs; i++)
            hit[i] |= one[i];
    }
    struct gha_jobs jobs = {0};
    for (size_t i = 0; i < njobs; i++)
        if ((f->dep[i].classes & cls) && hit[i])
            gha_jobs_add(&jobs, &f->wf->jobs[i], f->wf->jobs[i].key, NULL);
    gha_jobs_names(&jobs, names);
    n = jobs.n;
    gha_jobs_release(&jobs);
    free(hit);
    free(one);
    return n;
}

/* Is every trigger of wf one that may release production (by hand, release, tag push)? */
static int gated(const struct workflow *wf, int depth);

static int gated_trigger(const struct workflow *wf, const struct wf_trigger *t, int depth)
{
    if (!strcmp(t->event, "workflow_dispatch") || !strcmp(t->event, "release") ||
        !strcmp(t->event, "workflow_call"))
        return 1;
    if (!strcmp(t->event, "push"))
        return gha_push_tags_only(t);
    if (!strcmp(t->event, "workflow_run") && depth < 3) {
        for (size_t i = 0; i < t->workflows.n; i++) {
            const struct workflow *up = wf_find_by_name(wf->set, t->workflows.v[i]);
            if (!up || !gated(up, depth + 1))
                return 0;
        }
        return t->workflows.n > 0;
    }
    return 0;
}

static int gated(const struct workflow *wf, int depth)
{
    for (size_t i = 0; i < wf->ntriggers; i++)
        if (!gated_trigger(wf, &wf->triggers[i], depth))
            return 0;
    return 1;
}

/* workflow_run names a workflow that is not in the run: 1, and a note at the trigger. */
static int upstream_missing(struct rule_ctx *ctx, const struct workflow *wf,
                            const struct wf_trigger *t)
{
    for (size_t i = 0; i < t->workflows.n; i++)
        if (!wf_find_by_name(wf->set, t->workflows.v[i])) {
            gha_unverifiable(ctx, wf, t->at, NULL,
                             "check the repository's whole .github/workflows/ directory",
                             "'workflow_run' follows workflow '%s', which is not among the files "
                             "checked: what starts it, and whether it runs tests, cannot be seen",
                             t->workflows.v[i]);
            return 1;
        }
    return 0;
}

/* Is a trigger one a person starts (by hand, by a release, or through a caller)? A tag push is
 * handled per scene. */
static int manual_event(const char *event)
{
    return !strcmp(event, "workflow_dispatch") || !strcmp(event, "release") ||
           !strcmp(event, "workflow_call");
}

/* For each job, the first trigger that starts it without a person (a push to a branch, a pull
 * request, a schedule, …; not a tag push, nor workflow_run, which is judged on its own), or
 * NULL: out[i] for wf->jobs[i]. */
static void automatic_triggers(const struct workflow *wf, const char *const *mains, size_t nm,
                               const char **out)
{
    unsigned char *one = xcalloc(wf->njobs + 1, 1);
    for (size_t t = 0; t < wf->ntriggers; t++) {
        const struct wf_trigger *tr = &wf->triggers[t];
        if (manual_event(tr->event) || !strcmp(tr->event, "workflow_run"))
            continue;
        struct gha_scene sc[MAX_SCENES];
        size_t n = gha_trigger_scenes(tr, mains, nm, sc, MAX_SCENES);
        for (size_t k = 0; k < n; k++) {
            if (!strcmp(tr->event, "push") && sc[k].ref == GREF_TAG)
                continue;
            gha_reachable_jobs(wf, &sc[k], one);
            for (size_t i = 0; i < wf->njobs; i++)
                if (one[i] && !out[i])
                    out[i] = tr->event;
        }
    }
    free(one);
}

/* Does job i, or a job it needs (transitively), check out the repository? state as for
 * tested_before(). */
static int chain_checks_out(const struct workflow *wf, size_t i, unsigned char *state, int depth)
{
    if (state[i] == 2 || state[i] == 3)
        return state[i] == 2;
    if (state[i] == 1 || depth > 1000)
        return 0;
    state[i] = 1;
    const struct wf_job *j = &wf->jobs[i];
    int yes = gha_job_checks_out(j);
    for (size_t k = 0; k < j->nneeds && !yes; k++)
        if (j->needs_job[k])
            yes = chain_checks_out(wf, (size_t)(j->needs_job[k] - wf->jobs), state, depth + 1);
    state[i] = yes ? 2 : 3;
    return yes;
}

/* Does the reusable workflow job j calls get checked on its own (it has triggers of its own and
 * is not only context) and deploy there to the classes cls? Then a finding about its deploy job
 * belongs there, not at every caller. */
static int callee_reports(struct rule_ctx *ctx, const struct wf_job *j, const struct gha_deploy *d,
                          unsigned cls)
{
    if (!j->callee || !d->callee_job || j->callee->context || gha_only_called(j->callee))
        return 0;
    struct gha_deploy own;
    gha_job_deploy(ctx, j->callee, d->callee_job, 0, &own);
    return (own.classes & cls) != 0;
}

static void check_prod_trigger(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    struct flow f;
    flow_init(&f, ctx, wf, 0);
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        if (gated_trigger(wf, t, 0))
            continue;
        struct gha_scene sc[MAX_SCENES];
        size_t n = gha_trigger_scenes(t, mains, nm, sc, MAX_SCENES), kept = 0;
        for (size_t k = 0; k < n; k++) /* a tag push may release production */
            if (!(strcmp(t->event, "push") == 0 && sc[k].ref == GREF_TAG))
                sc[kept++] = sc[k];
        struct strbuf names = STRBUF_INIT;
        size_t hit = reached(&f, ENV_BIT(ENV_PROD), sc, kept, &names);
        if (hit && !(!strcmp(t->event, "workflow_run") && upstream_missing(ctx, wf, t))) {
            const char *when = !strcmp(t->event, "push")           ? " on a push to a branch"
                               : !strcmp(t->event, "workflow_run") ? " after every run of the "
                                                                     "workflow it follows"
                                                                   : "";
            gha_report(ctx, wf, t->at, NULL, NULL,
                       "release production with workflow_dispatch, a release or a tag push "
                       "(`on: push: tags: [v*]`), or guard the job with "
                       "`if: startsWith(github.ref, 'refs/tags/')`",
                       "'%s' starts production deploy job%s %s%s: production must be released "
                       "only by hand, by a release or by a tag push",
                       t->event, hit > 1 ? "s" : "", names.buf, when);
        }
        strbuf_release(&names);
    }
    flow_release(&f);
}

static void check_prod_ref_guard(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    const struct wf_trigger *t = wf_trigger_by_event(wf, "workflow_dispatch");
    if (!t)
        return;
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    struct gha_scene sc = {"workflow_dispatch", GREF_BRANCH, NULL, 0, NULL, mains, nm, ""};
    struct flow f;
    flow_init(&f, ctx, wf, 0);
    unsigned char *runs = xcalloc(wf->njobs + 1, 1);
    gha_reachable_jobs(wf, &sc, runs);
    unsigned char *cstate = xcalloc(wf->njobs + 1, 1);
    struct gha_jobs hit = {0};
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        if (!(f.dep[i].classes & ENV_BIT(ENV_PROD)) || !runs[i])
            continue;
        /* a job that ships nothing of the branch (it never checks out the code: it promotes an
         * image, copies a released layer) deploys the same whichever branch runs it */
        if (!chain_checks_out(wf, i, cstate, 0) ||
            callee_reports(ctx, j, &f.dep[i], ENV_BIT(ENV_PROD)))
            continue;
        gha_jobs_add(&hit, j, j->key, NULL);
    }
    if (hit.n) {
        struct strbuf names = STRBUF_INIT;
        gha_jobs_names(&hit, &names);
        const struct wf_job *j = hit.v[0].j;
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add `if: github.ref == 'refs/heads/main' || startsWith(github.ref, "
                   "'refs/tags/v')` (or limit the environment to protected branches)",
                   "job%s %s deploy%s to production on workflow_dispatch, which runs on any "
                   "branch the person picks, and no 'if:' on github.ref keeps %s to main or a "
                   "release tag",
                   hit.n > 1 ? "s" : "", names.buf, hit.n > 1 ? "" : "s",
                   hit.n > 1 ? "them" : "it");
        gha_jobs_related(ctx, wf, &hit, "no guard on github.ref either");
        strbuf_release(&names);
    }
    gha_jobs_release(&hit);
    free(cstate);
    free(runs);
    flow_release(&f);
}

static void check_prod_environment(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    if (gha_only_called(wf))
        return; /* the calling job is checked, with its inputs */
    struct flow f;
    flow_init(&f, ctx, wf, 1);
    struct gha_jobs bare = {0};
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const struct gha_deploy *d = &f.dep[i];
        if (!(d->classes & ENV_BIT(ENV_PROD)) || (d->env_classes & ENV_BIT(ENV_PROD)) ||
            callee_reports(ctx, j, d, ENV_BIT(ENV_PROD)))
            continue;
        struct strbuf what = STRBUF_INIT;
        target_text(&what, j, d);
        if (!d->has_environment)
            gha_jobs_add(&bare, j, j->key, NULL);
        else if (j->env_name && !wf_has_expr(j->env_name))
            gha_report(ctx, wf, j->env_name_at, j->id, NULL, "name the production environment here",
                       "job '%s' deploys to production (%s) but its environment '%s' is not the "
                       "production environment",
                       j->id, what.buf, j->env_name);
        strbuf_release(&what);
    }
    if (bare.n == 1) {
        const struct wf_job *j = bare.v[0].j;
        struct strbuf what = STRBUF_INIT;
        target_text(&what, j, &f.dep[j - wf->jobs]);
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add 'environment: production' to the job (and set reviewers or branch "
                   "rules on that environment)",
                   "job '%s' deploys to production (%s) without 'environment:': no "
                   "protection rule or required reviewer applies",
                   j->id, what.buf);
        strbuf_release(&what);
    } else if (bare.n) {
        const struct wf_job *j = bare.v[0].j;
        struct strbuf names = STRBUF_INIT;
        gha_jobs_names(&bare, &names);
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add 'environment: production' to each job (and set reviewers or branch "
                   "rules on that environment)",
                   "%zu jobs deploy to production without 'environment:': %s; no protection "
                   "rule or required reviewer applies",
                   bare.n, names.buf);
        gha_jobs_related(ctx, wf, &bare, "no 'environment:' either");
        strbuf_release(&names);
    }
    gha_jobs_release(&bare);
    flow_release(&f);
}

static void check_staging_trigger(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    struct flow f;
    flow_init(&f, ctx, wf, 0);
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        int pr = starts_with(t->event, "pull_request");
        if (!pr && strcmp(t->event, "push"))
            continue;
        struct gha_scene sc[MAX_SCENES];
        size_t n = gha_trigger_scenes(t, mains, nm, sc, MAX_SCENES), kept = 0;
        for (size_t k = 0; k < n; k++)
            if (pr || (sc[k].ref == GREF_BRANCH && !sc[k].main_branch))
                sc[kept++] = sc[k];
        struct strbuf names = STRBUF_INIT;
        size_t hit = reached(&f, ENV_BIT(ENV_STAGING), sc, kept, &names);
        if (hit)
            gha_report(ctx, wf, t->at, NULL, NULL,
                       "deploy staging on 'push: branches: [main]' (after review), not from "
                       "pull requests or other branches",
                       "'%s' starts staging deploy job%s %s %s: staging should get what was "
                       "merged to %s",
                       t->event, hit > 1 ? "s" : "", names.buf,
                       pr ? "for unmerged pull requests"
                          : "on pushes to branches other than "
                            "the main branch",
                       nm ? mains[0] : "main");
        strbuf_release(&names);
    }
    flow_release(&f);
}

/* after[i]: job i needs, directly or through other jobs, a job that runs tests. state: 0 not
 * seen, 1 being decided (a cycle), 2 yes, 3 no; tests[i]: job i runs tests itself. */
static int tested_before(const struct workflow *wf, size_t i, const unsigned char *tests,
                         unsigned char *state, int depth)
{
    if (state[i] == 2 || state[i] == 3)
        return state[i] == 2;
    if (state[i] == 1 || depth > 1000)
        return 0;
    state[i] = 1;
    int yes = 0;
    const struct wf_job *j = &wf->jobs[i];
    for (size_t k = 0; k < j->nneeds && !yes; k++) {
        const struct wf_job *n = j->needs_job[k];
        if (n) {
            size_t ni = (size_t)(n - wf->jobs);
            yes = tests[ni] || tested_before(wf, ni, tests, state, depth + 1);
        }
    }
    state[i] = yes ? 2 : 3;
    return yes;
}

struct status_fn {
    int risky;  /* always(), failure(), !cancelled() */
    int result; /* needs.<job>.result is looked at */
};

static void status_scan(const struct wfx *x, struct status_fn *st, int negated)
{
    if (!x)
        return;
    if (x->kind == WFX_CALL) {
        if ((x->len == 6 && !strncasecmp(x->s, "always", 6)) ||
            (x->len == 7 && !strncasecmp(x->s, "failure", 7)) ||
            (negated && x->len == 9 && !strncasecmp(x->s, "cancelled", 9)))
            st->risky = 1;
    }
    if (x->kind == WFX_REF && starts_with(x->path, "needs.") && ends_with(x->path, ".result"))
        st->result = 1;
    for (size_t i = 0; i < x->nargs; i++)
        status_scan(x->args[i], st, x->kind == WFX_NOT);
}

/* The job runs after failed tests: its if: uses a status function that lets it. */
static int runs_after_failure(const struct wf_job *j)
{
    struct status_fn st = {0, 0};
    status_scan(j->if_x, &st, 0);
    return st.risky && !st.result;
}

static void check_needs_tests(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    if (gha_only_called(wf))
        return; /* tests are the calling workflow's to require */
    struct flow f;
    flow_init(&f, ctx, wf, 0);
    const struct wf_trigger *wr = wf_trigger_by_event(wf, "workflow_run");
    int any = 0;
    for (size_t i = 0; i < wf->njobs && !any; i++)
        any = gha_deploys(&f.dep[i]);
    if (!any) {
        flow_release(&f);
        return;
    }
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    size_t nj = wf->njobs + 1;
    unsigned char *tests = xcalloc(nj, 1), *gates = xcalloc(nj, 1), *state = xcalloc(nj, 1),
                  *gstate = xcalloc(nj, 1), *cstate = xcalloc(nj, 1);
    unsigned char *after_failure = NULL, *by_wr = NULL; /* jobs workflow_run starts (failed) */
    const char **automatic = xcalloc(nj, sizeof(*automatic));
    char **keys = xcalloc(nj, sizeof(*keys)); /* the cause: class and event */
    struct gha_jobs untested = {0}, g = {0};
    automatic_triggers(wf, mains, nm, automatic);
    for (size_t i = 0; i < wf->njobs; i++) {
        tests[i] = (unsigned char)gha_job_runs_tests(ctx, wf, &wf->jobs[i]);
        gates[i] = (unsigned char)(tests[i] || gha_job_plans(&wf->jobs[i]));
    }
    if (wr) {
        struct gha_scene ok = {"workflow_run", GREF_BRANCH, NULL, 1, NULL, NULL, 0, ""};
        struct gha_scene bad = {"workflow_run", GREF_BRANCH, NULL, 1, "failure", NULL, 0, ""};
        by_wr = xcalloc(nj, 1);
        after_failure = xcalloc(nj, 1);
        gha_reachable_jobs(wf, &ok, by_wr);
        gha_reachable_jobs(wf, &bad, after_failure);
    }
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const struct gha_deploy *d = &f.dep[i];
        if (!gha_deploys(d))
            continue;
        const char *cls = class_word(d->classes);
        if (runs_after_failure(j)) {
            gha_report(ctx, wf, j->if_, j->id, NULL,
                       "drop always()/failure()/!cancelled(), or also require "
                       "needs.<tests>.result == 'success'",
                       "deploy job '%s' (%s) runs even when the jobs it needs failed: its 'if:' "
                       "uses a status function",
                       j->id, cls);
            continue;
        }
        /* tests, or for a Terraform apply the plan job that was reviewed, come first */
        if (tests[i] || tested_before(wf, i, tests, state, 0) ||
            (d->terraform && tested_before(wf, i, gates, gstate, 0)))
            continue;
        if (wr && by_wr[i]) {
            if (!after_failure[i]) {
                /* an upstream that is not in view is given the benefit of the doubt */
                int ci_tests = 1;
                for (size_t k = 0; k < wr->workflows.n && ci_tests; k++) {
                    const struct workflow *up = wf_find_by_name(wf->set, wr->workflows.v[k]);
                    if (!up)
                        continue;
                    ci_tests = 0;
                    for (size_t m = 0; m < up->njobs && !ci_tests; m++)
                        ci_tests = gha_job_runs_tests(ctx, up, &up->jobs[m]) ||
                                   (d->terraform && gha_job_plans(&up->jobs[m]));
                }
                if (ci_tests)
                    continue;
                gha_report(ctx, wf, j->key, j->id, NULL,
                           "run the tests in the workflow it follows, or add a test job to "
                           "'needs'",
                           "deploy job '%s' (%s) follows a successful run of a workflow that "
                           "runs no tests",
                           j->id, cls);
                continue;
            }
            gha_report(ctx, wf, j->key, j->id, NULL,
                       "add `if: github.event.workflow_run.conclusion == 'success'` to the job",
                       "deploy job '%s' (%s) runs after the workflow it follows whether that "
                       "run passed or failed",
                       j->id, cls);
            continue;
        }
        /* started only by a person (by hand, a release, a tag), or shipping what was built and
         * tested elsewhere (it never checks out the code): the tests belong to that build */
        if (!automatic[i] || !chain_checks_out(wf, i, cstate, 0))
            continue;
        keys[i] = xstrfmt("%s' on '%s", cls, automatic[i]);
        gha_jobs_add(&untested, j, j->key, keys[i]);
    }
    while (gha_jobs_next(&untested, &g)) {
        const struct wf_job *j = g.v[0].j;
        size_t i = (size_t)(j - wf->jobs);
        const char *cls = class_word(f.dep[i].classes);
        if (g.n == 1) {
            gha_report(ctx, wf, j->key, j->id, NULL,
                       "add 'needs: [test]' (a job that runs the tests), or start the deploy "
                       "from a successful CI run ('on: workflow_run' + a conclusion check)",
                       "deploy job '%s' (%s) starts on '%s' without needing a job that runs "
                       "tests: a broken build can be deployed",
                       j->id, cls, automatic[i]);
            continue;
        }
        struct strbuf names = STRBUF_INIT;
        gha_jobs_names(&g, &names);
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add a job that runs the tests to their 'needs:', or start the deploy from a "
                   "successful CI run ('on: workflow_run' + a conclusion check)",
                   "%zu deploy jobs (%s) start on '%s' without needing a job that runs tests: "
                   "%s; a broken build can be deployed",
                   g.n, cls, automatic[i], names.buf);
        gha_jobs_related(ctx, wf, &g, "no tests needed either");
        strbuf_release(&names);
    }
    for (size_t i = 0; i < wf->njobs; i++)
        free(keys[i]);
    free(keys);
    gha_jobs_release(&untested);
    gha_jobs_release(&g);
    free(tests);
    free(gates);
    free(state);
    free(gstate);
    free(cstate);
    free(automatic);
    free(after_failure);
    free(by_wr);
    flow_release(&f);
}

/* Concurrency in effect for job j: its own, the workflow's, or its callee's. */
static int has_concurrency(const struct workflow *wf, const struct wf_job *j,
                           const struct gha_deploy *d)
{
    if (j->concurrency.n || wf->concurrency.n)
        return 1;
    if (j->callee && (j->callee->concurrency.n || (d->callee_job && d->callee_job->concurrency.n)))
        return 1;
    return 0;
}

/* Does job i run only for tag pushes and releases (every other scene of every trigger leaves
 * it out)? */
static int runs_on_tags_only(struct rule_ctx *ctx, const struct workflow *wf, size_t i)
{
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    unsigned char *runs = xcalloc(wf->njobs + 1, 1);
    int other = 0;
    for (size_t t = 0; t < wf->ntriggers && !other; t++) {
        struct gha_scene sc[MAX_SCENES];
        size_t n = gha_trigger_scenes(&wf->triggers[t], mains, nm, sc, MAX_SCENES);
        for (size_t k = 0; k < n && !other; k++) {
            if (sc[k].ref == GREF_TAG)
                continue;
            gha_reachable_jobs(wf, &sc[k], runs);
            other = runs[i];
        }
    }
    free(runs);
    return !other;
}

/* Is the concurrency group one per ref (or per commit, per run)? Two runs then share it only
 * when the same ref runs again. */
static int group_per_ref(struct yref conc)
{
    const char *g = yref_str(yref_get(conc, "group"));
    return g && (strcasestr(g, "github.ref") || strcasestr(g, "github.sha") ||
                 strcasestr(g, "github.run_id"));
}

static void check_concurrency(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    if (gha_only_called(wf))
        return;
    struct flow f;
    flow_init(&f, ctx, wf, 0);
    int wf_cancel_said = 0;
    struct gha_jobs bare = {0}, g = {0}; /* deploy jobs without a group: one cause per class */
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const struct gha_deploy *d = &f.dep[i];
        if (!gha_deploys(d))
            continue;
        if (!has_concurrency(wf, j, d)) {
            if (!callee_reports(ctx, j, d, d->classes))
                gha_jobs_add(&bare, j, j->key, class_word(d->classes));
            continue;
        }
        if (!(d->classes & ENV_BIT(ENV_PROD)))
            continue;
        struct yref cancels[2] = {yref_get(j->concurrency, "cancel-in-progress"),
                                  yref_get(wf->concurrency, "cancel-in-progress")};
        for (int k = 0; k < 2; k++) {
            int b;
            if (!cancels[k].n || ynode_bool(cancels[k].n, &b) || !b || (k == 1 && wf_cancel_said))
                continue;
            /* a release run of a tag is cancelled only by a run of the same tag (pushed again):
             * hygiene, not a deploy cut off by the next release */
            if (group_per_ref(k ? wf->concurrency : j->concurrency) &&
                rule_persona(ctx) < PERSONA_PEDANTIC && runs_on_tags_only(ctx, wf, i))
                continue;
            wf_cancel_said |= k == 1;
            gha_report(ctx, wf, cancels[k], j->id, NULL,
                       "set 'cancel-in-progress: false': the next run waits instead",
                       "production deploy job '%s' can be cancelled half-way by the next run "
                       "('cancel-in-progress: true')",
                       j->id);
        }
    }
    while (gha_jobs_next(&bare, &g)) {
        const struct wf_job *j = g.v[0].j;
        const char *cls = g.v[0].key;
        if (g.n == 1) {
            char *fix = xstrfmt("add 'concurrency: {group: deploy-%s, cancel-in-progress: "
                                "false}' to the job (or the workflow)",
                                cls);
            gha_report(ctx, wf, j->key, j->id, NULL, fix,
                       "deploy job '%s' (%s) has no concurrency group: two runs can deploy at "
                       "the same time and finish in the wrong order",
                       j->id, cls);
            free(fix);
            continue;
        }
        struct strbuf names = STRBUF_INIT;
        gha_jobs_names(&g, &names);
        char *fix = xstrfmt("add 'concurrency: {group: deploy-%s, cancel-in-progress: false}' "
                            "to the workflow (or to each job)",
                            cls);
        gha_report(ctx, wf, j->key, j->id, NULL, fix,
                   "%zu deploy jobs (%s) have no concurrency group, neither on the job nor on "
                   "the workflow: %s; two runs can deploy at the same time and finish in the "
                   "wrong order",
                   g.n, cls, names.buf);
        gha_jobs_related(ctx, wf, &g, "no concurrency group either");
        free(fix);
        strbuf_release(&names);
    }
    gha_jobs_release(&bare);
    gha_jobs_release(&g);
    flow_release(&f);
}

static int literal_true(struct yref v)
{
    int b;
    if (yref_str(v) && ynode_bool(v.n, &b) == 0)
        return b;
    return yref_str(v) && !strcmp(v.n->str, "true"); /* "true" quoted is true to GitHub too */
}

/* Does a step after st in job j read st's result (`steps.<id>.outcome`, `.conclusion` or an
 * output): a gate that can still fail the job, or a report of the result? */
static int result_read_later(const struct workflow *wf, const struct wf_job *j,
                             const struct wf_step *st)
{
    if (!st->id || !st->node.n || !j->node.n)
        return 0;
    char ref[160];
    int rl = snprintf(ref, sizeof(ref), "steps.%s.", st->id);
    if (rl <= 0 || (size_t)rl >= sizeof(ref))
        return 0;
    for (size_t k = (size_t)(st - j->steps) + 1; k < j->nsteps; k++) { /* if: needs no ${{ }} */
        const char *c = yref_str(j->steps[k].if_);
        if (c && str_find_case(c, ref))
            return 1;
    }
    for (size_t i = wf_expr_index(wf, st->node.n->end);
         i < wf->nexprs && wf->exprs[i].node->start < j->node.n->end; i++) {
        const struct wf_expr *e = &wf->exprs[i];
        for (size_t k = 0; k + (size_t)rl <= e->len; k++)
            if (!strncasecmp(e->text + k, ref, (size_t)rl))
                return 1;
    }
    return 0;
}

static void check_tests_coe(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        if (literal_true(j->coe) && gha_job_runs_tests(ctx, wf, j)) {
            char *path = gha_path(j, NULL, "continue-on-error");
            gha_report(ctx, wf, j->coe, j->id, path,
                       "remove 'continue-on-error' (or mark only a known-flaky matrix entry with "
                       "'continue-on-error: ${{ matrix.experimental }}')",
                       "job '%s' runs tests with 'continue-on-error: true': failing tests no "
                       "longer fail the workflow",
                       j->id);
            free(path);
        }
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            if (!literal_true(st->coe) || !gha_step_runs_tests(ctx, st))
                continue;
            /* a later step reads the result: a gate that fails the job after the reports are
             * uploaded, or advisory tests whose outcome is posted (pedantic) */
            if (rule_persona(ctx) < PERSONA_PEDANTIC && result_read_later(wf, j, st))
                continue;
            char *path = gha_path(j, st, "continue-on-error");
            gha_report(ctx, wf, st->coe, j->id, path, "remove 'continue-on-error' from the step",
                       "a step of job '%s' runs tests with 'continue-on-error: true': failing "
                       "tests no longer fail the job",
                       j->id);
            free(path);
        }
    }
}

static void check_timeout(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        if (j->uses || j->timeout.n)
            continue; /* a reusable workflow call cannot set one: its jobs do */
        gha_report(ctx, wf, j->key, j->id, NULL,
                   "add 'timeout-minutes:' a little above the job's usual duration",
                   "job '%s' has no 'timeout-minutes': a hung step holds the runner for 6 hours",
                   j->id);
    }
}

/* Does the job validate infrastructure code, the test of a Terraform repository (`terraform
 * validate`, tflint, pre-commit hooks)? */
static int validates(const struct wf_job *j)
{
    static const char *const words[] = {"terraform validate", "tofu validate", "tflint",
                                        "pre-commit run", "terragrunt validate"};
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *st = &j->steps[i];
        if (st->uses && strcasestr(st->uses, "pre-commit"))
            return 1;
        for (size_t k = 0; st->run && k < ARRAY_SIZE(words); k++)
            if (str_find(st->run, words[k]))
                return 1;
    }
    return 0;
}

/* Does command w build the code or run the repository's own CI: a build tool (go build, cargo
 * build, mvn, gradle, sbt, dotnet build, npm/yarn/pnpm run build, docker build, cdk synth, make
 * with no target), or a script or target named like build, ci, test or check
 * (`./script/ci`, `scripts/build-java.sh`, `make ci`)? */
static void build_command(char *const *w, size_t n, void *arg)
{
    static const char *const pats[] = {"go build",
                                       "go vet",
                                       "cargo build",
                                       "cargo check",
                                       "mvn",
                                       "mvnw",
                                       "gradle",
                                       "gradlew",
                                       "sbt",
                                       "dotnet build",
                                       "npm run build*",
                                       "yarn build*",
                                       "pnpm build*",
                                       "pnpm run build*",
                                       "yarn run build*",
                                       "docker build",
                                       "cdk synth",
                                       "bazel build",
                                       "bazel test",
                                       "tox",
                                       "nox"};
    static const char *const words[] = {"build", "ci",     "test",  "tests",
                                        "check", "checks", "verify"};
    int *yes = arg;
    if (*yes || !n)
        return;
    if (n == 1 && !strcmp(w[0], "make")) {
        *yes = 1;
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(pats) && !*yes; i++)
        *yes = gha_command_matches(pats[i], w, n);
    if (!*yes)
        *yes = gha_script_named_any(w, n, words, ARRAY_SIZE(words));
}

/* Does the job build the code (RULES.md: "build/test" on pull requests)? */
static int builds(const struct wf_job *j)
{
    int yes = 0;
    for (size_t i = 0; i < j->nsteps && !yes; i++)
        if (j->steps[i].run)
            gha_commands(j->steps[i].run, build_command, &yes);
    return yes;
}

/* Does a workflow run tests before changes reach main: on pull requests, or on pushes to other
 * branches (CI on every push tests a branch before it is merged)? */
static int tests_on_pr(struct rule_ctx *ctx, const struct workflow *wf)
{
    size_t nm;
    const char *const *mains = rule_opt_list(ctx, "main_branches", &nm);
    unsigned char *runs = xcalloc(wf->njobs + 1, 1), *one = xcalloc(wf->njobs + 1, 1);
    for (size_t t = 0; t < wf->ntriggers; t++) {
        const struct wf_trigger *tr = &wf->triggers[t];
        int pr = !strcmp(tr->event, "pull_request") || !strcmp(tr->event, "merge_group");
        if (!pr && strcmp(tr->event, "push"))
            continue;
        struct gha_scene sc[MAX_SCENES];
        size_t n = gha_trigger_scenes(tr, mains, nm, sc, MAX_SCENES);
        for (size_t k = 0; k < n; k++) {
            if (!pr && (sc[k].ref != GREF_BRANCH || sc[k].main_branch))
                continue;
            gha_reachable_jobs(wf, &sc[k], one);
            for (size_t i = 0; i < wf->njobs; i++)
                runs[i] |= one[i];
        }
    }
    int yes = 0;
    for (size_t i = 0; i < wf->njobs && !yes; i++)
        yes =
            runs[i] && (gha_job_runs_tests(ctx, wf, &wf->jobs[i]) || gha_job_plans(&wf->jobs[i]) ||
                        validates(&wf->jobs[i]) || builds(&wf->jobs[i]));
    free(runs);
    free(one);
    return yes;
}

static void check_pr_checks(struct rule_ctx *ctx, const struct subject *s)
{
    const struct wf_set *set = s->wfs;
    if (!set->is_repo)
        return; /* loose workflow files: the repository is not in view */
    for (size_t i = 0; i < set->n; i++)
        if (tests_on_pr(ctx, set->v[i]))
            return;
    struct anchor a = {set->dir, 0, 0, 0, NULL, NULL};
    rule_report(ctx, &a,
                "add a workflow 'on: pull_request' with a job that builds and runs the tests",
                "no workflow builds or tests the code on pull_request: changes reach main "
                "untested");
}

#define TEST_COMMANDS                                                                              \
    "make test*,make check*,make ci,make pr,make verify*,make e2e*,make unit*,make integration*,"  \
    "go test,gotestsum,npm test*,npm run test*,npm t,yarn test*,"                                  \
    "yarn run test*,pnpm test*,pnpm run test*,bun test,deno test,jest,vitest,mocha,karma,"         \
    "playwright test,cypress run,pytest,py.test,tox,nox,cargo test,cargo nextest,mvn test,"        \
    "mvn verify,mvnw test,mvnw verify,gradle test,gradle check,gradlew test,gradlew check,"        \
    "rspec,rake test*,rake spec,ctest,dotnet test,mix test,phpunit,bats,swift test,"               \
    "flutter test,zig build test,hatch test,just test*"

#define TEST_OPTIONS                                                                               \
    {"test_commands", OPT_STRLIST, TEST_COMMANDS,                                                  \
     "commands that run tests: the program, then words (globs) that follow it"},                   \
        {"test_jobs", OPT_STRLIST, "*test*",                                                       \
         "job ids or names (globs, lowercase) taken as test jobs whatever they run"},              \
    {                                                                                              \
        "test_workflows", OPT_STRLIST,                                                             \
            "ci,ci-*,*-ci,ci_*,*_ci,*test*,check,checks,*-checks,verify,*quality*",                \
            "reusable workflows (file names without .yml, globs, lowercase) taken as running the " \
            "tests"                                                                                \
    }
#define BRANCH_OPTIONS                                                                             \
    {                                                                                              \
        "main_branches", OPT_STRLIST, "main,master", "names of the main branch"                    \
    }

static const struct rule_option test_options[] = {TEST_OPTIONS, {0}};
static const struct rule_option branch_options[] = {BRANCH_OPTIONS, {0}};
/* the rules that ask which triggers start a job that tests or deploys */
static const struct rule_option test_flow_options[] = {TEST_OPTIONS, BRANCH_OPTIONS, {0}};

#define DEPLOY_HELP                                                                                \
    "A job deploys on evidence: a deploy action "                                                  \
    "(`aws-actions/amazon-ecs-deploy-task-definition`, "                                           \
    "a CodeDeploy action), a deploy command (`aws ecs update-service`, `aws deploy "               \
    "create-deployment`, `aws cloudformation deploy`, `aws lambda update-function-code`, "         \
    "`cdk|sam|"                                                                                    \
    "serverless deploy`, `pulumi up`, `helm upgrade`, `kubectl apply`, `terraform`/`tofu`/"        \
    "`terragrunt apply`), a script or make/just/task/npm target named like a deploy (a name part " \
    "`deploy`, `apply`, `release`, `promote` or `rollout`: `bash scripts/terraform-apply.sh`, "    \
    "`make "                                                                                       \
    "release-deploy`), or an `environment:` named like an environment (configurable patterns: "    \
    "`prod`, `production`, `orders-prod`, `staging`, …). Where it deploys: what its commands "   \
    "name "                                                                                        \
    "(their arguments; for scripts and targets the positional ones, `ENV=`/`--env`, and env vars " \
    "such as `ENVIRONMENT`, `STAGE`, `TF_WORKSPACE`; the working directory), else its "            \
    "`environment:`; values from `env:`, `with:` of a calling job, a `type: choice` input or a "   \
    "static matrix are followed. An `environment:` is evidence only beside a step that may "       \
    "release: a job that deploys by no command and whose steps only read (set-up, log-in and "     \
    "notification actions, artifact uploads, downloads, `aws … get-*|describe-*|list-*`, "       \
    "`az|gcloud … show|list|get-credentials`, `kubectl get`, `helm diff|template`, dry runs), "  \
    "test or check (a script, target, subcommand or action named like a test, smoke test, check, " \
    "validation, plan or upkeep: `yarn smoke:ci`, `newrelic-admin validate-config`, "              \
    "`scripts/renew-certs.sh`), or that plans (`terraform plan`, the review step of an apply) "    \
    "and "                                                                                         \
    "runs no other command that may release, deploys nothing, whatever its environment says: it "  \
    "takes the environment for its secrets. A script named like a deploy that tests one "          \
    "(`smoke:deploy:ci`) is a test. A helm chart given by path (`production/helm/app`) and the "   \
    "files inside it are code, not a target; helm and kubectl deploys into a cluster the job "     \
    "starts on the runner (kind, k3d, minikube) go nowhere. A script or target that names no "     \
    "environment, in a job without `environment:`, is an "                                         \
    "infralint/unverifiable note (auditor persona). A job that calls a reusable workflow of the "  \
    "same repository deploys where the called jobs do; when that workflow is checked on its own "  \
    "(it has triggers of its own), a finding about its deploy job is reported there, not again "   \
    "at "                                                                                          \
    "the caller. "

const struct rule gha_flow_rules[] = {
    {
        .id = "gha/prod-deploy-trigger",
        .title = "Production is deployed only by hand, by a release or by a tag",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS, GitHub Actions, 10.4",
        .options = branch_options,
        .check = check_prod_trigger,
        .help = DEPLOY_HELP
        "The promotion flow ends with a manual step: production is released by "
        "`workflow_dispatch`, a `release`, or a push of tags only. Any other trigger that can "
        "reach a production deploy job (a push to a branch, a schedule, a pull request, "
        "`workflow_run` of a workflow that is not itself so gated) is reported once, at the "
        "event's key, naming the jobs. A job whose `if:` rules the event out (e.g. "
        "`startsWith(github.ref, 'refs/tags/')`, `github.ref_type == 'tag'` or "
        "`contains(github.ref, 'refs/tags/')` on a push; conditions are evaluated as GitHub "
        "would for each kind of run, `&&`, `||`, `!` and `github.event_name` included) is not "
        "reached.\n\n"
        "Fix: trigger production with `workflow_dispatch`, `release` or `push: tags:`, or "
        "guard the job with an `if:` on the tag ref.",
    },
    {
        .id = "gha/prod-ref-guard",
        .title = "A manual production deploy is limited to main or a release tag",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "promotion flow",
        .options = branch_options,
        .check = check_prod_ref_guard,
        .help =
            "`workflow_dispatch` runs on whatever branch the person picks in the UI, so a "
            "production deploy job started by it can ship an unreviewed branch. Reported at "
            "the job key when neither its `if:` nor that of a job it needs keeps the run to "
            "the main branch or a tag (infralint evaluates the condition for a run on "
            "another branch). A job that uses none of the branch's code (it never checks "
            "out the repository nor runs its scripts: it promotes an image, copies a "
            "released layer) deploys the same whichever branch runs it, and is not "
            "reported. Deployment branch rules on the environment do the same in "
            "repository settings, which infralint cannot see. Several such jobs of one workflow "
            "are one finding, at the first job's key, naming them (the first few and a "
            "count), the others as related locations.\n\n"
            "Fix: `if: github.ref == 'refs/heads/main' || startsWith(github.ref, "
            "'refs/tags/v')` on the job.",
    },
    {
        .id = "gha/prod-deploy-environment",
        .title = "A production deploy job names the production environment",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "promotion flow",
        .check = check_prod_environment,
        .help = DEPLOY_HELP
        "Environment protection rules (required reviewers, wait timers, branch rules) and "
        "environment secrets apply only to jobs that name the environment. A job that deploys "
        "to production without `environment:` (at the job key), or with one that is not the "
        "production environment (at its value), bypasses them. An environment set at run time "
        "is an infralint/unverifiable note, not an error. Several jobs of one workflow without "
        "`environment:` are one finding, at the first job's key, naming them (the first few "
        "and a count), the others as related locations.\n\n"
        "Fix: `environment: production` on the job, and configure reviewers on it.",
    },
    {
        .id = "gha/staging-deploy-trigger",
        .title = "Staging is deployed from the main branch",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS, GitHub Actions",
        .options = branch_options,
        .check = check_staging_trigger,
        .help = DEPLOY_HELP
        "Staging mirrors production and gets what was merged to main. A staging deploy job "
        "reachable from `pull_request*` (unmerged code) or from pushes to branches other than "
        "the main branch (`main_branches` option) is reported at the event key.\n\n"
        "Fix: deploy staging on `push: branches: [main]`.",
    },
    {
        .id = "gha/deploy-needs-tests",
        .title = "Deploys run only after tests passed",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "promotion flow",
        .options = test_flow_options,
        .check = check_needs_tests,
        .help = DEPLOY_HELP
        "A staging or production deploy job that starts without a person (a push to a branch, "
        "a pull request, a schedule, `workflow_run`, …) must run after the tests: it `needs` "
        "(directly or through other jobs) a job that runs tests, runs them itself, or its "
        "workflow starts on `workflow_run` of a CI workflow that runs tests and the job checks "
        "`github.event.workflow_run.conclusion == 'success'`. For a Terraform apply the plan job "
        "it needs is its gate (the plan that was reviewed). A job runs tests when a `run:` step "
        "calls a test command (`test_commands` option: make test, make check/ci/pr/verify, go "
        "test, npm test, pytest, cargo test, mvn verify, …), when a step's name says it runs "
        "tests (\"Run all tests, linting and baselines\", \"Unit tests\"; not \"Upload test "
        "results\"), when its id or name says so (`test_jobs`), or when it calls a reusable "
        "workflow that does or is named like CI or tests (`test_workflows`: `ci.yml`, "
        "`go-ci.yml`, `integration-tests.yml`, …). A deploy started only by a person "
        "(`workflow_dispatch`, a release, a tag push) releases a version someone chose, whose "
        "tests ran in its own CI (gha/prod-ref-guard keeps it to main or a tag), and one that "
        "never checks out the code ships what was built and tested elsewhere (it promotes an "
        "image, copies a released layer): neither is reported. An `if:` with `always()`, "
        "`failure()` "
        "or `!cancelled()` (without looking at `needs.<job>.result`) lets the deploy run after "
        "failed tests, and is reported at the `if:`. Reusable workflows are checked at their "
        "callers. Several deploy jobs of one workflow that start on the same event of one "
        "class without tests are one finding, at the first job's key, naming them (the first "
        "few and a count), the others as related locations.\n\n"
        "Fix: `needs: [test]` on the deploy job, or a `workflow_run` trigger with a "
        "conclusion check.",
    },
    {
        .id = "gha/pr-checks",
        .title = "Some workflow runs the tests on pull requests",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOWS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS, GitHub Actions",
        .options = test_flow_options,
        .check = check_pr_checks,
        .help = "The first gate of the promotion flow is CI on the pull request. Reported once "
                "per repository (at its `.github/workflows` directory, no line) when no workflow "
                "triggered by `pull_request` has a job that runs tests (see "
                "gha/deploy-needs-tests for what counts; for infrastructure code `terraform "
                "validate|plan`, tflint or pre-commit hooks count too) or builds the code (go "
                "build, cargo build, mvn, gradle, sbt, `npm run build`, docker build, cdk synth, a "
                "bare `make`, or a script or target named like build, ci, test or check: "
                "`./script/ci`, `scripts/build-java.sh`); CI that runs on pushes to "
                "every branch (or to "
                "branches other than the main one) tests a change before it is merged and "
                "counts too. Only checked when the repository's "
                "`.github/workflows/` directory is in view: a workflow named on the command line "
                "brings its siblings along.\n\n"
                "Fix: add a workflow `on: pull_request` whose job builds and runs the tests.",
    },
    {
        .id = "gha/deploy-concurrency",
        .title = "Deploys do not overlap, and production deploys are never cancelled",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS, GitHub Actions (no overlapping releases)",
        .check = check_concurrency,
        .options = branch_options,
        .help = DEPLOY_HELP
        "Two runs deploying at once (two quick merges) can finish in the wrong order and leave "
        "the older version live. A staging or production deploy job with neither job- nor "
        "workflow-level `concurrency` (nor one in the reusable workflow it calls) is reported "
        "once, at the job key. A production deploy under `cancel-in-progress: true` can be cut "
        "off half-way by the next run, and is reported at that value (at the default persona not "
        "when the job runs only for tags and releases and the group is one per ref, as "
        "`${{ github.workflow }}-${{ github.ref }}`: only a run of the same tag cancels it). "
        "Several deploy jobs of one workflow without a group are one finding (they share the "
        "cause), at the first job, naming them, the others as related locations.\n\n"
        "Fix: `concurrency: {group: deploy-production, cancel-in-progress: false}`.",
    },
    {
        .id = "gha/tests-continue-on-error",
        .title = "Failing tests fail the workflow",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "promotion flow",
        .options = test_options,
        .check = check_tests_coe,
        .help = "`continue-on-error: true` on a job or step that runs tests turns a red build "
                "green, and every gate that relies on the tests with it. A value set by an "
                "expression (a known-flaky matrix entry) is not reported, nor (below `--persona "
                "pedantic`) a step whose result a later step reads (`steps.<id>.outcome`, "
                "`.conclusion` or an output): a gate that fails the job once the logs are "
                "uploaded, or advisory tests whose outcome is posted.\n\n"
                "Fix: remove it; quarantine flaky tests by name instead.",
    },
    {
        .id = "gha/job-timeout",
        .title = "Jobs have a timeout",
        .severity = SEV_NOTE,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "hygiene",
        .check = check_timeout,
        .help = "Without `timeout-minutes` a hung job runs for GitHub's default of 6 hours, "
                "holding a runner (and, for a deploy, the concurrency group). Jobs that call a "
                "reusable workflow cannot set one and are not reported.\n\n"
                "Fix: `timeout-minutes:` a little above the job's usual duration.",
    },
    {0},
};
