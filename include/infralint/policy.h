/* policy.h — user policies written in Lua 5.4: loading, validation, and the rule descriptors
 * they become. A policy set owns its policies, their sandboxed Lua states and their rule
 * descriptors; the descriptors (and every string in them) live until policy_set_release(), so a
 * ruleset or a results list may borrow them until then. Load and run errors are appended to the
 * diagnostic list given to policy_set_init() (borrowed; it must outlive the set), and never stop
 * the other policies. Lua itself is private to the policy engine files (src/policy*.c). */
#ifndef INFRALINT_POLICY_H
#define INFRALINT_POLICY_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "diag.h"
#include "rule.h"

/* Defaults of `policy_limits` (per policy, per run of its check on one document). */
#define POLICY_DEFAULT_INSTRUCTIONS 100000000LL
#define POLICY_DEFAULT_MEMORY_MB 64LL
#define POLICY_DEFAULT_DEADLINE_MS 2000LL
#define POLICY_DEFAULT_FINDINGS 1000LL /* per policy per document, then one note */
#define POLICY_DEFAULT_PER_FILE 500LL  /* policies one file may return */
#define POLICY_DEFAULT_POLICIES 5000LL /* policies in a run */

struct policy_limits {
    long long instructions; /* Lua VM instructions per check */
    long long memory_mb;    /* the policy's whole Lua state */
    long long deadline_ms;  /* wall clock per check (monotonic) */
    long long findings;     /* findings per check; the rest are counted in one note */
};

enum policy_isolation { POLICY_IN_PROCESS = 0, POLICY_ISOLATE_PROCESS };

struct policy;

struct policy_set {
    struct policy **v;
    size_t n, alloc;
    struct policy_limits limits;
    enum policy_isolation isolate;
    int debug;                      /* print() and load notes go to standard error */
    struct diag_list *errors;       /* borrowed */
    size_t max_per_file, max_total; /* policy_limits.policies_per_file, .policies */
    char **files;                   /* every policy file loaded (or tried), for duplicate checks */
    size_t nfiles, files_alloc;
};

/* Start an empty set: limits from the config (`policy_limits`), else the defaults. */
void policy_set_init(struct policy_set *ps, const struct config *c, struct diag_list *errors);
/* Load a policy file, or every *.lua file under a directory (not *_test.lua, not lib/), in
 * name order; -1 when something failed (diagnostics added; what loaded stays loaded). */
int policy_set_load(struct policy_set *ps, const char *path);
/* Load the config's `policies:` (relative to the config file), then each of paths. */
int policy_set_load_all(struct policy_set *ps, const struct config *c, char *const *paths,
                        size_t npaths);
/* Free every policy, its Lua state and its descriptor. */
void policy_set_release(struct policy_set *ps);

/* The rule descriptor of a policy (its check runs the Lua function in the sandbox). */
const struct rule *policy_rule(const struct policy *p);
/* The file the policy was loaded from, and the line of its policy{…}. */
const char *policy_file(const struct policy *p);
unsigned policy_line(const struct policy *p);
/* 1 if the rule is a Lua policy. */
int policy_is_policy(const struct rule *r);

/* Print diagnostics as the text report does ("file:line: error: message"), for commands that
 * have no report (rules, explain, test). */
void policy_print_errors(FILE *out, const struct diag_list *d);

/* `infralint test`: run the *_test.lua files found under paths (files or directories); print one
 * line per failure and "N passed, N failed"; with coverage, also list policies without a
 * triggering and a silent case. Returns the exit status (0 all passed, 1 failures, 2 usage). */
int policy_test_main(char *const *paths, size_t npaths, const struct config *c, int coverage,
                     enum policy_isolation isolate, int debug, FILE *out);

#endif
