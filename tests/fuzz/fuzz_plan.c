/* fuzz_plan.c — libFuzzer harness: any bytes through the Terraform JSON loader and every plan
 * and backend rule. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "tfjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* differential: the scanner never accepts what jansson refuses */
    struct jmember *m;
    size_t nm;
    if (tfjson_scan_object((const char *)data, size, &m, &nm) == 0) {
        json_error_t e;
        json_t *j = json_loadb((const char *)data, size, 0, &e);
        if (!j)
            abort();
        json_decref(j);
        free(m);
    }
    struct diag_list d = {0};
    struct tfjson_result r;
    tfjson_load("fuzz.json", (const char *)data, size, TFJSON_EXPLICIT, &r, &d);
    struct project p;
    project_init(&p);
    if (r.plan) {
        p.plans = xcalloc(1, sizeof(*p.plans));
        p.plans[0] = r.plan;
        p.nplans = p.plans_alloc = 1;
    }
    if (r.backend) {
        struct tfstack *s = tfstack_new(".");
        s->backend = r.backend;
        s->dotterraform = xstrdup(".terraform");
        if (r.plan) {
            tfstack_add_plan(s, r.plan);
            plan_set_stack(r.plan, s);
        }
        p.stacks = xcalloc(1, sizeof(*p.stacks));
        p.stacks[0] = s;
        p.nstacks = p.stacks_alloc = 1;
    }
    size_t n;
    const struct rule **rules = registry_rules(&n);
    struct ruleset rs;
    ruleset_init(&rs, rules, n);
    free(rules);
    struct config cfg;
    config_init(&cfg);
    struct env_patterns pat;
    env_patterns_default(&pat);
    struct engine_opts o = {.config = &cfg,
                            .patterns = &pat,
                            .env_flag = "prod",
                            .today = "2026-01-01",
                            .verbose = 1,
                            .inline_ignores = 1};
    engine_resolve_envs(&p, &o);
    struct results res = {0};
    engine_run(&rs, &p, &o, &res);
    results_release(&res);
    ruleset_release(&rs);
    env_patterns_release(&pat);
    config_release(&cfg);
    project_release(&p);
    diag_release(&d);
    return 0;
}
