/* fuzz_cli.c — libFuzzer harness over the whole CLI: the input is cut at "\n====\n" into a
 * plan, a workflow and a migration, written as a repository in a temporary directory, and
 * `infralint DIR` runs on it (discovery, loaders, rules, inline suppressions, the report). The
 * configuration is fixed: a fuzzed one could name any directory of the machine as policies. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROOT "/tmp/infralint-fuzz-cli"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {ROOT "/plan.json", ROOT "/.github/workflows/ci.yml",
                                        ROOT "/db/001_init.sql"};
    mkdir(ROOT, 0700);
    mkdir(ROOT "/.github", 0700);
    mkdir(ROOT "/.github/workflows", 0700);
    mkdir(ROOT "/db", 0700);
    const char *p = (const char *)data, *end = p + size;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        const char *cut = memmem(p, (size_t)(end - p), "\n====\n", 6);
        FILE *f = fopen(files[i], "w");
        if (f) {
            fwrite(p, 1, (size_t)((cut ? cut : end) - p), f);
            fclose(f);
        }
        p = cut ? cut + 6 : end;
    }
    FILE *cfg = fopen(ROOT "/.infralint.yaml", "w");
    if (cfg) {
        fputs("environment: prod\n", cfg);
        fclose(cfg);
    }
    fuzz_check(ROOT, ROOT "/.infralint.yaml", NULL, 0);
    return 0;
}
