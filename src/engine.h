/* engine.h — runs rules over a project: the ruleset (what is enabled, at which severity, with
 * which options), environment resolution, suppression, and the results reporters print.
 * The ruleset borrows rule descriptors (built-in: static; policies: owned by the policy engine)
 * and owns its option values. */
#ifndef INFRALINT_ENGINE_H
#define INFRALINT_ENGINE_H

#include <stddef.h>

#include "infralint/config.h"
#include "infralint/diag.h"
#include "infralint/env.h"
#include "infralint/project.h"
#include "infralint/report.h"
#include "infralint/rule.h"

struct optval {
    const struct rule_option *decl;
    long long i;
    double d;
    int b;
    const char *s;
    const char **list;
    size_t n;
};

struct rule_state {
    const struct rule *rule;
    int enabled;
    enum severity severity;
    int severity_set; /* configuration chose the severity */
    int chosen;       /* configuration or --enable/--disable turned it on or off by name: the
                       * persona no longer decides */
    struct optval *opts;
    size_t nopts;
};

struct ruleset {
    struct rule_state *v;
    size_t n, alloc;
    const struct rule **rules; /* parallel views for results */
    enum severity *sev;
    struct arena *arena;  /* option values */
    enum persona persona; /* of the run: rules above it are off unless chosen by name */
};

struct engine_opts {
    const struct config *config;
    const struct env_patterns *patterns;
    const char *env_flag; /* --env, or NULL */
    const char *today;    /* YYYY-MM-DD */
    int verbose;
    int inline_ignores; /* 0: --no-inline-ignores or config */
    int strict;
    struct diag_list *errors; /* the run's errors so far (moved into the results, scrubbed with
                                 them), or NULL */
};

/* Start with every rule of the table at its defaults. */
void ruleset_init(struct ruleset *rs, const struct rule *const *rules, size_t n);
/* Add one more rule (a loaded policy) at its defaults; -1 if the id is taken. */
int ruleset_add(struct ruleset *rs, const struct rule *r);
/* The state of a rule by id, or NULL. */
struct rule_state *ruleset_find(const struct ruleset *rs, const char *id);
/* Apply the config's `rules:` section (off/on, severity, type-checked options). */
int ruleset_configure(struct ruleset *rs, const struct config *c, struct diag_list *d);
/* --enable / --disable (id or glob); -1 with a usage diagnostic when nothing matches. */
int ruleset_toggle(struct ruleset *rs, const char *pattern, int on, struct diag_list *d);
/* Set the run's persona: every rule not chosen by name is on exactly when its persona is at or
 * below p (and it is not off by default). */
void ruleset_set_persona(struct ruleset *rs, enum persona p);
/* Set a string-list option of a rule from a top-level config key (`trusted_actions`); the
 * strings are borrowed from the config, which outlives the ruleset's use. */
void ruleset_set_list(struct ruleset *rs, const char *rule, const char *option,
                      const char *const *v, size_t n);
/* Free option values and tables. */
void ruleset_release(struct ruleset *rs);

/* Resolve the environment of every plan, stack and the project (DESIGN.md, Environment). */
void engine_resolve_envs(struct project *p, const struct engine_opts *o);
/* Run every enabled rule, apply suppressions, sort; fill results (findings, skipped, envs). */
void engine_run(struct ruleset *rs, struct project *p, const struct engine_opts *o,
                struct results *out);

#endif
