/* cmd_check.c — `infralint [check]`: configuration, discovery, rules, reports, exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "discover.h"
#include "engine.h"
#include "files_only.h"
#include "infralint/baseline.h"
#include "infralint/config.h"
#include "infralint/escape.h"
#include "infralint/migration.h"
#include "infralint/policy.h"
#include "infralint/report.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/util.h"

/* Do the x/ rules that read the migrations of the change join them with other documents in
 * this run (then the history options decide what those rules count, too)? */
static int x_joins_migrations(const struct ruleset *rs, const struct project *p)
{
    static const char *const ids[] = {"x/blue-green-needs-compatible-migrations",
                                      "x/migration-without-release-gate"};
    if (!p->nmigs || (!p->nplans && !p->nwfs))
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
        const struct rule_state *st = ruleset_find(rs, ids[i]);
        if (st && st->enabled)
            return 1;
    }
    return 0;
}

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int check_formats(struct cli *c)
{
    if (!c->nformats) {
        c->formats[0].name = xstrdup("text");
        c->nformats = 1;
    }
    int unnamed = 0;
    for (size_t i = 0; i < c->nformats; i++) {
        if (!report_find(c->formats[i].name)) {
            struct strbuf names = STRBUF_INIT;
            report_names(&names);
            escape_term_printf(stderr, "infralint: error: unknown format '%s' (known: %s)",
                               c->formats[i].name, names.buf);
            strbuf_release(&names);
            return -1;
        }
        unnamed += !c->formats[i].file;
    }
    if (unnamed > 1) {
        fprintf(stderr,
                "infralint: error: only one format can go to %s; give the others a file "
                "(-f json=report.json)\n",
                c->output ? "--output" : "standard output");
        return -1;
    }
    return 0;
}

static void patterns_from_config(struct env_patterns *pat, const struct config *cfg)
{
    env_patterns_default(pat);
    for (int cl = ENV_DEV; cl <= ENV_PROD; cl++)
        if (cfg->has_patterns[cl])
            env_patterns_set(pat, (enum env_class)cl, (char *const *)cfg->patterns[cl],
                             cfg->npatterns[cl]);
}

static int list_inputs(const struct project *p, const struct diag_list *errs)
{
    struct strbuf sb = STRBUF_INIT; /* file names are escaped as in every text output */
    for (size_t i = 0; i < p->ninputs; i++) {
        const struct input *in = &p->inputs[i];
        escape_term(&sb, in->path);
        strbuf_addf(&sb, ": %s", in->kind);
        if (in->note) {
            strbuf_addstr(&sb, " (");
            escape_term(&sb, in->note);
            strbuf_addch(&sb, ')');
        }
        strbuf_addch(&sb, '\n');
    }
    for (size_t i = 0; i < errs->n; i++) {
        escape_term(&sb, errs->v[i].file ? errs->v[i].file : "infralint");
        strbuf_addstr(&sb, ": error: ");
        escape_term(&sb, errs->v[i].message);
        strbuf_addch(&sb, '\n');
    }
    fputs(sb.buf, stdout);
    strbuf_release(&sb);
    return errs->n ? 2 : 0;
}

static int exit_status(const struct results *r, enum severity fail_on)
{
    if (r->errors.n)
        return 2;
    if (fail_on == SEV_NONE)
        return 0;
    for (size_t i = 0; i < r->findings.n; i++)
        if (!r->findings.v[i].suppressed && r->findings.v[i].severity >= fail_on)
            return 1;
    return 0;
}

/* "sarif: results.sarif, text: report.txt": where the formats other than skip go (for the
 * github format's last notice), or NULL when none goes to a file. */
static char *other_outputs(const struct cli *c, size_t skip)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < c->nformats; i++) {
        const char *file = c->formats[i].file ? c->formats[i].file : c->output;
        if (i != skip && file)
            strbuf_addf(&sb, "%s%s (%s)", sb.len ? ", " : "", file, c->formats[i].name);
    }
    return sb.len ? strbuf_detach(&sb) : NULL;
}

static int write_reports(struct cli *c, const struct results *r, const struct config *cfg,
                         const char *baseline)
{
    int rc = 0;
    for (size_t i = 0; i < c->nformats; i++) {
        const struct format_req *f = &c->formats[i];
        const char *file = f->file ? f->file : c->output;
        FILE *out = file ? fopen(file, "w") : stdout;
        if (!out) {
            escape_term_printf(stderr, "infralint: error: cannot write '%s': %s", file,
                               strerror(errno));
            rc = 2;
            continue;
        }
        struct report_opts o = {0};
        o.color = c->color == 1 ||
                  (c->color == -1 && !file && !c->no_color_env && isatty(fileno(stdout)));
        o.quiet = c->quiet;
        o.verbose = c->verbose;
        o.docs_url = cfg->docs_url;
        o.version = INFRALINT_VERSION;
        o.baseline = baseline;
        o.sarif_suppressed = c->sarif_suppressed;
        char *others = other_outputs(c, i);
        o.others = others;
        if (report_find(f->name)->fn(out, r, &o) < 0 && !file) {
            fprintf(stderr, "infralint: error: cannot write the %s report\n", f->name);
            rc = 2;
        }
        free(others);
        if (file && fclose(out) != 0) {
            escape_term_printf(stderr, "infralint: error: cannot write '%s': %s", file,
                               strerror(errno));
            rc = 2;
        }
    }
    fflush(stdout);
    return rc;
}

/* Unknown rule ids in config `ignore:` entries and inline ignores are errors (globs are not
 * checked): a typo would otherwise suppress nothing, silently. */
static void check_suppression_ids(const struct ruleset *rs, const struct config *cfg,
                                  const struct project *p, int inline_on, struct diag_list *errs)
{
    const char **ids = xcalloc(rs->n + 1, sizeof(char *));
    for (size_t i = 0; i < rs->n; i++)
        ids[i] = rs->v[i].rule->id;
    config_check_ignore_ids(cfg, ids, rs->n, errs);
    if (inline_on)
        suppress_check_ids(&p->ignores, ids, rs->n, errs);
    free(ids);
}

/* Was a file named on the command line skipped by the config's `exclude:`? (Then a run that
 * recognises nothing else is not an error: pre-commit names files a team chose to exclude.) */
static int named_excluded(const struct project *p, const struct cli *c)
{
    for (size_t i = 0; i < p->ninputs; i++)
        for (size_t k = 0; k < c->npaths && !strcmp(p->inputs[i].kind, "excluded"); k++)
            if (!strcmp(p->inputs[i].path, c->paths[k]))
                return 1;
    return 0;
}

/* The paths to discover: those given but configuration files (.infralint.yaml), which are
 * recorded as inputs instead (*config_named when one is the configuration in use). A new array
 * of borrowed strings. */
static char **take_config_paths(const struct cli *c, struct project *p, const char *cfg_path,
                                size_t *nconfigs, int *config_named)
{
    char **out = xcalloc(c->npaths + 1, sizeof(char *));
    size_t n = 0;
    for (size_t i = 0; i < c->npaths; i++) {
        const char *path = c->paths[i];
        if (strcmp(path_basename(path), ".infralint.yaml") || access(path, F_OK)) {
            out[n++] = c->paths[i];
            continue;
        }
        (*nconfigs)++;
        if (files_only_is_config(path, cfg_path)) {
            *config_named = 1;
            project_input(p, path, "config", NULL);
        } else {
            project_input(p, path, "skipped",
                          "a configuration file this run does not use: name it with -c");
        }
    }
    return out;
}

/* ---- baselines ---- */

/* What the run covered (for baseline_report_stale). */
struct run_scope {
    const struct ruleset *rs;
    const struct project *p;
    const struct config *cfg;
    const struct diag_list *errs;
};

static int scope_rule_ran(const char *rule, void *ctx)
{
    const struct run_scope *s = ctx;
    const struct rule_state *st = ruleset_find(s->rs, rule);
    if (st && st->enabled && st->rule->kinds == KIND_PROJECT) {
        /* a cross-artifact finding depends on more than its file: judged only by a run that
         * read a plan and the workflows or migrations it is joined with */
        const struct project *p = s->p;
        return (p->nplans || p->nstacks) && (p->nwfs || p->nmigs);
    }
    return st && st->enabled;
}

/* Did the run read file (an input, the directory of a workflow input, the configuration)
 * without an input error? */
static int scope_file_read(const char *file, void *ctx)
{
    const struct run_scope *s = ctx;
    for (size_t i = 0; i < s->errs->n; i++)
        if (s->errs->v[i].file && !strcmp(s->errs->v[i].file, file))
            return 0;
    if (s->cfg->path && !strcmp(s->cfg->path, file))
        return 1;
    for (size_t i = 0; i < s->p->ninputs; i++) {
        const struct input *in = &s->p->inputs[i];
        if (!strcmp(in->kind, "skipped") || !strcmp(in->kind, "error"))
            continue;
        if (!strcmp(in->path, file))
            return 1;
        size_t n = strlen(file);
        if (!strcmp(in->kind, "workflow") && !strncmp(in->path, file, n) && in->path[n] == '/' &&
            !strchr(in->path + n + 1, '/'))
            return 1;
    }
    return 0;
}

/* Did the run read a file of directory dir? */
static int scope_dir_read(const char *dir, void *ctx)
{
    const struct run_scope *s = ctx;
    for (size_t i = 0; i < s->p->ninputs; i++) {
        const struct input *in = &s->p->inputs[i];
        if (strcmp(in->kind, "skipped") && strcmp(in->kind, "error")) {
            char *d = path_dirname(in->path);
            int same = !strcmp(d, dir);
            free(d);
            if (same)
                return 1;
        }
    }
    return 0;
}

/* The baseline of the run (--baseline, else the config's, relative to its file), or NULL. */
static char *baseline_path(const struct cli *c, const struct config *cfg)
{
    if (c->baseline)
        return xstrdup(c->baseline);
    if (!cfg->baseline)
        return NULL;
    if (cfg->baseline[0] == '/' || !cfg->path)
        return xstrdup(cfg->baseline);
    char *dir = path_dirname(cfg->path);
    char *p = path_join(dir, cfg->baseline);
    free(dir);
    return p;
}

/* Mark what the baseline records, write a new one when asked, report stale entries under
 * --strict; the file the report names as the baseline, or NULL. */
static const char *run_baselines(struct cli *c, struct baseline *bl, struct run_scope *sc,
                                 struct results *res, struct diag_list *errs)
{
    const char *shown = bl->path;
    if (bl->path)
        baseline_apply(bl, &res->findings);
    if (c->write_baseline) {
        size_t n;
        if (baseline_write(c->write_baseline, &res->findings, &n, errs) == 0) {
            for (size_t i = 0; i < res->findings.n; i++) /* the next run's view of this one */
                if (!res->findings.v[i].suppressed)
                    res->findings.v[i].suppressed = SUPP_BASELINE;
            if (!c->quiet)
                escape_term_printf(stderr, "infralint: wrote baseline '%s' (%zu finding%s)",
                                   c->write_baseline, n, n == 1 ? "" : "s");
            shown = c->write_baseline;
        }
        return shown;
    }
    const struct rule_state *unused = ruleset_find(sc->rs, "infralint/unused-ignore");
    if (bl->path && unused && unused->enabled) {
        struct baseline_scope s = {scope_rule_ran, scope_file_read, scope_dir_read, sc};
        if (baseline_report_stale(bl, &s, "infralint/unused-ignore", unused->severity,
                                  &res->findings)) {
            finding_list_sort(&res->findings);
            finding_list_fingerprint(&res->findings);
        }
    }
    return shown;
}

int cmd_check(struct cli *c)
{
    enum severity fail_on = SEV_WARNING;
    if (c->fail_on && strcmp(c->fail_on, "never") && severity_parse(c->fail_on, &fail_on)) {
        escape_term_printf(stderr,
                           "infralint: error: --fail-on must be error, warning, note or never, "
                           "not '%s'",
                           c->fail_on);
        return 2;
    }
    if (check_formats(c))
        return 2;

    struct diag_list errs = {0};
    struct config cfg;
    config_init(&cfg);
    char *cpath = c->config ? xstrdup(c->config) : config_find(".");
    if (cpath)
        config_load(&cfg, cpath, &errs);
    free(cpath);
    if (!c->fail_on && cfg.has_fail_on)
        fail_on = cfg.fail_on;
    else if (c->fail_on && !strcmp(c->fail_on, "never"))
        fail_on = SEV_NONE;
    char date[11];
    today(date);
    config_check_dates(&cfg, date);
    struct baseline bl = {0}; /* writing one records every finding: the old one plays no part */
    char *blpath = c->write_baseline ? NULL : baseline_path(c, &cfg);
    if (blpath)
        baseline_load(&bl, blpath, &errs); /* a broken one is an input error; the run goes on */
    free(blpath);

    size_t nrules;
    const struct rule **rules = registry_rules(&nrules);
    struct ruleset rs;
    ruleset_init(&rs, rules, nrules);
    free(rules);
    struct policy_set ps; /* policies join the ruleset before the config's rules: apply */
    policy_set_init(&ps, &cfg, &errs);
    ps.debug = c->debug;
    ps.isolate = c->isolate ? POLICY_ISOLATE_PROCESS : POLICY_IN_PROCESS;
    policy_set_load_all(&ps, &cfg, (char *const *)c->policies, c->npolicies);
    for (size_t i = 0; i < ps.n; i++)
        ruleset_add(&rs, policy_rule(ps.v[i]));
    enum persona persona = cfg.persona;
    if (c->persona)
        rule_persona_parse(c->persona, &persona); /* checked when the option was read */
    ruleset_set_persona(&rs, persona);
    ruleset_configure(&rs, &cfg, &errs);
    if (cfg.has_runner_labels) { /* one list for both rules that judge runs-on */
        ruleset_set_list(&rs, "gha/unknown-name", "runner_labels", cfg.runner_labels,
                         cfg.nrunner_labels);
        ruleset_set_list(&rs, "gha/runner-label", "labels", cfg.runner_labels, cfg.nrunner_labels);
    }
    if (cfg.has_trusted_actions)
        ruleset_set_list(&rs, "gha/unpinned-action", "trusted_actions", cfg.trusted_actions,
                         cfg.ntrusted_actions);
    struct rule_state *unused = ruleset_find(&rs, "infralint/unused-ignore");
    if (c->strict && unused)
        unused->enabled = 1;
    int rc = 0;
    for (size_t i = 0; i < c->ntoggles; i++) {
        struct diag_list tmp = {0};
        if (ruleset_toggle(&rs, c->toggles[i] + 1, c->toggles[i][0] == '+', &tmp)) {
            escape_term_printf(stderr, "infralint: error: %s", tmp.v[0].message);
            rc = 2;
        }
        diag_release(&tmp);
    }
    struct env_patterns pat;
    patterns_from_config(&pat, &cfg);
    struct project proj;
    project_init(&proj);
    size_t nconfigs = 0;
    int config_named = 0;
    char **paths = take_config_paths(c, &proj, cfg.path, &nconfigs, &config_named);
    size_t npaths = c->npaths - nconfigs;
    if (rc == 0) {
        char *cfg_dir = cfg.path ? path_dirname(cfg.path) : NULL;
        struct discover_opts dopts = {c->tf_workspace, cfg.exclude, cfg.nexclude, cfg_dir};
        char *dot[] = {(char *)"."};
        size_t errs_before = errs.n;
        if (npaths || !nconfigs)
            discover(&proj, npaths ? paths : dot, npaths ? npaths : 1, &dopts, &errs);
        tfpin_attach(&proj);
        free(cfg_dir);
        if (c->list_inputs) {
            rc = list_inputs(&proj, &errs);
        } else {
            if (cfg.mig_dialect != MIG_DIALECT_AUTO)
                mig_detect_dialects(&proj, (enum mig_dialect)cfg.mig_dialect);
            struct mig_history hist = {cfg.has_released_through, cfg.released_through, c->since};
            int mig_hint = mig_apply_history(&proj, &hist, &errs);
            check_suppression_ids(&rs, &cfg, &proj,
                                  !c->no_inline_ignores && cfg.allow_inline_ignores, &errs);
            if (!proj.nplans && !proj.nstacks && !proj.nmigs && !proj.nwfs && !nconfigs &&
                !named_excluded(&proj, c) && errs.n == errs_before) {
                struct strbuf sb = STRBUF_INIT;
                for (size_t i = 0; i < (c->npaths ? c->npaths : 1); i++)
                    strbuf_addf(&sb, "%s'%s'", i ? ", " : "", c->npaths ? c->paths[i] : ".");
                diag_add(&errs, NULL, 0, 0,
                         "no input recognised in %s: no Terraform plan JSON, .terraform/ "
                         "directory, GitHub Actions workflow or SQL migration (see "
                         "--list-inputs)",
                         sb.buf);
                strbuf_release(&sb);
            }
            struct engine_opts eo = {0};
            eo.config = &cfg;
            eo.patterns = &pat;
            eo.env_flag = c->env;
            eo.today = date;
            eo.verbose = c->verbose;
            eo.inline_ignores = !c->no_inline_ignores && cfg.allow_inline_ignores;
            eo.strict = c->strict;
            eo.errors = &errs; /* with the results: scrubbed before they are reported */
            engine_resolve_envs(&proj, &eo);
            struct results res = {0};
            engine_run(&rs, &proj, &eo, &res);
            unsigned char *ran = xcalloc(rs.n ? rs.n : 1, 1);
            for (size_t i = 0; i < rs.n; i++)
                ran[i] = (unsigned char)(rs.v[i].enabled != 0);
            res.rule_ran = ran;
            res.inputs = proj.inputs;
            res.ninputs = proj.ninputs;
            if (mig_hint)
                res.hint = x_joins_migrations(&rs, &proj)
                               ? "without released_through or --since every migration was "
                                 "treated as new, also by the x/ rules: set one"
                               : "without released_through or --since every migration is "
                                 "checked: set one";
            struct run_scope sc = {&rs, &proj, &cfg, &res.errors}; /* errs moved there */
            const char *shown = run_baselines(c, &bl, &sc, &res, &errs);
            diag_move(&res.errors, &errs);
            diag_sort(&res.errors);
            if (c->files_only)
                files_only_filter(&res, &proj, c->npaths ? c->paths : dot,
                                  c->npaths ? c->npaths : 1, cfg.path, config_named);
            rc = exit_status(&res, fail_on);
            if (write_reports(c, &res, &cfg, shown))
                rc = 2;
            if (c->fast_exit)
                return rc; /* the process ends now: tearing down a large plan only costs time */
            results_release(&res);
            free(ran);
        }
    }
    free(paths);
    project_release(&proj);
    baseline_release(&bl);
    env_patterns_release(&pat);
    ruleset_release(&rs);
    policy_set_release(&ps);
    config_release(&cfg);
    diag_release(&errs);
    return rc;
}
