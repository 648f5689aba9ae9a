/* fuzz_check.h — run `infralint check PATH` for a harness: text report to /dev/null, the given
 * configuration file and policy files (main.c owns the option strings it parses; these are
 * static). */
#ifndef INFRALINT_FUZZ_CHECK_H
#define INFRALINT_FUZZ_CHECK_H

#include <stddef.h>

#include "cli.h"

static inline void fuzz_check(char *path, const char *config, const char **policies, size_t np)
{
    char *paths[] = {path};
    struct cli c = {0};
    c.paths = paths;
    c.npaths = 1;
    c.formats[0].name = "text";
    c.nformats = 1;
    c.output = "/dev/null";
    c.config = config;
    c.policies = policies;
    c.npolicies = np;
    c.quiet = 1;
    cmd_check(&c);
}

#endif
