/* fuzz_workflow.c — libFuzzer harness for the whole workflow path: the loader, the model, the
 * `${{ }}` scanner, inline ignores, and every built-in rule run over the result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list d = {0};
    char *src = xmalloc(size + 1);
    memcpy(src, data, size);
    src[size] = '\0';
    struct workflow *wf = wf_load("fuzz.yml", src, size, &d);
    if (wf) {
        struct project p;
        project_init(&p);
        p.wfs = xcalloc(1, sizeof(*p.wfs));
        p.wfs[p.nwfs++] = wf;
        wf_scan_ignores(wf, &p.ignores, &d);
        wf_link(p.wfs, p.nwfs, &p.wfsets, &p.nwfsets);
        size_t n;
        const struct rule **rules = registry_rules(&n);
        struct ruleset rs;
        ruleset_init(&rs, rules, n);
        free(rules);
        ruleset_toggle(&rs, "*", 1, &d);
        struct env_patterns pat;
        env_patterns_default(&pat);
        struct engine_opts o = {
            .patterns = &pat, .today = "2025-01-01", .inline_ignores = 1, .strict = 1};
        struct results r = {0};
        engine_run(&rs, &p, &o, &r);
        results_release(&r);
        ruleset_release(&rs);
        env_patterns_release(&pat);
        project_release(&p);
    }
    diag_release(&d);
    return 0;
}
