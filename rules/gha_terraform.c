/* gha_terraform.c — Terraform run from workflows: state locking left on (gha/terraform-lock-
 * disabled) and applies of the plan that was reviewed (gha/terraform-apply-unreviewed). The
 * commands are read from `run:` scripts word by word (gha_commands), with the TF_CLI_ARGS
 * variables Terraform adds to them; findings point at the option itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gha_util.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"
#include "runpos.h"
#include "x_join.h"

/* ---- reading a Terraform command ---- */

/* Is word the boolean option name (one or two dashes) set to a value Go's flag package reads as
 * want (true: bare, =true/1/t/T/TRUE/True; false: =false/0/f/F/FALSE/False)? */
static int bool_option(const char *word, const char *name, int want)
{
    const char *p = word;
    if (*p++ != '-')
        return 0;
    if (*p == '-')
        p++;
    size_t nl = strlen(name);
    if (strncmp(p, name, nl))
        return 0;
    p += nl;
    if (!*p)
        return want;
    if (*p++ != '=')
        return 0;
    static const char *const truths[] = {"true", "1", "t", "T", "TRUE", "True"};
    static const char *const lies[] = {"false", "0", "f", "F", "FALSE", "False"};
    const char *const *set = want ? truths : lies;
    for (size_t i = 0; i < 6; i++)
        if (!strcmp(p, set[i]))
            return 1;
    return 0;
}

/* Options of plan/apply/destroy/import that take their value as the next word. */
static int takes_value(const char *word)
{
    static const char *const names[] = {"var",     "var-file",    "target",
                                        "replace", "state",       "state-out",
                                        "backup",  "parallelism", "lock-timeout"};
    const char *p = word + (word[1] == '-' ? 2 : 1);
    if (strchr(p, '='))
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(p, names[i]))
            return 1;
    return 0;
}

static int locking_command(const char *sub)
{
    return !strcmp(sub, "plan") || !strcmp(sub, "apply") || !strcmp(sub, "destroy") ||
           !strcmp(sub, "import");
}

/* ---- TF_CLI_ARGS ---- */

/* The literal value of env var name for step s of job j (the step's env:, else the job's, else
 * the workflow's), and where it is written. */
static const char *env_value(const struct workflow *wf, const struct wf_job *j,
                             const struct wf_step *s, const char *name, struct yref *at)
{
    struct yref maps[3] = {s->env, j->env, wf->env};
    for (size_t i = 0; i < 3; i++) {
        struct yref v = yref_get(maps[i], name);
        const char *str = yref_str(v);
        if (str) {
            *at = v;
            return wf_has_expr(str) ? NULL : str;
        }
    }
    return NULL;
}

/* Does a TF_CLI_ARGS value (words split at blanks) hold a word that pred accepts? */
static int args_hold(const char *args, int (*pred)(const char *word))
{
    char word[128];
    for (const char *p = args; *p;) {
        p += strspn(p, " \t\n");
        size_t n = strcspn(p, " \t\n");
        if (n && n < sizeof(word)) {
            memcpy(word, p, n);
            word[n] = '\0';
            if (pred(word))
                return 1;
        }
        p += n;
    }
    return 0;
}

static int is_lock_false(const char *word)
{
    return bool_option(word, "lock", 0);
}

static int is_auto_approve(const char *word)
{
    return bool_option(word, "auto-approve", 1);
}

/* ---- one run: step ---- */

struct tf_hit {
    char word[64];  /* the option as the script writes it */
    size_t k;       /* its occurrence among the script's words equal to it */
    char sub[32];   /* the subcommand */
    char prog[16];  /* terraform, tofu, terragrunt */
    int env_var;    /* found in TF_CLI_ARGS: at is that value */
    struct yref at; /* the TF_CLI_ARGS value */
    char var[80];   /* its name */
};

struct tf_scan {
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    int apply_rule; /* 1: -auto-approve without a plan file; 0: -lock=false */
    struct tf_hit hits[8];
    size_t nhits;
    /* occurrences of each hit's word among every word of the script, counted as it goes */
    char seen[8][64];
    size_t nseen[8], nkinds;
};

/* Count word among the words seen so far; its 0-based occurrence. */
static size_t seen_count(struct tf_scan *sc, const char *word)
{
    for (size_t i = 0; i < sc->nkinds; i++)
        if (!strcmp(sc->seen[i], word))
            return sc->nseen[i]++;
    if (sc->nkinds == ARRAY_SIZE(sc->seen) || strlen(word) >= sizeof(sc->seen[0]))
        return 0;
    snprintf(sc->seen[sc->nkinds], sizeof(sc->seen[0]), "%s", word);
    sc->nseen[sc->nkinds] = 1;
    sc->nkinds++;
    return 0;
}

static size_t seen_total(const struct tf_scan *sc, const char *word)
{
    for (size_t i = 0; i < sc->nkinds; i++)
        if (!strcmp(sc->seen[i], word))
            return sc->nseen[i];
    return 0;
}

static void add_hit(struct tf_scan *sc, const char *word, size_t k, const char *sub,
                    const char *prog)
{
    if (sc->nhits == ARRAY_SIZE(sc->hits))
        return;
    struct tf_hit *h = &sc->hits[sc->nhits++];
    memset(h, 0, sizeof(*h));
    snprintf(h->word, sizeof(h->word), "%s", word);
    snprintf(h->sub, sizeof(h->sub), "%s", sub);
    snprintf(h->prog, sizeof(h->prog), "%s", prog);
    h->k = k;
}

/* A TF_CLI_ARGS or TF_CLI_ARGS_<sub> value that adds the option to this command. */
static void env_hit(struct tf_scan *sc, const char *sub, int (*pred)(const char *))
{
    char names[2][80];
    snprintf(names[0], sizeof(names[0]), "TF_CLI_ARGS_%s", sub);
    snprintf(names[1], sizeof(names[1]), "TF_CLI_ARGS");
    for (size_t i = 0; i < 2; i++) {
        struct yref at = {NULL, NULL};
        const char *v = env_value(sc->wf, sc->job, sc->step, names[i], &at);
        if (!v || !args_hold(v, pred))
            continue;
        for (size_t k = 0; k < sc->nhits; k++)
            if (sc->hits[k].env_var && !strcmp(sc->hits[k].var, names[i]))
                return; /* one finding per variable */
        if (sc->nhits == ARRAY_SIZE(sc->hits))
            return;
        struct tf_hit *h = &sc->hits[sc->nhits++];
        memset(h, 0, sizeof(*h));
        snprintf(h->sub, sizeof(h->sub), "%s", sub);
        snprintf(h->var, sizeof(h->var), "%.70s", names[i]);
        h->env_var = 1;
        h->at = at;
        return;
    }
}

static void tf_command(char *const *w, size_t n, void *arg)
{
    struct tf_scan *sc = arg;
    size_t counts[64];
    for (size_t i = 0; i < n && i < ARRAY_SIZE(counts); i++)
        counts[i] = seen_count(sc, w[i]);
    size_t sub = x_tf_command(w, n);
    if (!sub || n > ARRAY_SIZE(counts))
        return;
    if (!sc->apply_rule) {
        if (!locking_command(w[sub]))
            return;
        size_t before = sc->nhits;
        for (size_t i = sub + 1; i < n; i++)
            if (is_lock_false(w[i]))
                add_hit(sc, w[i], counts[i], w[sub], path_basename(w[0]));
        if (sc->nhits == before)
            env_hit(sc, w[sub], is_lock_false);
        return;
    }
    if (strcmp(w[sub], "apply"))
        return;
    long approve = -1;
    int plan_file = 0;
    for (size_t i = sub + 1; i < n; i++) {
        if (w[i][0] != '-' || !w[i][1]) {
            plan_file = 1; /* a saved plan (or a variable naming one) */
            continue;
        }
        if (is_auto_approve(w[i]) && approve < 0)
            approve = (long)i;
        if (takes_value(w[i]))
            i++;
    }
    if (plan_file)
        return;
    if (approve >= 0)
        add_hit(sc, w[approve], counts[approve], "apply", path_basename(w[0]));
    else
        env_hit(sc, "apply", is_auto_approve);
}

/* Position of hit h of step s: the option in the script, or the TF_CLI_ARGS value. */
static void hit_pos(const struct tf_scan *sc, const struct tf_hit *h, unsigned *line, unsigned *col)
{
    if (h->env_var) {
        *line = yref_line(h->at);
        *col = yref_col(h->at);
        return;
    }
    runpos_word(sc->wf, sc->step->run_at, h->word, h->k, seen_total(sc, h->word), line, col);
}

/* Scan the terraform commands of one run: step. */
static void scan_step(struct tf_scan *sc, const struct workflow *wf, const struct wf_job *j,
                      const struct wf_step *s, int apply_rule)
{
    memset(sc, 0, sizeof(*sc));
    sc->wf = wf;
    sc->job = j;
    sc->step = s;
    sc->apply_rule = apply_rule;
    if (s->run && (str_find(s->run, "terraform") || str_find(s->run, "tofu") ||
                   str_find(s->run, "terragrunt")))
        gha_commands(s->run, tf_command, sc);
}

/* One place a job switches the option on: where, and how it says so. */
struct tf_place {
    unsigned line, col, line2;
    const struct ynode *via;
    char *path;
    char *what; /* "terraform plan runs with -lock=false", "TF_CLI_ARGS_plan adds -lock=false
                 * to terraform plan" */
};

/* The places of job's steps where the Terraform commands switch the option on (at most max).
 * opt names the option for the TF_CLI_ARGS form. */
static size_t job_places(const struct workflow *wf, const struct wf_job *job, int apply_rule,
                         const char *opt, struct tf_place *places, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < job->nsteps; k++) {
        const struct wf_step *st = &job->steps[k];
        struct tf_scan sc;
        scan_step(&sc, wf, job, st, apply_rule);
        for (size_t i = 0; i < sc.nhits && n < max; i++) {
            const struct tf_hit *h = &sc.hits[i];
            struct tf_place *pl = &places[n];
            hit_pos(&sc, h, &pl->line, &pl->col);
            int dup = 0; /* a TF_CLI_ARGS of the job or workflow is met at every step */
            for (size_t q = 0; q < n && !dup; q++)
                dup = places[q].line == pl->line && places[q].col == pl->col;
            if (dup)
                continue;
            pl->line2 = h->env_var ? 0 : yref_line(st->run_at);
            pl->via = h->env_var ? h->at.via : NULL;
            pl->path = gha_path(job, st, h->env_var ? NULL : "run");
            pl->what = h->env_var ? xstrfmt("%s adds %s to terraform %s", h->var, opt, h->sub)
                                  : xstrfmt("%s %s runs with %s", h->prog, h->sub, h->word);
            n++;
        }
    }
    return n;
}

/* Related locations for places[from..n) of job, and free them all. */
static void places_related(struct rule_ctx *ctx, const struct workflow *wf,
                           const struct wf_job *job, struct tf_place *places, size_t from, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i >= from) {
            struct anchor a = {wf->file, places[i].line, places[i].col, 0, job->id, places[i].path};
            rule_related(ctx, &a, "also: %s", places[i].what);
        }
        free(places[i].path);
        free(places[i].what);
    }
}

/* Report the Terraform commands of job's steps that switch the option on, once per job (one
 * practice, one finding): "<what>: <tail>" at the first place, the others as related
 * locations. */
static void report_hits(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *job,
                        int apply_rule, const char *opt, const char *fix, const char *tail)
{
    struct tf_place places[32];
    size_t n = job_places(wf, job, apply_rule, opt, places, ARRAY_SIZE(places));
    char more[64] = "";
    if (n > 1)
        snprintf(more, sizeof(more), " (%zu more place%s in the job)", n - 1,
                 n - 1 == 1 ? "" : "s");
    if (n)
        gha_report_pos(ctx, SEV_NONE, wf, places[0].line, places[0].col, places[0].line2,
                       places[0].via, job->id, places[0].path, fix, "%s%s%s", places[0].what, more,
                       tail);
    places_related(ctx, wf, job, places, 1, n);
}

/* ---- gha/terraform-lock-disabled ---- */

static void check_lock_disabled(struct rule_ctx *ctx, const struct subject *s)
{
    for (size_t j = 0; j < s->wf->njobs; j++)
        report_hits(ctx, s->wf, &s->wf->jobs[j], 0, "-lock=false",
                    "remove it; a lock left behind by a cancelled run is released with terraform "
                    "force-unlock LOCK_ID, not by switching locking off",
                    ": state locking is off, so another run (a second CI job, a person) can read "
                    "and write the same state at once and the later write loses the other's "
                    "changes");
}

/* ---- gha/terraform-apply-unreviewed ---- */

/* Where job j of wf deploys: its own deploy, or (for a reusable workflow only called from this
 * repository) the deploys of the jobs that call it. */
static unsigned job_classes(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j)
{
    struct gha_deploy d;
    gha_job_deploy(ctx, wf, j, 0, &d);
    unsigned classes = d.classes;
    if (!gha_only_called(wf))
        return classes;
    for (size_t i = 0; wf->set && i < wf->set->n; i++) {
        const struct workflow *caller = wf->set->v[i];
        for (size_t k = 0; k < caller->njobs; k++) {
            if (caller->jobs[k].callee != wf)
                continue;
            gha_job_deploy(ctx, caller, &caller->jobs[k], 0, &d);
            classes |= d.classes;
        }
    }
    return classes;
}

#define APPLY_FIX                                                                                  \
    "save the plan (terraform plan -out=tfplan), have it reviewed and checked (terraform show "    \
    "-json tfplan | infralint -), then run terraform apply tfplan"
#define APPLY_WHY                                                                                  \
    "Terraform plans again and applies that, not the plan that was reviewed and checked"

/* Several jobs of one workflow that apply unreviewed to one class: one finding (the practice of
 * the workflow), at the first job's first place, every other place a related location. */
static void report_apply_jobs(struct rule_ctx *ctx, const struct workflow *wf,
                              const struct gha_jobs *g)
{
    struct strbuf names = STRBUF_INIT;
    gha_jobs_names(g, &names);
    for (size_t k = 0; k < g->n; k++) {
        const struct wf_job *job = g->v[k].j;
        struct tf_place places[32];
        size_t n = job_places(wf, job, 1, "-auto-approve", places, ARRAY_SIZE(places));
        if (!k && n)
            gha_report_pos(
                ctx, SEV_NONE, wf, places[0].line, places[0].col, places[0].line2, places[0].via,
                job->id, places[0].path, APPLY_FIX,
                "%s and no saved plan file in %zu jobs that deploy to %s (%s): " APPLY_WHY,
                places[0].what, g->n, g->v[0].key, names.buf);
        places_related(ctx, wf, job, places, k ? 0 : 1, n);
    }
    strbuf_release(&names);
}

static void check_apply_unreviewed(struct rule_ctx *ctx, const struct subject *s)
{
    const struct workflow *wf = s->wf;
    struct gha_jobs jobs = {0}, g = {0};
    for (size_t j = 0; j < wf->njobs; j++) {
        const struct wf_job *job = &wf->jobs[j];
        int applies = 0;
        for (size_t k = 0; k < job->nsteps && !applies; k++)
            applies = job->steps[k].run && str_find(job->steps[k].run, "apply");
        if (!applies)
            continue;
        unsigned classes = job_classes(ctx, wf, job);
        if (!(classes & (ENV_BIT(ENV_PROD) | ENV_BIT(ENV_STAGING))))
            continue;
        struct tf_place places[32];
        size_t n = job_places(wf, job, 1, "-auto-approve", places, ARRAY_SIZE(places));
        places_related(ctx, wf, job, places, n, n); /* only frees them */
        if (n)
            gha_jobs_add_pos(&jobs, job, places[0].line, places[0].col,
                             classes & ENV_BIT(ENV_PROD) ? "production" : "staging");
    }
    while (gha_jobs_next(&jobs, &g)) {
        if (g.n > 1) {
            report_apply_jobs(ctx, wf, &g);
            continue;
        }
        char tail[300];
        snprintf(tail, sizeof(tail),
                 " and no saved plan file in job '%.100s', which deploys to %s: " APPLY_WHY,
                 g.v[0].j->id, g.v[0].key);
        report_hits(ctx, wf, g.v[0].j, 1, "-auto-approve", APPLY_FIX, tail);
    }
    gha_jobs_release(&jobs);
    gha_jobs_release(&g);
}

const struct rule gha_terraform_rules[] = {
    {
        .id = "gha/terraform-lock-disabled",
        .title = "Terraform runs in CI keep state locking on",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_lock_disabled,
        .help = "`terraform plan`, `apply`, `destroy` and `import` lock the remote state while "
                "they run, so that two runs (two CI jobs, a person and CI) never read and write it "
                "at once. `-lock=false` (also `--lock=false`, `-lock=0`, or in the "
                "`TF_CLI_ARGS` / `TF_CLI_ARGS_<command>` variables of the step, job or workflow) "
                "switches that off: the later write wins and the state loses resources, which "
                "Terraform then tries to create again. The usual reason is a lock left behind by "
                "a cancelled run, which `terraform force-unlock` releases once. The finding points "
                "at the option inside the `run:` script, once per job (its other places are "
                "related locations).\n\n"
                "Fix: remove `-lock=false`; release a stale lock with `terraform force-unlock "
                "LOCK_ID`, and give runs that may wait `-lock-timeout=5m` instead.",
    },
    {
        .id = "gha/terraform-apply-unreviewed",
        .title = "Staging and production applies apply the reviewed plan",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "security review of plan output",
        .check = check_apply_unreviewed,
        .help =
            "`terraform apply -auto-approve` without a saved plan file plans again at apply "
            "time and applies whatever that plan says: not the plan a person reviewed and "
            "infralint checked in the pull request. Between the two the code, the variables "
            "or the real infrastructure may have changed. A job that deploys to staging or "
            "production (by its `environment:`, or a target named after one; a reusable "
            "workflow by its callers) must apply a saved plan: `terraform apply tfplan` "
            "applies exactly that plan, or fails when the state moved on. `-auto-approve` "
            "in `TF_CLI_ARGS` / `TF_CLI_ARGS_apply` counts too; a plan file given by a "
            "variable (`terraform apply \"$PLAN\"`) is a saved plan. Reported once per job, at the "
            "option (the other places as related locations); several such jobs of one workflow "
            "that deploy to the same class are one finding (one practice), at the first job's "
            "option, naming the jobs, every other place a related location.\n\n"
            "Fix: `terraform plan -out=tfplan` where the plan is reviewed (upload it as an "
            "artifact, check it with `terraform show -json tfplan | infralint -`), then "
            "`terraform apply tfplan` in the deploy job.",
    },
    {0},
};
