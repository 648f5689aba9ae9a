/* x_join.c — joining plans, workflows and migrations for the x/ rules (see x_join.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "runpos.h"
#include "tf_util.h"
#include "x_join.h"

/* An array the joins collect into the check's arena (freed when the check returns). */
struct xvec {
    void *v;
    size_t n, alloc;
};

/* Append a zeroed element of size sz and return it. */
static void *xvec_add(struct arena *a, struct xvec *x, size_t sz)
{
    if (x->n == x->alloc) {
        size_t na = x->alloc ? 2 * x->alloc : 8;
        void *nv = arena_alloc(a, na * sz);
        if (x->n)
            memcpy(nv, x->v, x->n * sz);
        x->v = nv;
        x->alloc = na;
    }
    void *e = (char *)x->v + x->n++ * sz;
    memset(e, 0, sz);
    return e;
}

/* ---- ECS services of the plans ---- */

/* The cluster name in a cluster value: an ARN's last part (…:cluster/NAME), or the name. */
static const char *cluster_name(struct arena *a, const char *v)
{
    const char *slash = starts_with(v, "arn:") ? strrchr(v, '/') : NULL;
    return slash ? arena_strdup(a, slash + 1) : v;
}

struct cluster_hunt {
    const char *name;
};

static void cluster_target(const struct plan_resource *t, void *arg)
{
    struct cluster_hunt *h = arg;
    if (!h->name && !strcmp(t->type, "aws_ecs_cluster"))
        h->name = plan_string(t, "name");
}

static const char *service_cluster(struct arena *a, const struct plan_resource *r)
{
    struct attr c = plan_attr(r, "cluster");
    if (c.state == ATTR_UNSET && !plan_configured(r, "cluster"))
        return "default"; /* ECS's own default cluster */
    const char *v = plan_string(r, "cluster");
    if (v)
        return cluster_name(a, v);
    struct cluster_hunt h = {NULL};
    plan_each_target(r, "cluster", cluster_target, &h);
    return h.name;
}

static enum xctl service_ctl(const struct plan_resource *r, const char **path)
{
    struct attr ctl = plan_attr(r, "deployment_controller.0.type");
    struct attr strat = plan_attr(r, "deployment_configuration.0.strategy");
    *path = "deployment_controller.0.type";
    if (ctl.state == ATTR_UNKNOWN || ctl.sensitive)
        return XCTL_UNKNOWN;
    const char *c = ctl.state == ATTR_KNOWN ? pval_str(ctl.v) : NULL;
    if (c && !strcmp(c, "CODE_DEPLOY"))
        return XCTL_CODE_DEPLOY;
    if (c && !strcmp(c, "EXTERNAL"))
        return XCTL_EXTERNAL;
    if (c && strcmp(c, "ECS"))
        return XCTL_UNKNOWN;
    if (strat.state == ATTR_UNKNOWN || strat.sensitive) {
        *path = "deployment_configuration.0.strategy";
        return XCTL_UNKNOWN;
    }
    const char *st = strat.state == ATTR_KNOWN ? pval_str(strat.v) : NULL;
    if (st && !strcmp(st, "BLUE_GREEN")) {
        *path = "deployment_configuration.0.strategy";
        return XCTL_NATIVE_BG;
    }
    return XCTL_ROLLING;
}

struct app_hunt {
    const char *name;
};

static void app_target(const struct plan_resource *t, void *arg)
{
    struct app_hunt *h = arg;
    if (!h->name && !strcmp(t->type, "aws_codedeploy_app"))
        h->name = plan_string(t, "name");
}

/* The CodeDeploy deployment group of the plan that deploys service s. */
static void service_group(struct xsvc *s)
{
    struct tf_iter it;
    const struct plan_resource *g;
    for (tf_iter_init(&it, s->plan, "aws_codedeploy_deployment_group"); (g = tf_next(&it));) {
        if (!tf_links(g, "ecs_service.0.service_name", s->r, "name"))
            continue;
        const char *gc = plan_string(g, "ecs_service.0.cluster_name");
        if (gc && s->cluster && strcmp(gc, s->cluster))
            continue; /* the same service name in another cluster */
        s->group = g;
        s->app_name = plan_string(g, "app_name");
        if (!s->app_name) {
            struct app_hunt h = {NULL};
            plan_each_target(g, "app_name", app_target, &h);
            s->app_name = h.name;
        }
        s->group_name = plan_string(g, "deployment_group_name");
        return;
    }
}

size_t x_services(struct rule_ctx *ctx, const struct project *p, const struct xsvc **out)
{
    struct xvec vec = {NULL, 0, 0};
    struct arena *a = rule_arena(ctx);
    for (size_t i = 0; i < p->nplans; i++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, p->plans[i], "aws_ecs_service"); (r = tf_next(&it));) {
            struct xsvc *s = xvec_add(a, &vec, sizeof(*s));
            s->plan = p->plans[i];
            s->r = r;
            s->name = plan_string(r, "name");
            s->cluster = service_cluster(a, r);
            s->ctl = service_ctl(r, &s->ctl_path);
            service_group(s);
        }
    }
    *out = vec.v;
    return vec.n;
}

int x_blue_green(const struct xsvc *s)
{
    return s->ctl == XCTL_CODE_DEPLOY || s->ctl == XCTL_NATIVE_BG;
}

const char *x_ctl_text(enum xctl c)
{
    switch (c) {
    case XCTL_ROLLING: return "the rolling ECS deployment controller";
    case XCTL_CODE_DEPLOY: return "the CODE_DEPLOY deployment controller";
    case XCTL_NATIVE_BG: return "ECS's native BLUE_GREEN deployment strategy";
    case XCTL_EXTERNAL: return "the EXTERNAL deployment controller";
    case XCTL_UNKNOWN: break;
    }
    return "a deployment controller known only after apply";
}

/* ---- resolving names written in workflows ---- */

/* Where a workflow value is read: its workflow, job and step, and the job that called this
 * (reusable) workflow, whose with: gives its inputs. */
struct wscope {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    const struct workflow *caller_wf;
    const struct wf_job *caller;
};

static const char *resolve(const struct wscope *sc, const char *s, int depth);

/* The env: value of name for the scope (step, then job, then workflow), or NULL. */
static const char *env_var(const struct wscope *sc, const char *name, int depth, int *found)
{
    struct yref maps[3] = {sc->step ? sc->step->env : (struct yref){NULL, NULL},
                           sc->job ? sc->job->env : (struct yref){NULL, NULL}, sc->wf->env};
    for (size_t i = 0; i < 3; i++) {
        const char *v = yref_str(yref_get(maps[i], name));
        if (v) {
            *found = 1;
            return resolve(sc, v, depth + 1);
        }
    }
    *found = 0;
    return NULL;
}

/* The value of one `${{ … }}` (its inside trimmed): env.X, or inputs.X from the caller's with:;
 * NULL for anything set at run time. */
static const char *expr_value(const struct wscope *sc, const char *x, size_t n, int depth)
{
    while (n && isspace((unsigned char)*x))
        x++, n--;
    while (n && isspace((unsigned char)x[n - 1]))
        n--;
    char name[128];
    int found;
    if (n > 4 && !strncasecmp(x, "env.", 4) && n - 4 < sizeof(name)) {
        memcpy(name, x + 4, n - 4);
        name[n - 4] = '\0';
        if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
            strlen(name))
            return NULL;
        return env_var(sc, name, depth, &found);
    }
    if (n > 7 && !strncasecmp(x, "inputs.", 7) && n - 7 < sizeof(name) && sc->caller) {
        memcpy(name, x + 7, n - 7);
        name[n - 7] = '\0';
        const char *w = yref_str(yref_get(sc->caller->with, name));
        if (!w)
            return NULL;
        struct wscope up = {sc->ctx, sc->caller_wf, sc->caller, NULL, NULL, NULL};
        return resolve(&up, w, depth + 1);
    }
    return NULL;
}

/* A workflow value with its `${{ env.X }}` / `${{ inputs.X }}` parts replaced by what they
 * name; NULL when some part is set at run time. */
static const char *resolve(const struct wscope *sc, const char *s, int depth)
{
    if (!s || depth > 4)
        return NULL;
    if (!str_find(s, "${{"))
        return s;
    struct strbuf sb = STRBUF_INIT;
    const char *p = s, *open;
    while ((open = str_find(p, "${{"))) {
        const char *close = str_find(open + 3, "}}");
        if (!close) {
            strbuf_release(&sb);
            return NULL;
        }
        const char *v = expr_value(sc, open + 3, (size_t)(close - open - 3), depth);
        if (!v) {
            strbuf_release(&sb);
            return NULL;
        }
        strbuf_add(&sb, p, (size_t)(open - p));
        strbuf_addstr(&sb, v);
        p = close + 2;
    }
    strbuf_addstr(&sb, p);
    const char *out = arena_strdup(rule_arena(sc->ctx), sb.buf);
    strbuf_release(&sb);
    return out;
}

/* A word of a run: script: $NAME / ${NAME} from env:, `${{ … }}` as above, a literal. */
static const char *resolve_word(const struct wscope *sc, const char *w)
{
    char name[128];
    int found = 0;
    const char *v = NULL;
    if (w[0] == '$' && w[1] == '{' && w[2] != '{') {
        size_t n = strcspn(w + 2, "}");
        if (n >= sizeof(name) || w[2 + n] != '}' || w[3 + n])
            return NULL;
        memcpy(name, w + 2, n);
        name[n] = '\0';
        v = env_var(sc, name, 0, &found);
    } else if (w[0] == '$' && w[1] != '{') {
        if (strlen(w + 1) >= sizeof(name))
            return NULL;
        snprintf(name, sizeof(name), "%s", w + 1);
        v = env_var(sc, name, 0, &found);
    } else {
        return strchr(w, '$') && !str_find(w, "${{") ? NULL : resolve(sc, w, 0);
    }
    return found ? v : NULL;
}

/* ---- ECS deploy steps ---- */

struct dlist {
    struct rule_ctx *ctx;
    struct xvec vec;
};

static struct xdeploy *dlist_add(struct dlist *l)
{
    return xvec_add(rule_arena(l->ctx), &l->vec, sizeof(struct xdeploy));
}

static const char *const codedeploy_keys[] = {"codedeploy-appspec", "codedeploy-application",
                                              "codedeploy-deployment-group"};

static void action_deploy(struct dlist *l, const struct wscope *sc, unsigned classes)
{
    const struct wf_step *s = sc->step;
    struct yref svc = yref_get(s->with, "service");
    const char *written = yref_str(svc);
    if (!written || !*written)
        return; /* without a service the action only registers the task definition */
    struct xdeploy *d = dlist_add(l);
    d->wf = sc->wf;
    d->job = sc->job;
    d->step = s;
    d->caller = sc->caller;
    d->caller_wf = sc->caller_wf;
    d->how = XD_ACTION;
    d->classes = classes;
    d->service_written = written;
    d->service = resolve(sc, written, 0);
    const char *cl = yref_str(yref_get(s->with, "cluster"));
    d->cluster = cl && *cl ? resolve(sc, cl, 0) : "default";
    d->dynamic = !d->service || !d->cluster;
    d->line = yref_line(svc);
    d->col = yref_col(svc);
    char *path = gha_path(sc->job, s, "with.service");
    d->path = arena_strdup(rule_arena(l->ctx), path);
    free(path);
    for (size_t i = 0; i < ARRAY_SIZE(codedeploy_keys); i++) {
        struct yref v = yref_get(s->with, codedeploy_keys[i]);
        const char *str = yref_str(v);
        if (!str || !*str)
            continue;
        if (!d->codedeploy)
            d->cd_at = yref_key(s->with, codedeploy_keys[i]);
        d->codedeploy = 1;
        if (i == 1)
            d->cd_app = resolve(sc, str, 0);
        if (i == 2)
            d->cd_group = resolve(sc, str, 0);
    }
}

struct cli_hunt {
    struct dlist *l;
    const struct wscope *sc;
    unsigned classes;
    size_t seen; /* update-service words so far */
    size_t total;
    int counting;
};

/* The value of option name in w ("--name value" or "--name=value"), or NULL. */
static const char *option_value(char *const *w, size_t n, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(w[i], name, nl))
            continue;
        if (!w[i][nl] && i + 1 < n)
            return w[i + 1];
        if (w[i][nl] == '=')
            return w[i] + nl + 1;
    }
    return NULL;
}

static int has_word(char *const *w, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w[i], s))
            return 1;
    return 0;
}

static void cli_command(char *const *w, size_t n, void *arg)
{
    struct cli_hunt *h = arg;
    size_t k = h->seen;
    for (size_t i = 0; i < n; i++)
        h->seen += !strcmp(w[i], "update-service");
    if (h->counting || strcmp(path_basename(w[0]), "aws") || !has_word(w, n, "ecs") ||
        !has_word(w, n, "update-service"))
        return;
    /* a new task definition or a forced new deployment: a scale-only call deploys nothing */
    if (!option_value(w, n, "--task-definition") && !has_word(w, n, "--force-new-deployment"))
        return;
    const char *svc = option_value(w, n, "--service");
    if (!svc)
        return;
    const struct wscope *sc = h->sc;
    struct xdeploy *d = dlist_add(h->l);
    d->wf = sc->wf;
    d->job = sc->job;
    d->step = sc->step;
    d->caller = sc->caller;
    d->caller_wf = sc->caller_wf;
    d->how = XD_UPDATE_SERVICE;
    d->classes = h->classes;
    struct arena *a = rule_arena(h->l->ctx);
    d->service_written = arena_strdup(a, svc);
    d->service = resolve_word(sc, svc);
    if (d->service == svc)
        d->service = d->service_written; /* the word is freed after this call */
    const char *cl = option_value(w, n, "--cluster");
    d->cluster = cl ? resolve_word(sc, cl) : "default";
    if (d->cluster && d->cluster == cl)
        d->cluster = cluster_name(a, arena_strdup(a, cl));
    else if (d->cluster)
        d->cluster = cluster_name(a, d->cluster);
    d->dynamic = !d->service || !d->cluster;
    /* this command's update-service is occurrence k of the word in the script */
    runpos_word(sc->wf, sc->step->run_at, "update-service", k, h->total, &d->line, &d->col);
    d->line2 = yref_line(sc->step->run_at);
    char *path = gha_path(sc->job, sc->step, "run");
    d->path = arena_strdup(a, path);
    free(path);
}

static void step_deploys(struct dlist *l, const struct wscope *sc, unsigned classes)
{
    const struct wf_step *s = sc->step;
    if (gha_uses_is(s->uses, "aws-actions/amazon-ecs-deploy-task-definition")) {
        action_deploy(l, sc, classes);
        return;
    }
    if (!s->run || !str_find(s->run, "update-service"))
        return;
    struct cli_hunt h = {l, sc, classes, 0, 0, 1};
    gha_commands(s->run, cli_command, &h); /* count the words first (for their positions) */
    h.total = h.seen;
    h.seen = 0;
    h.counting = 0;
    gha_commands(s->run, cli_command, &h);
}

size_t x_deploys(struct rule_ctx *ctx, const struct project *p, const struct xdeploy **out)
{
    struct dlist l = {ctx, {NULL, 0, 0}};
    for (size_t w = 0; w < p->nwfs; w++) {
        const struct workflow *wf = p->wfs[w];
        if (gha_only_called(wf) && gha_called_locally(wf))
            continue; /* judged once per calling job, with its inputs */
        for (size_t j = 0; j < wf->njobs; j++) {
            const struct wf_job *job = &wf->jobs[j];
            struct gha_deploy gd;
            gha_job_deploy(ctx, wf, job, 0, &gd);
            if (job->callee) {
                const struct workflow *cw = job->callee;
                for (size_t cj = 0; cj < cw->njobs; cj++)
                    for (size_t k = 0; k < cw->jobs[cj].nsteps; k++) {
                        struct wscope sc = {ctx, cw, &cw->jobs[cj], &cw->jobs[cj].steps[k],
                                            wf,  job};
                        step_deploys(&l, &sc, gd.classes);
                    }
                continue;
            }
            for (size_t k = 0; k < job->nsteps; k++) {
                struct wscope sc = {ctx, wf, job, &job->steps[k], NULL, NULL};
                step_deploys(&l, &sc, gd.classes);
            }
        }
    }
    *out = l.vec.v;
    return l.vec.n;
}

int x_deploy_names(const struct xdeploy *d, const struct xsvc *s)
{
    return d->service && s->name && !strcmp(d->service, s->name) && d->cluster && s->cluster &&
           !strcmp(d->cluster, s->cluster);
}

/* ---- production deploys and their gates ---- */

/* The first gate among the workflow's triggers, or NULL. */
static const char *trigger_gate(const struct workflow *wf)
{
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        if (!strcmp(t->event, "workflow_dispatch") || !strcmp(t->event, "release"))
            return t->event;
        if (!strcmp(t->event, "push") && gha_push_tags_only(t))
            return "push of tags";
    }
    return NULL;
}

/* "push to main", "schedule", … : what starts an ungated workflow (its first trigger). */
static const char *trigger_text(struct rule_ctx *ctx, const struct workflow *wf)
{
    if (!wf->ntriggers)
        return "its triggers";
    const struct wf_trigger *t = &wf->triggers[0];
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, t->event);
    if (!strcmp(t->event, "push") && t->branches.n)
        strbuf_addf(&sb, " to %s", t->branches.v[0]);
    if (wf->ntriggers > 1)
        strbuf_addf(&sb, " (and %zu other trigger%s)", wf->ntriggers - 1,
                    wf->ntriggers > 2 ? "s" : "");
    const char *out = arena_strdup(rule_arena(ctx), sb.buf);
    strbuf_release(&sb);
    return out;
}

size_t x_prod_deploys(struct rule_ctx *ctx, const struct project *p, const struct xprod **out)
{
    struct xvec vec = {NULL, 0, 0};
    struct arena *a = rule_arena(ctx);
    for (size_t w = 0; w < p->nwfs; w++) {
        const struct workflow *wf = p->wfs[w];
        if (wf->context || (gha_only_called(wf) && gha_called_locally(wf)))
            continue;
        const char *tgate = trigger_gate(wf);
        for (size_t j = 0; j < wf->njobs; j++) {
            struct gha_deploy d;
            gha_job_deploy(ctx, wf, &wf->jobs[j], 0, &d);
            if (!(d.classes & ENV_BIT(ENV_PROD)))
                continue;
            struct xprod *x = xvec_add(a, &vec, sizeof(*x));
            x->wf = wf;
            x->job = &wf->jobs[j];
            if (d.has_environment) {
                const char *env = wf->jobs[j].env_name;
                x->gate = env ? arena_strdup(a, env) : "an environment";
            } else if (tgate) {
                x->gate = tgate;
            }
            x->gated = x->gate != NULL;
            if (!x->gated)
                x->trigger = trigger_text(ctx, wf);
        }
    }
    *out = vec.v;
    return vec.n;
}

/* ---- Terraform versions ---- */

size_t x_tf_command(char *const *w, size_t n)
{
    const char *prog = path_basename(w[0]);
    if (strcmp(prog, "terraform") && strcmp(prog, "tofu") && strcmp(prog, "terragrunt"))
        return 0;
    size_t i = 1;
    while (i < n && w[i][0] == '-')
        i++;
    if (i < n && !strcmp(prog, "terragrunt") &&
        (!strcmp(w[i], "run-all") || !strcmp(w[i], "run"))) {
        i++;
        while (i < n && (w[i][0] == '-'))
            i++;
    }
    return i < n ? i : 0;
}

static void plan_apply_command(char *const *w, size_t n, void *arg)
{
    int *hit = arg;
    size_t sub = x_tf_command(w, n);
    if (sub && (!strcmp(w[sub], "plan") || !strcmp(w[sub], "apply") || !strcmp(w[sub], "destroy") ||
                !strcmp(w[sub], "import")))
        *hit = 1;
}

static int job_plans_or_applies(const struct wf_job *j)
{
    int hit = 0;
    for (size_t i = 0; i < j->nsteps && !hit; i++)
        if (j->steps[i].run &&
            (str_find(j->steps[i].run, "terraform") || str_find(j->steps[i].run, "tofu") ||
             str_find(j->steps[i].run, "terragrunt")))
            gha_commands(j->steps[i].run, plan_apply_command, &hit);
    return hit;
}

/* major.minor of a setup-terraform version (npm semver as the action reads it: 1.6.6, 1.6,
 * 1.6.x, ~1.6.0, v1.6.6); -1 for ranges and anything that names several minors. */
static void version_mm(const char *s, int *major, int *minor)
{
    *major = *minor = -1;
    while (*s == ' ')
        s++;
    if (*s == '~' || *s == '=')
        s++;
    if (*s == 'v')
        s++;
    char *end;
    long ma = strtol(s, &end, 10);
    if (end == s || *end != '.')
        return;
    const char *m = end + 1;
    long mi = strtol(m, &end, 10);
    if (end == m)
        return;
    /* the rest: nothing, a patch, or a patch wildcard */
    if (*end == '.') {
        end++;
        if (*end == 'x' || *end == 'X' || *end == '*')
            end++;
        else
            while (isdigit((unsigned char)*end))
                end++;
        while (isalnum((unsigned char)*end) || *end == '-' || *end == '.')
            end++; /* a pre-release: 1.7.0-rc1 */
    }
    while (*end == ' ')
        end++;
    if (*end)
        return;
    *major = (int)ma;
    *minor = (int)mi;
}

size_t x_tf_versions(struct rule_ctx *ctx, const struct project *p, const struct xtfver **out)
{
    struct xvec vec = {NULL, 0, 0};
    struct arena *a = rule_arena(ctx);
    for (size_t w = 0; w < p->nwfs; w++) {
        const struct workflow *wf = p->wfs[w];
        if (wf->context)
            continue;
        for (size_t j = 0; j < wf->njobs; j++) {
            const struct wf_job *job = &wf->jobs[j];
            int checked = 0, plans = 0;
            for (size_t k = 0; k < job->nsteps; k++) {
                const struct wf_step *st = &job->steps[k];
                if (!gha_uses_is(st->uses, "hashicorp/setup-terraform"))
                    continue;
                struct yref at = yref_get(st->with, "terraform_version");
                const char *written = yref_str(at);
                if (!written)
                    continue; /* the latest release: nothing to compare */
                if (!checked) {
                    plans = job_plans_or_applies(job);
                    checked = 1;
                }
                if (!plans)
                    continue;
                struct xtfver *x = xvec_add(a, &vec, sizeof(*x));
                x->wf = wf;
                x->job = job;
                x->step = st;
                x->at = at;
                struct wscope sc = {ctx, wf, job, st, NULL, NULL};
                x->written = resolve(&sc, written, 0);
                x->dynamic = !x->written;
                if (x->written)
                    version_mm(x->written, &x->major, &x->minor);
                else
                    x->major = x->minor = -1;
            }
        }
    }
    *out = vec.v;
    return vec.n;
}

/* ---- migrations that break backward compatibility ---- */

static const struct {
    const char *rule, *verb;
} breaking[] = {
    {"sql/drop-column", "drops column"},
    {"sql/drop-table", "drops table"},
    {"sql/rename-column", "renames column"},
    {"sql/rename-table", "renames table"},
    {"sql/change-column-type", "changes the type of column"},
    {"sql/add-required-column", "adds required column"},
    {"sql/set-not-null", "sets NOT NULL on column"},
    {"sql/truncate", "truncates table"},
};

size_t x_breaks(struct rule_ctx *ctx, const struct subject *s, const struct xbreak **out)
{
    struct xvec vec = {NULL, 0, 0};
    struct arena *a = rule_arena(ctx);
    for (size_t i = 0; s->findings && i < s->findings->n; i++) {
        const struct finding *f = &s->findings->v[i];
        if (!starts_with(f->rule, "sql/") || !f->file)
            continue;
        const char *verb = NULL;
        for (size_t k = 0; k < ARRAY_SIZE(breaking) && !verb; k++)
            if (!strcmp(f->rule, breaking[k].rule))
                verb = breaking[k].verb;
        if (!verb)
            continue;
        struct xbreak *b = xvec_add(a, &vec, sizeof(*b));
        b->f = f;
        b->verb = verb;
        b->object = f->path;
        b->migration = path_basename(f->file);
        b->reviewed = (f->suppressed == SUPP_INLINE || f->suppressed == SUPP_CONFIG) &&
                      f->suppress_reason && *f->suppress_reason;
    }
    *out = vec.v;
    return vec.n;
}

const char *x_break_text(struct rule_ctx *ctx, const struct xbreak *b)
{
    if (!b->object)
        return b->verb;
    char *s = xstrfmt("%s %s", b->verb, b->object);
    const char *out = arena_strdup(rule_arena(ctx), s);
    free(s);
    return out;
}

/* ---- shared ---- */

const char *x_repo_of(struct rule_ctx *ctx, const struct workflow *wf)
{
    const char *f = wf->file;
    const char *gh = str_find(f, ".github/workflows/");
    size_t n = gh ? (size_t)(gh - f) : (size_t)(path_basename(f) - f);
    while (n && f[n - 1] == '/')
        n--;
    if (n == 1 && f[0] == '.')
        n = 0;
    return arena_strndup(rule_arena(ctx), f, n);
}

int x_in_repo(const char *repo, const char *file)
{
    size_t n = strlen(repo);
    if (!n)
        return 1;
    if (starts_with(file, "./"))
        file += 2;
    return !strncmp(file, repo, n) && (file[n] == '/' || !file[n]);
}

void x_no_plan(struct rule_ctx *ctx, const struct project *p)
{
    /* a run of one kind of input (workflows alone, migrations alone) has nothing to join: the
     * note is for runs that bring the other artifacts of a change but not its plan; one line
     * for every x/ rule that needs it */
    if (!!p->nwfs + !!p->nmigs + !!(p->nplans || p->nstacks) >= 2)
        rule_skip_note(ctx, NULL, "x/ rules that join the plan",
                       "no Terraform plan given: which services deploy blue/green, and with which "
                       "deployment controller, is in the plan (give the `terraform show -json` "
                       "output with the repository)");
}

const char *x_names(struct rule_ctx *ctx, const char *const *v, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    size_t shown = n > 3 ? 2 : n;
    for (size_t i = 0; i < shown; i++)
        strbuf_addf(&sb, "%s%s", i == 0 ? "" : (i + 1 == n ? " and " : ", "), v[i]);
    if (n > shown)
        strbuf_addf(&sb, " and %zu more", n - shown);
    const char *out = arena_strdup(rule_arena(ctx), sb.buf);
    strbuf_release(&sb);
    return out;
}
