/* gha_deploy.c — where a job deploys (RULES.md, gha/: `environment:`, known deploy actions and
 * commands with a target named after an environment), following values that are known before the
 * run: env:, the inputs a calling job passes, `type: choice` options, a static matrix. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* ---- values known before the run ---- */

#define MAXVALS 16

/* Where a value is resolved: its workflow, job, step, and the `with:` of the job that called
 * this (reusable) workflow. */
struct scope {
    struct rule_ctx *ctx;
    int notes; /* say infralint/unverifiable (at depth 0 only) */
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    struct yref caller_with;
    const struct workflow *caller_wf;
    int depth;
    int local_cluster; /* the job starts a Kubernetes cluster on the runner (kind, k3d, …) */
};

struct vals {
    const char *v[MAXVALS];
    size_t n;
    int unknown; /* some part is set at run time */
};

static void vals_add(struct vals *out, const char *s)
{
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->v[i], s))
            return;
    if (out->n < MAXVALS)
        out->v[out->n++] = s;
}

static void resolve(const struct scope *sc, const char *s, struct vals *out);

/* The value of env var name in the step, job or workflow env (innermost wins). */
static int env_lookup(const struct scope *sc, const char *name, struct vals *out)
{
    struct yref maps[3] = {sc->step ? sc->step->env : (struct yref){NULL, NULL},
                           sc->job ? sc->job->env : (struct yref){NULL, NULL}, sc->wf->env};
    for (size_t i = 0; i < 3; i++) {
        const char *v = yref_str(yref_get(maps[i], name));
        if (v) {
            resolve(sc, v, out);
            return 1;
        }
    }
    return 0;
}

/* Possible values of the context reference at path. */
static void resolve_ref(const struct scope *sc, const char *path, struct vals *out)
{
    const char *name = NULL;
    if (!strncasecmp(path, "env.", 4)) {
        if (!env_lookup(sc, path + 4, out))
            out->unknown = 1;
        return;
    }
    if (!strncasecmp(path, "inputs.", 7))
        name = path + 7;
    else if (!strncasecmp(path, "github.event.inputs.", 20))
        name = path + 20;
    if (name && !strchr(name, '.')) {
        const char *w = yref_str(yref_get(sc->caller_with, name));
        if (w) { /* a literal from the calling job (expressions there are the caller's) */
            if (wf_has_expr(w))
                out->unknown = 1;
            else
                vals_add(out, w);
            return;
        }
        const struct wf_trigger *t = wf_trigger_by_event(sc->wf, "workflow_dispatch");
        for (size_t i = 0; t && i < t->ninputs; i++) {
            if (strcmp(t->inputs[i].name, name))
                continue;
            struct yref spec = yref_get(yref_get(t->config, "inputs"), name);
            struct yref opts = yref_get(spec, "options");
            if (!strcmp(t->inputs[i].type, "choice") && yref_is_seq(opts)) {
                for (size_t k = 0; k < opts.n->nitems; k++) {
                    const char *o = yref_str(yref_item(opts, k));
                    if (o)
                        vals_add(out, o);
                }
                return;
            }
        }
        out->unknown = 1;
        return;
    }
    if (!strncasecmp(path, "matrix.", 7) && sc->job && !strchr(path + 7, '.')) {
        struct yref m = yref_get(sc->job->strategy, "matrix");
        struct yref row = yref_get(m, path + 7);
        struct yref inc = yref_get(m, "include");
        size_t before = out->n;
        for (size_t i = 0; yref_is_seq(row) && i < row.n->nitems; i++) {
            const char *v = yref_str(yref_item(row, i));
            if (v && !wf_has_expr(v))
                vals_add(out, v);
            else
                out->unknown = 1;
        }
        for (size_t i = 0; yref_is_seq(inc) && i < inc.n->nitems; i++) {
            const char *v = yref_str(yref_get(yref_item(inc, i), path + 7));
            if (v && !wf_has_expr(v))
                vals_add(out, v);
        }
        if (out->n == before || (row.n && !yref_is_seq(row)))
            out->unknown = 1;
        return;
    }
    out->unknown = 1;
}

/* Possible values of an expression: a reference resolved, a literal, or the branches of
 * `c && 'a' || 'b'` (the usual ternary); anything else is unknown. */
static void expr_values(const struct scope *sc, const struct wfx *x, struct vals *out, int depth)
{
    if (depth > 16) {
        out->unknown = 1;
        return;
    }
    switch (x->kind) {
    case WFX_REF: resolve_ref(sc, x->path, out); return;
    case WFX_STR: vals_add(out, arena_strndup(rule_arena(sc->ctx), x->s, x->len)); return;
    case WFX_AND: /* b, or a falsy a: the empty string at most names nothing */
        expr_values(sc, x->args[1], out, depth + 1);
        return;
    case WFX_OR:
        expr_values(sc, x->args[0], out, depth + 1);
        expr_values(sc, x->args[1], out, depth + 1);
        return;
    default: out->unknown = 1; return;
    }
}

/* Possible values of a scalar that may hold `${{ … }}` (one expression resolved to its values;
 * text around it kept). */
static void resolve(const struct scope *sc, const char *s, struct vals *out)
{
    const char *open = str_find(s, "${{");
    if (!open) {
        vals_add(out, s);
        return;
    }
    if (sc->depth > 4) {
        out->unknown = 1;
        return;
    }
    const char *close = str_find(open + 3, "}}");
    if (!close || str_find(close + 2, "${{")) {
        out->unknown = 1;
        return;
    }
    const char *err; /* a few small nodes, rarely: the check's arena holds them */
    struct wfx *x = wfx_parse(open + 3, (size_t)(close - open - 3), rule_arena(sc->ctx), &err);
    struct vals inner = {.n = 0};
    struct scope deeper = *sc;
    deeper.depth++;
    if (x)
        expr_values(&deeper, x, &inner, 0);
    else
        inner.unknown = 1;
    out->unknown |= inner.unknown;
    for (size_t i = 0; i < inner.n; i++) {
        if (open == s && !close[2]) {
            vals_add(out, inner.v[i]);
            continue;
        }
        struct strbuf sb = STRBUF_INIT;
        strbuf_add(&sb, s, (size_t)(open - s));
        strbuf_addstr(&sb, inner.v[i]);
        strbuf_addstr(&sb, close + 2);
        vals_add(out, arena_strdup(rule_arena(sc->ctx), sb.buf));
        strbuf_release(&sb);
    }
}

/* ---- deploys ---- */

static int class_rank(enum env_class c)
{
    return c == ENV_PROD ? 3 : c == ENV_STAGING ? 2 : c == ENV_DEV ? 1 : 0;
}

/* Record that name (written at `at`) is a deploy target (copied to the check's arena, as name
 * may be a word of a command that is about to be freed). */
static void target(struct rule_ctx *ctx, struct gha_deploy *d, const char *name, struct yref at)
{
    enum env_class c = ctx ? rule_env_class(ctx, name) : ENV_UNKNOWN;
    if (c == ENV_UNKNOWN)
        return;
    d->classes |= ENV_BIT(c);
    if (!d->target || class_rank(c) > class_rank(rule_env_class(ctx, d->target))) {
        d->target = arena_strdup(rule_arena(ctx), name);
        d->at = at;
    }
}

/* Targets named by the words of a deploy command (`--cluster orders-prod`,
 * `-var-file=prod.tfvars`). */
static void word_targets(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *d,
                         const char *word, struct yref at, int *unknown)
{
    const char *v = strchr(word, '=');
    v = v && v[1] ? v + 1 : word;
    if (v[0] == '-')
        return;
    struct vals vals = {.n = 0};
    if (v[0] == '$' && v[1] != '{') { /* $NAME */
        if (!env_lookup(sc, v + 1, &vals))
            *unknown = 1;
    } else if (v[0] == '$' && v[1] == '{' && v[2] != '{') { /* ${NAME} */
        char name[128];
        size_t n = strcspn(v + 2, "}:-");
        if (n < sizeof(name)) {
            memcpy(name, v + 2, n);
            name[n] = '\0';
            if (!env_lookup(sc, name, &vals))
                *unknown = 1;
        }
    } else {
        resolve(sc, v, &vals);
        *unknown |= vals.unknown;
    }
    for (size_t i = 0; i < vals.n; i++)
        target(ctx, d, vals.v[i], at);
}

/* Environment variables that name where a deploy script or target goes (not NODE_ENV or
 * RAILS_ENV: those say how to build). */
static const char *const target_vars[] = {"ENV",
                                          "ENVIRONMENT",
                                          "ENV_NAME",
                                          "ENVIRONMENT_NAME",
                                          "STAGE",
                                          "DEPLOY_ENV",
                                          "DEPLOY_ENVIRONMENT",
                                          "TARGET_ENV",
                                          "TARGET_ENVIRONMENT",
                                          "TF_WORKSPACE",
                                          "TF_VAR_environment",
                                          "TF_VAR_env"};

/* Names of deploy scripts and targets: `scripts/deploy.sh`, `make release-deploy`,
 * `bash scripts/terraform-apply.sh`. */
static const char *const deploy_words[] = {"deploy", "apply", "release", "promote", "rollout"};

struct cmd_hunt {
    struct rule_ctx *ctx;
    const struct scope *sc;
    struct gha_deploy *d;
    struct yref at;
    int deploys, unknown, terraform, script;
};

static int has_word(char *const *w, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (w[i][0] == s[0] && !strcmp(w[i], s))
            return 1;
    return 0;
}

/* Known deploy commands: the program, then words that must follow it (in any order). */
static const char *const deploy_commands[][3] = {{"aws", "ecs", "update-service"},
                                                 {"aws", "deploy", "create-deployment"},
                                                 {"aws", "cloudformation", "deploy"},
                                                 {"aws", "cloudformation", "create-stack"},
                                                 {"aws", "cloudformation", "update-stack"},
                                                 {"aws", "cloudformation", "execute-change-set"},
                                                 {"aws", "lambda", "update-function-code"},
                                                 {"aws", "lambda", "publish-layer-version"},
                                                 {"cdk", "deploy", NULL},
                                                 {"sam", "deploy", NULL},
                                                 {"serverless", "deploy", NULL},
                                                 {"sls", "deploy", NULL},
                                                 {"pulumi", "up", NULL},
                                                 {"helm", "upgrade", NULL},
                                                 {"kubectl", "apply", NULL},
                                                 {"copilot", "deploy", NULL},
                                                 {"eb", "deploy", NULL},
                                                 {"flyctl", "deploy", NULL}};

static int known_deploy(char *const *w, size_t n)
{
    const char *prog = path_basename(w[0]);
    for (size_t i = 0; i < ARRAY_SIZE(deploy_commands); i++) {
        const char *const *c = deploy_commands[i];
        if (prog[0] == c[0][0] && !strcmp(prog, c[0]) && has_word(w, n, c[1]) &&
            (!c[2] || has_word(w, n, c[2])))
            return 1;
    }
    return 0;
}

/* A script named like a deploy that tests one (`yarn smoke:deploy:ci`) deploys nothing. */
static int deploy_script(char *const *w, size_t n)
{
    static const char *const tests_live[] = {"smoke", "e2e"};
    return gha_script_named_any(w, n, deploy_words, ARRAY_SIZE(deploy_words)) &&
           !gha_script_named_any(w, n, tests_live, ARRAY_SIZE(tests_live));
}

/* Is path dir, or inside it (`./` in front of either ignored)? */
static int in_dir(const char *path, const char *dir)
{
    while (starts_with(path, "./"))
        path += 2;
    while (starts_with(dir, "./"))
        dir += 2;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* The chart a helm command installs, when it is a path (`production/helm/loki`, `./chart`):
 * the first word holding a slash that is neither an option, a values file nor an option's
 * value. The chart and the files inside it are code, not where it goes. */
static const char *helm_chart(char *const *w, size_t n)
{
    static const char *const valued[] = {"-f", "--values", "--set-file", "--kubeconfig"};
    if (strcmp(path_basename(w[0]), "helm"))
        return NULL;
    for (size_t i = 1; i < n; i++) {
        if (has_word((char *const *)valued, ARRAY_SIZE(valued), w[i])) {
            i++;
            continue;
        }
        if (w[i][0] != '-' && strchr(w[i], '/') && !strchr(w[i], '=') &&
            !ends_with(w[i], ".yaml") && !ends_with(w[i], ".yml") && !ends_with(w[i], ".json"))
            return w[i];
    }
    return NULL;
}

static int target_name(const char *k, size_t n)
{
    static const char *const flags[] = {"env", "environment", "stage", "target", "workspace", "e"};
    for (size_t i = 0; i < ARRAY_SIZE(target_vars); i++)
        if (strlen(target_vars[i]) == n && !strncasecmp(k, target_vars[i], n))
            return 1;
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (strlen(flags[i]) == n && !strncasecmp(k, flags[i], n))
            return 1;
    return 0;
}

/* Which words of a deploy script's command name its target: the positional ones (`./deploy.sh
 * prod`, `make deploy-prod`), `ENV=prod`, `--env prod`, `--stage=prod` — not `ALIAS=stage` or
 * `--tag x`. *i may advance past an option's value. */
static int target_arg(char *const *w, size_t n, size_t *i)
{
    const char *a = w[*i], *eq = strchr(a, '=');
    const char *k = a;
    while (*k == '-')
        k++;
    if (eq)
        return target_name(k, (size_t)(eq - k));
    if (a[0] != '-')
        return 1;
    if (*i + 1 < n && w[*i + 1][0] != '-' && target_name(k, strlen(k))) {
        (*i)++;
        return 1;
    }
    return 0;
}

static void deploy_command(char *const *w, size_t n, void *arg)
{
    struct cmd_hunt *h = arg;
    const char *prog = path_basename(w[0]);
    int tf = !strcmp(prog, "terraform") || !strcmp(prog, "tofu") || !strcmp(prog, "terragrunt");
    int tf_apply = tf && has_word(w, n, "apply");
    int script = !tf && deploy_script(w, n);
    /* `helm diff upgrade`, a dry run, or a release into a cluster on the runner */
    int cluster = !strcmp(prog, "helm") || !strcmp(prog, "kubectl");
    int known =
        known_deploy(w, n) && !gha_command_reads_only(w, n) && !(cluster && h->sc->local_cluster);
    int hit = tf_apply || known || script;
    int ws =
        tf && has_word(w, n, "workspace") && (has_word(w, n, "select") || has_word(w, n, "new"));
    if (!hit && !ws)
        return;
    h->deploys |= hit;
    h->terraform |= tf_apply || (script && gha_script_named(w, n, "apply"));
    h->script |= script;
    const char *chart = known ? helm_chart(w, n) : NULL;
    for (size_t i = 1; i < n; i++) {
        if (script && !target_arg(w, n, &i))
            continue;
        const char *eq = strchr(w[i], '=');
        if (chart && in_dir(eq ? eq + 1 : w[i], chart))
            continue;
        word_targets(h->ctx, h->sc, h->d, w[i], h->at, &h->unknown);
    }
}

static const char *const deploy_with_keys[] = {"service", "cluster", "task-definition",
                                               "codedeploy-application",
                                               "codedeploy-deployment-group"};

/* Does p start with word (whose first byte p has already matched)? */
static int word_at(const char *p, const char *word)
{
    return p[1] == word[1] && !strncmp(p + 2, word + 2, strlen(word) - 2);
}

/* Does the run script hold a word a deploy command needs (a cheap test before splitting it)?
 * One pass over the script: a hint is compared only where its first letter is. */
static int may_deploy(const char *run)
{
    static const char *const hints[] = {
        /* by first letter */
        "apply",  "cloudformation", "create-deployment", "deploy",  "helm",          "lambda",
        "pulumi", "promote",        "release",           "rollout", "update-service"};
    /* where the hints of a first letter start, + 1 (0: none) */
    static const unsigned char first[128] = {
        ['a'] = 1, ['c'] = 2, ['d'] = 4, ['h'] = 5, ['l'] = 6, ['p'] = 7, ['r'] = 9, ['u'] = 11};
    for (const unsigned char *p = (const unsigned char *)run; *p; p++) {
        if (*p >= 128 || !first[*p])
            continue;
        for (size_t i = first[*p] - 1u; i < ARRAY_SIZE(hints) && hints[i][0] == *p; i++)
            if (word_at((const char *)p, hints[i]))
                return 1;
    }
    return 0;
}

/* Does uses: hold "codedeploy" (in any case)? */
static int names_codedeploy(const char *uses)
{
    for (const char *p = uses; *p; p++)
        if ((*p == 'c' || *p == 'C') && !strncasecmp(p, "codedeploy", 10))
            return 1;
    return 0;
}

/* Deploy targets of one step: the ECS deploy action, a CodeDeploy action, a deploy command, or a
 * script or make target named like a deploy. *acts says the step deploys (whatever its target). */
static void step_deploy(struct rule_ctx *ctx, const struct scope *sc, const struct wf_step *s,
                        struct gha_deploy *d, int *acts, int *unknown, struct yref *unknown_at)
{
    if (s->uses && (gha_uses_is(s->uses, "aws-actions/amazon-ecs-deploy-task-definition") ||
                    names_codedeploy(s->uses))) {
        unsigned before = d->classes;
        int unk = 0;
        *acts = 1;
        for (size_t i = 0; i < ARRAY_SIZE(deploy_with_keys); i++) {
            struct yref v = yref_get(s->with, deploy_with_keys[i]);
            if (yref_str(v))
                word_targets(ctx, sc, d, v.n->str, v, &unk);
        }
        if (unk && d->classes == before) {
            *unknown = 1;
            *unknown_at = s->with.n ? s->with : s->uses_at;
        }
        return;
    }
    if (!s->run || !may_deploy(s->run))
        return;
    struct cmd_hunt h = {ctx, sc, d, s->run_at, 0, 0, 0, 0};
    struct gha_deploy saved = *d;
    unsigned before = d->classes;
    gha_commands(s->run, deploy_command, &h);
    if (!h.deploys) {
        *d = saved; /* a `workspace select` alone deploys nothing */
        return;
    }
    *acts = 1;
    d->terraform |= h.terraform;
    if (h.terraform || h.script) { /* the workspace, variables and directory name it too */
        for (size_t i = 0; i < ARRAY_SIZE(target_vars); i++) {
            struct vals v = {.n = 0};
            if (env_lookup(sc, target_vars[i], &v))
                for (size_t k = 0; k < v.n; k++)
                    target(ctx, d, v.v[k], s->run_at);
        }
        if (yref_str(s->wd))
            word_targets(ctx, sc, d, s->wd.n->str, s->wd, &h.unknown);
    }
    if (d->classes == before && (h.unknown || h.script)) {
        *unknown = h.unknown ? 1 : 2; /* a script's target may be set anywhere inside it */
        *unknown_at = s->run_at;
    }
}

/* Actions that log in or set up a deploy without deploying anything themselves. */
static const char *const login_actions[] = {"aws-actions/configure-aws-credentials",
                                            "aws-actions/amazon-ecr-login",
                                            "docker/login-action",
                                            "azure/login",
                                            "google-github-actions/auth",
                                            "google-github-actions/setup-gcloud"};

static void releasing_command(char *const *w, size_t n, void *arg)
{
    int *none = arg;
    if (!gha_command_reads_only(w, n) && !gha_command_checks(w, n))
        *none = 0;
}

/* Does no step release anything: set-up actions, log-ins, actions named like a check or a
 * notification, and scripts whose commands only read, test, check or plan (`kubectl get`,
 * `terraform plan`, `yarn smoke:ci`, `newrelic-admin validate-config`,
 * `scripts/renew-certs.sh`)? Such a job deploys nothing, whatever its environment says: it
 * takes the environment for its secrets. With any_action, every action counts as releasing
 * nothing (the comment and read-file actions of a Terraform plan job). */
static int releases_nothing(const struct wf_job *j, int any_action)
{
    if (j->uses || !j->nsteps)
        return 0;
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *st = &j->steps[i];
        int ok = st->uses &&
                 (any_action || gha_action_is_setup(st->uses) || gha_action_checks(st->uses));
        for (size_t k = 0; !ok && st->uses && k < ARRAY_SIZE(login_actions); k++)
            ok = gha_uses_is(st->uses, login_actions[k]);
        if (st->run) {
            ok = 1;
            gha_commands(st->run, releasing_command, &ok);
        }
        if (!ok && (st->uses || st->run))
            return 0;
    }
    return 1;
}

/* Does the job start a Kubernetes cluster on the runner (`kind create cluster`, `k3d cluster
 * create`, `minikube start`, or an action that does)? Its helm and kubectl deploys go there. */
static void cluster_command(char *const *w, size_t n, void *arg)
{
    int *hit = arg;
    const char *prog = path_basename(w[0]);
    if ((!strcmp(prog, "kind") || !strcmp(prog, "k3d")) && has_word(w, n, "cluster") &&
        has_word(w, n, "create"))
        *hit = 1;
    if (!strcmp(prog, "kind") && n > 2 && !strcmp(w[1], "create") && !strcmp(w[2], "cluster"))
        *hit = 1;
    if (!strcmp(prog, "minikube") && has_word(w, n, "start"))
        *hit = 1;
}

static int local_cluster(const struct wf_job *j)
{
    static const char *const actions[] = {"helm/kind-action", "AbsaOSS/k3d-action",
                                          "medyagh/setup-minikube", "nolar/setup-k3d-k3s"};
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *st = &j->steps[i];
        int hit = 0;
        for (size_t k = 0; st->uses && k < ARRAY_SIZE(actions); k++)
            hit |= gha_uses_is(st->uses, actions[k]);
        if (!hit && st->run &&
            (str_find(st->run, "kind") || str_find(st->run, "k3d") ||
             str_find(st->run, "minikube")))
            gha_commands(st->run, cluster_command, &hit);
        if (hit)
            return 1;
    }
    return 0;
}

static void job_deploy(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *out);

/* The job's `environment:` names the target. */
static void environment_deploy(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *out,
                               int decides)
{
    const struct wf_job *j = sc->job;
    out->has_environment = 1;
    if (!j->env_name)
        return;
    struct vals v = {.n = 0};
    resolve(sc, j->env_name, &v);
    for (size_t i = 0; i < v.n; i++)
        target(ctx, out, v.v[i], j->env_name_at);
    out->env_classes = out->classes;
    /* a reusable workflow's environment is known at each caller: checked there */
    if (decides && v.unknown && !v.n && sc->notes && sc->depth == 0 &&
        !(gha_only_called(sc->wf) && gha_called_locally(sc->wf)))
        gha_unverifiable(ctx, sc->wf, j->env_name_at, j->id,
                         "name the environment literally, or offer the choices as a "
                         "`type: choice` input",
                         "environment '%s' is chosen at run time: whether job '%s' deploys to "
                         "production or staging cannot be checked offline",
                         j->env_name, j->id);
}

/* A local reusable workflow deploys where its jobs do, with the inputs this job passes. */
static void callee_deploy(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *out)
{
    const struct wf_job *j = sc->job;
    for (size_t i = 0; i < j->callee->njobs; i++) {
        struct scope inner = {
            ctx, 0, j->callee, &j->callee->jobs[i], NULL, j->with, sc->wf, sc->depth + 1, 0};
        struct gha_deploy d;
        job_deploy(ctx, &inner, &d);
        out->acts |= d.acts;
        out->terraform |= d.terraform;
        if (!d.classes)
            continue;
        if (!out->classes || class_rank(rule_env_class(ctx, d.target)) >
                                 class_rank(rule_env_class(ctx, out->target))) {
            out->target = d.target;
            out->at = j->uses_at; /* the input that names it, when one does */
            for (size_t k = 0; yref_is_map(j->with) && k < j->with.n->npairs; k++) {
                const char *v = yref_str(yref_pair_value(j->with, k));
                if (v && !strcmp(v, d.target))
                    out->at = yref_pair_value(j->with, k);
            }
            out->callee_job = &j->callee->jobs[i];
        }
        out->classes |= d.classes;
        out->env_classes |= d.env_classes;
        out->has_environment |= d.has_environment;
    }
}

/* Another repository's reusable workflow: say so when its inputs name an environment. */
static void remote_deploy(struct rule_ctx *ctx, const struct scope *sc)
{
    const struct wf_job *j = sc->job;
    /* gha/excessive-permissions says it for a job without permissions */
    if (!sc->notes || sc->depth || !gha_job_perms(sc->wf, j))
        return;
    for (size_t i = 0; yref_is_map(j->with) && i < j->with.n->npairs; i++) {
        const char *v = yref_str(yref_pair_value(j->with, i));
        enum env_class c = v && ctx ? rule_env_class(ctx, v) : ENV_UNKNOWN;
        if (c == ENV_PROD || c == ENV_STAGING) {
            gha_unverifiable(ctx, sc->wf, j->uses_at, j->id,
                             "check that workflow's deploy jobs in its own repository",
                             "job '%s' calls a reusable workflow of another repository with "
                             "'%s': infralint cannot read it, so its deploy is not checked",
                             j->id, v);
            return;
        }
    }
}

static void job_deploy(struct rule_ctx *ctx, const struct scope *sc, struct gha_deploy *out)
{
    const struct wf_job *j = sc->job;
    memset(out, 0, sizeof(*out));
    if (j->callee) {
        if (sc->depth < 4)
            callee_deploy(ctx, sc, out);
        return;
    }
    if (j->uses) {
        if (!wf_uses_local(j->uses))
            remote_deploy(ctx, sc);
        return;
    }
    /* what the steps deploy, and where their commands say */
    int unknown = 0, acts = 0;
    struct yref unknown_at = {NULL, NULL};
    struct scope job = *sc;
    job.local_cluster = local_cluster(j);
    for (size_t i = 0; i < j->nsteps; i++) {
        struct scope st = job;
        st.step = &j->steps[i];
        step_deploy(ctx, &st, &j->steps[i], out, &acts, &unknown, &unknown_at);
    }
    out->acts = acts;
    /* the environment names the target when the commands do not. It is evidence of a deploy
     * only beside a step that may release: a job that deploys by no command and only reads,
     * tests or checks (download a layer, `kubectl get`, a smoke test) deploys nothing, whatever
     * its environment; nor does one that plans (the review step of a Terraform apply) and runs
     * no other command that may release */
    if (j->environment.n) {
        struct gha_deploy env;
        memset(&env, 0, sizeof(env));
        int deploys = !out->classes && (acts || !releases_nothing(j, gha_job_plans(j)));
        environment_deploy(ctx, sc, &env, deploys);
        out->has_environment = 1;
        out->env_classes = env.env_classes;
        if (deploys && env.classes) {
            out->classes = env.classes;
            out->target = env.target;
            out->at = env.at;
            return;
        }
    }
    if (unknown && !out->classes && !j->environment.n && sc->notes && sc->depth == 0)
        gha_unverifiable(ctx, sc->wf, unknown_at, j->id,
                         "name the target literally (or in env:), or add 'environment:' to the "
                         "job",
                         unknown == 2 ? "job '%s' runs a deploy script or target that names no "
                                        "environment: whether it deploys to production or "
                                        "staging cannot be checked offline"
                                      : "job '%s' deploys to a target named at run time: whether "
                                        "it is production or staging cannot be checked offline",
                         j->id);
}

static void job_deploy_now(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                           int notes, struct gha_deploy *out)
{
    struct scope sc = {ctx, notes, wf, j, NULL, {NULL, NULL}, NULL, 0, 0};
    job_deploy(ctx, &sc, out);
}

/* The deploys of every job of a workflow, computed without notes (nothing reported, so the same
 * for every rule that asks): one block, the targets' text copied after the array. */
struct deploy_memo {
    const struct env_patterns *patterns; /* the classes the targets were judged with */
    size_t njobs;
    struct gha_deploy d[];
};

static const struct deploy_memo *deploy_memo(struct rule_ctx *ctx, const struct workflow *wf)
{
    /* the one field the rules write, and only once: see struct workflow */
    _Atomic(void *) *slot = &((struct workflow *)wf)->deploy_memo;
    const struct deploy_memo *m = atomic_load_explicit(slot, memory_order_acquire);
    if (m)
        return m->patterns == rule_patterns(ctx) && m->njobs == wf->njobs ? m : NULL;
    struct gha_deploy *d = xcalloc(wf->njobs + 1, sizeof(*d));
    size_t text = 0;
    for (size_t i = 0; i < wf->njobs; i++) {
        job_deploy_now(ctx, wf, &wf->jobs[i], 0, &d[i]);
        text += d[i].target ? strlen(d[i].target) + 1 : 0;
    }
    size_t head = sizeof(struct deploy_memo) + wf->njobs * sizeof(struct gha_deploy);
    struct deploy_memo *mine = xmalloc(head + text);
    mine->patterns = rule_patterns(ctx);
    mine->njobs = wf->njobs;
    char *p = (char *)mine + head;
    for (size_t i = 0; i < wf->njobs; i++) {
        mine->d[i] = d[i];
        if (d[i].target) {
            size_t n = strlen(d[i].target) + 1;
            memcpy(p, d[i].target, n);
            mine->d[i].target = p;
            p += n;
        }
    }
    free(d);
    void *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(slot, &expected, mine, memory_order_acq_rel,
                                                memory_order_acquire))
        return mine;
    free(mine); /* another thread published the same analysis first */
    m = expected;
    return m->patterns == rule_patterns(ctx) && m->njobs == wf->njobs ? m : NULL;
}

void gha_job_deploy(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                    int notes, struct gha_deploy *out)
{
    size_t k = 0;
    while (k < wf->njobs && &wf->jobs[k] != j)
        k++;
    const struct deploy_memo *m = !notes && ctx && k < wf->njobs ? deploy_memo(ctx, wf) : NULL;
    if (m)
        *out = m->d[k];
    else
        job_deploy_now(ctx, wf, j, notes, out);
}

int gha_deploys(const struct gha_deploy *d)
{
    return (d->classes & (ENV_BIT(ENV_PROD) | ENV_BIT(ENV_STAGING))) != 0;
}

int gha_called_locally(const struct workflow *wf)
{
    return wf->called_locally;
}

int gha_only_called(const struct workflow *wf)
{
    return wf->ntriggers == 1 && !strcmp(wf->triggers[0].event, "workflow_call");
}

const struct wf_perms *gha_job_perms(const struct workflow *wf, const struct wf_job *j)
{
    if (j->perms.form != PERMS_ABSENT)
        return &j->perms;
    if (wf->perms.form != PERMS_ABSENT)
        return &wf->perms;
    return NULL;
}
