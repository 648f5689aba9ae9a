/* x_deploy.c — workflows against the plan: the deploy step drives ECS the way the service's
 * deployment controller needs (x/deploy-controller-mismatch), and the Terraform the workflows
 * install is the version the plan was made with and the repository pins
 * (x/terraform-version-drift). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/util.h"
#include "infralint/version.h"
#include "rules.h"
#include "x_join.h"

/* ---- x/deploy-controller-mismatch ---- */

static struct anchor deploy_anchor(const struct xdeploy *d)
{
    struct anchor a = {d->wf->file, d->line, d->col, d->line2, d->job->id, d->path};
    return a;
}

static void related_service(struct rule_ctx *ctx, const struct xsvc *s)
{
    struct anchor a = plan_anchor(s->r, s->ctl_path);
    rule_related(ctx, &a, "service %s uses %s", s->name ? s->name : s->r->address,
                 x_ctl_text(s->ctl));
}

static void related_group(struct rule_ctx *ctx, const struct xsvc *s)
{
    if (!s->group)
        return;
    struct anchor a = plan_anchor(s->group, "deployment_group_name");
    rule_related(ctx, &a, "the CodeDeploy deployment group of %s", s->name);
}

/* Say once per step that the deploy cannot be joined with the plan. */
static void unverifiable(struct rule_ctx *ctx, const struct xdeploy *all, size_t i, const char *why)
{
    for (size_t k = 0; k < i; k++)
        if (all[k].step == all[i].step && all[k].dynamic == all[i].dynamic &&
            !str_cmp0(all[k].service, all[i].service))
            return;
    struct anchor a = deploy_anchor(&all[i]);
    a.line2 = 0;
    rule_report_other(ctx, "infralint/unverifiable", &a,
                      "name the service and cluster literally (or in env:), or pass them as "
                      "literal inputs of the reusable workflow",
                      "%s: whether this deploy matches the service's deployment controller in the "
                      "plan cannot be checked offline",
                      why);
}

/* A deploy of the action without CodeDeploy inputs on a CODE_DEPLOY service: the action falls
 * back to CodeDeploy with its default names. Silent when the plan's group has exactly those. */
static void action_defaults(struct rule_ctx *ctx, const struct xdeploy *d, const struct xsvc *s)
{
    char app[300], group[300];
    snprintf(app, sizeof(app), "AppECS-%s-%s", d->cluster, d->service);
    snprintf(group, sizeof(group), "DgpECS-%s-%s", d->cluster, d->service);
    if (s->app_name && s->group_name && !strcmp(s->app_name, app) && !strcmp(s->group_name, group))
        return;
    struct anchor at = deploy_anchor(d);
    char plan_has[700] = "";
    if (s->app_name && s->group_name)
        snprintf(plan_has, sizeof(plan_has), ", while the plan's group for it is '%s' of '%s'",
                 s->group_name, s->app_name);
    rule_report(ctx, &at,
                "give the step codedeploy-appspec, codedeploy-application and "
                "codedeploy-deployment-group naming the plan's CodeDeploy application and group",
                "deploys %s without CodeDeploy inputs, but the plan gives the service %s: the "
                "action then starts a CodeDeploy deployment of application '%s', group '%s' and "
                "appspec.yaml (its defaults)%s, so the deploy fails",
                d->service, x_ctl_text(s->ctl), app, group, plan_has);
    related_service(ctx, s);
    related_group(ctx, s);
}

/* The CodeDeploy inputs name another application or group than the plan's for the service. */
static void codedeploy_names(struct rule_ctx *ctx, const struct xdeploy *d, const struct xsvc *s)
{
    const char *bad = NULL, *want = NULL, *input = NULL;
    if (d->cd_group && s->group_name && strcmp(d->cd_group, s->group_name)) {
        bad = d->cd_group;
        want = s->group_name;
        input = "codedeploy-deployment-group";
    } else if (d->cd_app && s->app_name && strcmp(d->cd_app, s->app_name)) {
        bad = d->cd_app;
        want = s->app_name;
        input = "codedeploy-application";
    }
    if (!bad)
        return;
    struct yref v = yref_get(d->step->with, input);
    struct anchor at = deploy_anchor(d);
    at.line = yref_line(v);
    at.col = yref_col(v);
    char *path = xstrfmt("jobs.%s.steps[%zu].with.%s", d->job->id, d->step->index, input);
    at.path = path;
    rule_report(ctx, &at, "name the plan's application and deployment group for the service",
                "%s '%s' is not the plan's %s for service %s ('%s'): the deploy fails", input, bad,
                !strcmp(input, "codedeploy-application") ? "CodeDeploy application"
                                                         : "deployment group",
                d->service, want);
    free(path);
    related_group(ctx, s);
}

static void judge(struct rule_ctx *ctx, const struct xdeploy *d, const struct xsvc *s)
{
    if (s->ctl == XCTL_EXTERNAL) {
        struct anchor at = deploy_anchor(d);
        rule_report(ctx, &at, "deploy it with the tool that drives its EXTERNAL controller",
                    "%s %s, but the plan gives the service %s: ECS refuses the deploy",
                    d->how == XD_ACTION ? "the ECS deploy action deploys"
                                        : "aws ecs update-service deploys",
                    d->service, x_ctl_text(s->ctl));
        related_service(ctx, s);
        return;
    }
    if (d->how == XD_ACTION && d->codedeploy && s->ctl == XCTL_ROLLING) {
        struct anchor at = deploy_anchor(d);
        at.line = yref_line(d->cd_at);
        at.col = yref_col(d->cd_at);
        rule_report(ctx, &at,
                    "give the service deployment_controller { type = \"CODE_DEPLOY\" } and a "
                    "deployment group in Terraform, or drop the codedeploy-* inputs",
                    "deploys %s with CodeDeploy inputs, but the plan gives the service %s: the "
                    "action ignores codedeploy-* and replaces the tasks in place, with no "
                    "blue/green traffic shift and no automatic rollback",
                    d->service, x_ctl_text(s->ctl));
        related_service(ctx, s);
        return;
    }
    if (s->ctl != XCTL_CODE_DEPLOY)
        return;
    if (d->how == XD_UPDATE_SERVICE) {
        struct anchor at = deploy_anchor(d);
        rule_report(ctx, &at,
                    "deploy through CodeDeploy: aws deploy create-deployment with the appspec, "
                    "or the ECS deploy action with its codedeploy-* inputs",
                    "aws ecs update-service gives %s a new deployment, but the plan gives the "
                    "service %s: ECS refuses it (a CODE_DEPLOY service changes its tasks only "
                    "through a CodeDeploy deployment), so the deploy fails",
                    d->service, x_ctl_text(s->ctl));
        related_service(ctx, s);
        return;
    }
    if (!d->codedeploy)
        action_defaults(ctx, d, s);
    else
        codedeploy_names(ctx, d, s);
}

static void check_controller(struct rule_ctx *ctx, const struct subject *s)
{
    const struct project *p = s->project;
    const struct xdeploy *deps;
    size_t ndep = x_deploys(ctx, p, &deps);
    if (!ndep)
        return;
    if (!p->nplans)
        return x_no_plan(ctx, p);
    const struct xsvc *svcs;
    size_t nsvc = x_services(ctx, p, &svcs);
    if (!nsvc)
        return;
    for (size_t i = 0; i < ndep; i++) {
        const struct xdeploy *d = &deps[i];
        if (d->dynamic) {
            char why[400];
            snprintf(why, sizeof(why), "the ECS service this step deploys is %s at run time",
                     d->service ? "in a cluster named" : "named");
            unverifiable(ctx, deps, i, why);
            continue;
        }
        int done = 0;
        for (size_t k = 0; k < nsvc && !done; k++) {
            const struct xsvc *sv = &svcs[k];
            if (!sv->name || strcmp(sv->name, d->service))
                continue;
            if (!sv->cluster) {
                char why[400];
                snprintf(why, sizeof(why), "the cluster of %s is known only after apply",
                         sv->r->address);
                unverifiable(ctx, deps, i, why);
                done = 1;
                continue;
            }
            if (strcmp(sv->cluster, d->cluster))
                continue; /* the same name in another cluster */
            done = 1;
            if (sv->ctl == XCTL_UNKNOWN) {
                char why[400];
                snprintf(why, sizeof(why),
                         "the deployment controller of %s is known only after "
                         "apply",
                         sv->r->address);
                unverifiable(ctx, deps, i, why);
                continue;
            }
            judge(ctx, d, sv);
        }
    }
}

/* ---- x/terraform-version-drift ---- */

/* A version the workflows are compared with, and where it is stated. */
struct tf_ref {
    const char *constraint; /* a constraint (configured, or the repository's pin), or NULL */
    int major, minor;       /* a plan's version (constraint NULL) */
    const char *text;       /* for messages: "~> 1.6.0 (.terraform-version)" */
    const char *version;    /* a plan's terraform_version */
    int odd;                /* a plan the workflows all disagree with: reported at the plan */
    struct anchor at;       /* file NULL: configured */
};

/* Does some release major.minor.z satisfy the constraint? */
static int minor_allowed(const char *constraint, int major, int minor)
{
    char v[48];
    for (int z = 0; z < 100; z++) {
        snprintf(v, sizeof(v), "%d.%d.%d", major, minor, z);
        if (version_satisfies(constraint, v) == 1)
            return 1;
    }
    return 0;
}

static int ref_agrees(const struct tf_ref *r, int major, int minor)
{
    if (r->constraint)
        return minor_allowed(r->constraint, major, minor);
    return r->major == major && r->minor == minor;
}

/* The references for the workflows of one repository (w: theirs): the configured constraint, the
 * pins beside the repository's plans, the plans' versions. */
static size_t collect_refs(struct rule_ctx *ctx, const struct project *p, const char *repo,
                           const struct xtfver *w, size_t nw, struct tf_ref *out, size_t cap)
{
    struct arena *a = rule_arena(ctx);
    size_t n = 0;
    const char *configured = rule_opt_str_of(ctx, "tf/terraform-version", "constraint");
    if (*configured) {
        memset(&out[n], 0, sizeof(out[n]));
        out[n].constraint = configured;
        char *t = xstrfmt("tf/terraform-version is configured with %s", configured);
        out[n].text = arena_strdup(a, t);
        free(t);
        n++;
    }
    size_t npins = n;
    for (size_t i = 0; !*configured && i < p->nplans && n < cap; i++) {
        if (!x_in_repo(repo, plan_file(p->plans[i])))
            continue;
        const struct tfpin *pin = plan_pin(p->plans[i]);
        int dup = 0;
        for (size_t k = 0; pin && k < n && !dup; k++)
            dup = out[k].at.file && !strcmp(out[k].at.file, pin->file);
        if (!pin || dup)
            continue;
        memset(&out[n], 0, sizeof(out[n]));
        out[n].constraint = pin->constraint;
        char *t = xstrfmt("the repository pins %s (%s)", pin->written, pin->what);
        out[n].text = arena_strdup(a, t);
        free(t);
        out[n].at.file = pin->file;
        out[n].at.line = pin->line;
        n++;
    }
    npins = n;
    for (size_t i = 0; i < p->nplans && n < cap; i++) {
        struct semver v;
        const char *tv = plan_terraform_version(p->plans[i]);
        if (!x_in_repo(repo, plan_file(p->plans[i])))
            continue;
        if (!tv || version_parse(tv, &v))
            continue;
        /* a plan outside the pins is tf/terraform-version's finding; without pins, a plan
         * that no workflow matches is too: only a plan that agrees with them is a reference */
        int authoritative = 0;
        if (npins) {
            authoritative = 1;
            for (size_t k = 0; k < npins; k++)
                authoritative &= version_satisfies(out[k].constraint, tv) == 1;
        } else {
            for (size_t k = 0; k < nw && !authoritative; k++)
                authoritative = w[k].major == v.major && w[k].minor == v.minor;
        }
        if (!authoritative)
            continue;
        memset(&out[n], 0, sizeof(out[n]));
        out[n].major = (int)v.major;
        out[n].minor = (int)v.minor;
        char *t = xstrfmt("the plan was made with Terraform %s", tv);
        out[n].text = arena_strdup(a, t);
        free(t);
        out[n].version = tv;
        out[n].at.file = plan_file(p->plans[i]);
        out[n].at.path = "terraform_version";
        n++;
    }
    return n;
}

static void report_drift(struct rule_ctx *ctx, const struct xtfver *w, const char *why,
                         const struct tf_ref *refs, size_t nrefs, const struct xtfver *newest)
{
    struct anchor at = {w->wf->file, yref_line(w->at), yref_col(w->at), 0, w->job->id, NULL};
    char *path = xstrfmt("jobs.%s.steps[%zu].with.terraform_version", w->job->id, w->step->index);
    at.path = path;
    rule_report(ctx, &at,
                "install the version the repository pins and the plan is made with, and upgrade "
                "every workflow, the pin and the state together",
                "hashicorp/setup-terraform installs Terraform %s here, but %s: a saved plan made "
                "by one version is refused by the other, and a state written by the newer one "
                "cannot be read by the older",
                w->written, why);
    free(path);
    for (size_t i = 0; i < nrefs; i++)
        if (refs[i].at.file && !ref_agrees(&refs[i], w->major, w->minor))
            rule_related(ctx, &refs[i].at, "%s", refs[i].text);
    if (newest) {
        struct anchor na = {newest->wf->file,     yref_line(newest->at),
                            yref_col(newest->at), 0,
                            newest->job->id,      NULL};
        rule_related(ctx, &na, "job '%s' installs Terraform %s", newest->job->id, newest->written);
    }
}

/* When every workflow that states a version states one major.minor and a plan was made with
 * another, the plan is the odd one: one finding at the plan (with the workflows as related
 * locations) instead of one at each workflow. */
static void odd_plans(struct rule_ctx *ctx, const struct xtfver *w, size_t nw, struct tf_ref *refs,
                      size_t nrefs)
{
    const struct xtfver *first = NULL;
    for (size_t i = 0; i < nw; i++) {
        if (w[i].major < 0)
            continue;
        if (first && (w[i].major != first->major || w[i].minor != first->minor))
            return; /* they disagree among themselves: each is judged on its own */
        if (!first)
            first = &w[i];
    }
    for (size_t k = 0; first && k < nrefs; k++) {
        if (refs[k].constraint || ref_agrees(&refs[k], first->major, first->minor))
            continue;
        int pinned_ok = 1; /* a workflow outside the pin is that workflow's finding */
        for (size_t q = 0; q < nrefs; q++)
            if (refs[q].constraint && !ref_agrees(&refs[q], first->major, first->minor))
                pinned_ok = 0;
        if (!pinned_ok)
            continue;
        refs[k].odd = 1;
        rule_report(ctx, &refs[k].at,
                    "make the plan with the Terraform release the workflows install (or "
                    "upgrade the workflows and the state together)",
                    "the plan was made with Terraform %s, but the workflows that plan and apply "
                    "install %s (hashicorp/setup-terraform): a saved plan is refused by another "
                    "release, and a state written by the newer one cannot be read by the older",
                    refs[k].version, first->written);
        for (size_t i = 0; i < nw; i++)
            if (w[i].major >= 0) {
                struct anchor wa = {
                    w[i].wf->file, yref_line(w[i].at), yref_col(w[i].at), 0, w[i].job->id, NULL};
                rule_related(ctx, &wa, "job '%s' installs Terraform %s", w[i].job->id,
                             w[i].written);
            }
    }
}

/* The workflows of one repository against its references. */
static void drift_in_repo(struct rule_ctx *ctx, const struct project *p, const char *repo,
                          const struct xtfver *w, size_t nw)
{
    struct tf_ref refs[16];
    size_t nrefs = collect_refs(ctx, p, repo, w, nw, refs, ARRAY_SIZE(refs));
    const struct xtfver *newest = NULL;
    size_t literal = 0;
    for (size_t i = 0; i < nw; i++) {
        literal += w[i].major >= 0;
        if (w[i].major >= 0 && (!newest || w[i].major > newest->major ||
                                (w[i].major == newest->major && w[i].minor > newest->minor)))
            newest = &w[i];
    }
    odd_plans(ctx, w, nw, refs, nrefs);
    for (size_t i = 0; i < nw; i++) {
        const struct xtfver *x = &w[i];
        struct anchor at = {x->wf->file, yref_line(x->at), yref_col(x->at), 0, x->job->id, NULL};
        if (x->dynamic) {
            /* said only where there is something to compare with: a test matrix of versions
             * in a repository that pins none is not a drift */
            if (nrefs || literal)
                rule_report_other(ctx, "infralint/unverifiable", &at,
                                  "name the version literally (or in env:)",
                                  "terraform_version is set at run time: whether job '%s' "
                                  "installs the Terraform the plan was made with cannot be "
                                  "checked offline",
                                  x->job->id);
            continue;
        }
        if (x->major < 0) {
            rule_skip(ctx, &at, NULL, "the setup-terraform version is a range");
            continue;
        }
        const struct tf_ref *bad = NULL;
        for (size_t k = 0; k < nrefs && !bad; k++)
            if (!refs[k].odd && !ref_agrees(&refs[k], x->major, x->minor))
                bad = &refs[k];
        if (bad) {
            report_drift(ctx, x, bad->text, refs, nrefs, NULL);
            continue;
        }
        if (nrefs || !newest || newest == x ||
            (newest->major == x->major && newest->minor == x->minor))
            continue;
        char *why = xstrfmt("job '%s' of %s installs Terraform %s", newest->job->id,
                            newest->wf->file, newest->written);
        report_drift(ctx, x, why, refs, nrefs, newest);
        free(why);
    }
}

static void check_version_drift(struct rule_ctx *ctx, const struct subject *s)
{
    const struct project *p = s->project;
    const struct xtfver *w;
    size_t nw = x_tf_versions(ctx, p, &w);
    /* x_tf_versions lists them in workflow order, and the run's workflows of one repository
     * are next to each other only by chance: group them by repository here */
    struct xtfver *mine = arena_alloc(rule_arena(ctx), (nw + 1) * sizeof(*mine));
    unsigned char *done = arena_alloc(rule_arena(ctx), nw + 1);
    memset(done, 0, nw + 1);
    for (size_t i = 0; i < nw; i++) {
        if (done[i])
            continue;
        const char *repo = x_repo_of(ctx, w[i].wf);
        size_t n = 0;
        for (size_t k = i; k < nw; k++)
            if (!done[k] && !strcmp(x_repo_of(ctx, w[k].wf), repo)) {
                mine[n++] = w[k];
                done[k] = 1;
            }
        drift_in_repo(ctx, p, repo, mine, n);
    }
}

const struct rule x_deploy_rules[] = {
    {
        .id = "x/deploy-controller-mismatch",
        .title = "Deploy steps drive ECS the way the plan configures the service",
        .severity = SEV_ERROR,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS, GitHub Actions",
        .check = check_controller,
        .help = "How a workflow deploys an ECS service must match the service's deployment "
                "controller in the plan. `aws-actions/amazon-ecs-deploy-task-definition` with "
                "CodeDeploy inputs (`codedeploy-appspec`, `codedeploy-application`, "
                "`codedeploy-deployment-group`) on a service with the rolling ECS controller "
                "ignores them and replaces the tasks in place: no traffic shift, no automatic "
                "rollback. The action without them on a CODE_DEPLOY service starts a CodeDeploy "
                "deployment of `AppECS-<cluster>-<service>` / `DgpECS-<cluster>-<service>` "
                "(its defaults), and `aws ecs update-service` with a new task definition is "
                "refused by ECS: the deploy fails. CodeDeploy inputs that name another "
                "application or group than the plan's for the service, and any deploy of an "
                "EXTERNAL-controller service, fail too. Services are joined by name and "
                "cluster, written literally in `with:`/the command, in `env:`, or passed as "
                "literal inputs to a reusable workflow; a name set at run time is said once as "
                "infralint/unverifiable. A service deployed rolling and configured rolling, or "
                "blue/green both ways, is fine. Needs the plan in the run.\n\n"
                "Fix: give the deploy step the CodeDeploy inputs naming the plan's application "
                "and group (CODE_DEPLOY services), or drop them (rolling services) — or change "
                "`deployment_controller` in Terraform.",
    },
    {
        .id = "x/terraform-version-drift",
        .title = "Workflows install the Terraform the plan was made with",
        .severity = SEV_WARNING,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_version_drift,
        .help = "A saved plan applies only with the Terraform release that made it, and a state "
                "written by a newer release cannot be read by an older one. The "
                "`terraform_version` that a job which plans or applies gives "
                "`hashicorp/setup-terraform` must agree on major.minor with the constraint of "
                "tf/terraform-version (the configured one, else the repository's "
                "`.terraform-version`, `.tool-versions` or `required_version` beside the plan) "
                "and with the plan's `terraform_version`; without either, workflows that "
                "install different versions disagree with each other (the older one is "
                "reported). A plan outside the pin is tf/terraform-version's finding, not this "
                "one. A version set at run time is said as infralint/unverifiable; a range "
                "(`^1.5.0`, `>=1.5 <1.8`) names no single version and is not compared.\n\n"
                "Fix: give every workflow the pinned version (`terraform_version: 1.6.6`), and "
                "upgrade the pin, the workflows and the state together.",
    },
    {0},
};
