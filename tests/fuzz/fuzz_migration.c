/* fuzz_migration.c — libFuzzer harness for the SQL side: the input is read as a goose file and as
 * a golang-migrate Up file (goose's line reader, the PostgreSQL lexer, statement splitting and
 * analysis), then every built-in rule runs over the result. Seeded from testdata's .sql files. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"
#include "infralint/migration.h"
#include "infralint/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct project p;
    struct diag_list d = {0};
    project_init(&p);
    mig_add_file(&p, "1_fuzz.sql", (const char *)data, size, 0, &d);    /* goose, if annotated */
    mig_add_file(&p, "2_fuzz.up.sql", (const char *)data, size, 0, &d); /* golang-migrate */
    mig_finish(&p, &d);
    struct mig_history h = {0};
    mig_apply_history(&p, &h, &d);
    size_t n;
    const struct rule **rules = registry_rules(&n);
    struct ruleset rs;
    ruleset_init(&rs, rules, n);
    struct engine_opts o = {.inline_ignores = 1, .today = "2025-01-01"};
    struct results r = {0};
    engine_run(&rs, &p, &o, &r);
    results_release(&r);
    ruleset_release(&rs);
    free(rules);
    project_release(&p);
    diag_release(&d);
    return 0;
}
