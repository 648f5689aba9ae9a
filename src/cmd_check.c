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
#include "infralint/config.h"
#include "infralint/policy.h"
#include "infralint/report.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

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
            fprintf(stderr, "infralint: error: unknown format '%s' (known: %s)\n",
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
    for (size_t i = 0; i < p->ninputs; i++) {
        const struct input *in = &p->inputs[i];
        printf("%s: %s%s%s%s\n", in->path, in->kind, in->note ? " (" : "", in->note ? in->note : "",
               in->note ? ")" : "");
    }
    for (size_t i = 0; i < errs->n; i++)
        printf("%s: error: %s\n", errs->v[i].file ? errs->v[i].file : "infralint",
               errs->v[i].message);
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

static int write_reports(struct cli *c, const struct results *r, const struct config *cfg)
{
    int rc = 0;
    for (size_t i = 0; i < c->nformats; i++) {
        const struct format_req *f = &c->formats[i];
        const char *file = f->file ? f->file : c->output;
        FILE *out = file ? fopen(file, "w") : stdout;
        if (!out) {
            fprintf(stderr, "infralint: error: cannot write '%s': %s\n", file, strerror(errno));
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
        report_find(f->name)->fn(out, r, &o);
        if (file && fclose(out) != 0) {
            fprintf(stderr, "infralint: error: cannot write '%s': %s\n", file, strerror(errno));
            rc = 2;
        }
    }
    fflush(stdout);
    return rc;
}

int cmd_check(struct cli *c)
{
    enum severity fail_on = SEV_WARNING;
    if (c->fail_on && strcmp(c->fail_on, "never") && severity_parse(c->fail_on, &fail_on)) {
        fprintf(stderr,
                "infralint: error: --fail-on must be error, warning, note or never, not '%s'\n",
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
    ruleset_configure(&rs, &cfg, &errs);
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
            fprintf(stderr, "infralint: error: %s\n", tmp.v[0].message);
            rc = 2;
        }
        diag_release(&tmp);
    }
    struct env_patterns pat;
    patterns_from_config(&pat, &cfg);
    struct project proj;
    project_init(&proj);
    if (rc == 0) {
        struct discover_opts dopts = {c->tf_workspace};
        char *dot[] = {(char *)"."};
        size_t errs_before = errs.n;
        discover(&proj, c->npaths ? c->paths : dot, c->npaths ? c->npaths : 1, &dopts, &errs);
        if (c->list_inputs) {
            rc = list_inputs(&proj, &errs);
        } else {
            struct mig_history hist = {cfg.has_released_through, cfg.released_through, c->since};
            int mig_hint = mig_apply_history(&proj, &hist, &errs);
            if (!proj.nplans && !proj.nstacks && !proj.nmigs && !proj.nwfs &&
                errs.n == errs_before) {
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
            if (mig_hint)
                res.hint = "without released_through or --since every migration is checked: "
                           "set one";
            rc = exit_status(&res, fail_on);
            if (write_reports(c, &res, &cfg))
                rc = 2;
            if (c->fast_exit)
                return rc; /* the process ends now: tearing down a large plan only costs time */
            results_release(&res);
        }
    }
    project_release(&proj);
    env_patterns_release(&pat);
    ruleset_release(&rs);
    policy_set_release(&ps);
    config_release(&cfg);
    diag_release(&errs);
    return rc;
}
