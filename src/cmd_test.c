/* cmd_test.c — `infralint test [PATH ...]`: run the Lua policy tests found under the paths
 * (default: the config's `policies:`, else the current directory). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "infralint/config.h"
#include "infralint/policy.h"
#include "infralint/util.h"

int cmd_test(struct cli *c)
{
    struct diag_list errs = {0};
    struct config cfg;
    config_init(&cfg);
    char *cpath = c->config ? xstrdup(c->config) : config_find(".");
    if (cpath)
        config_load(&cfg, cpath, &errs);
    free(cpath);
    int rc;
    if (errs.n) {
        policy_print_errors(stderr, &errs);
        rc = 2;
    } else {
        rc = policy_test_main(c->paths, c->npaths, &cfg, c->coverage, c->isolate, c->debug, stdout);
    }
    config_release(&cfg);
    diag_release(&errs);
    return rc;
}
