/* cli.h — the parsed command line, shared by main.c and the commands (private). */
#ifndef INFRALINT_CLI_H
#define INFRALINT_CLI_H

#include <stddef.h>

#define INFRALINT_VERSION "0.1.0"

struct format_req {
    const char *name;
    const char *file; /* NULL: --output or standard output */
};

struct cli {
    const char *command;
    char **paths;
    size_t npaths;
    struct format_req formats[8];
    size_t nformats;
    const char *output;
    const char *env;
    const char *config;
    const char *fail_on;
    const char *since;    /* --since REF: only migrations changed since REF are news */
    const char **toggles; /* "+id" enable, "-id" disable, in order */
    size_t ntoggles;
    int no_inline_ignores;
    int strict;                 /* --strict: report unused suppressions and baseline entries */
    const char *baseline;       /* --baseline FILE */
    const char *write_baseline; /* --write-baseline FILE */
    const char *persona;        /* --persona NAME (checked), or NULL */
    int verbose;
    int list_inputs;
    int color; /* -1 auto, 0 never, 1 always */
    int quiet;
    const char **policies; /* -p/--policy, in order */
    size_t npolicies;
    int debug;                /* --debug: print() of policies and their tracebacks on stderr */
    int isolate;              /* --isolate process: enum policy_isolation */
    int coverage;             /* test --coverage */
    int files_only;           /* --files-only: report only on the files named */
    int sarif_suppressed;     /* --sarif-suppressed: SARIF keeps suppressed findings */
    const char *tf_workspace; /* from the environment */
    int no_color_env;         /* NO_COLOR is set */
    int fast_exit;            /* skip freeing documents before exit (arena allocation) */
};

/* infralint [check]: check the paths; returns the exit status. */
int cmd_check(struct cli *c);
/* infralint rules: list every rule. */
int cmd_rules(struct cli *c);
/* infralint explain RULE: one rule's documentation. */
int cmd_explain(struct cli *c);
/* infralint test: run the Lua policy tests. */
int cmd_test(struct cli *c);

#endif
