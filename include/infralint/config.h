/* config.h — `.infralint.yaml`: the schema of DESIGN.md, read into plain values.
 * Every entry keeps its line and column for error messages and for findings about the config
 * itself (infralint/expired-ignore). Rule entries keep their YAML nodes: their options are
 * type-checked against the rule descriptors by the engine (ruleset_configure). The config owns
 * its YAML document and every string; config_release() frees them. */
#ifndef INFRALINT_CONFIG_H
#define INFRALINT_CONFIG_H

#include <stddef.h>

#include "diag.h"
#include "env.h"
#include "finding.h"
#include "rule.h"
#include "ynode.h"

struct config_rule {
    const char *id;
    const struct ynode *key;   /* the rule id key (position) */
    const struct ynode *value; /* `off`, `on`, or a map of severity and options */
};

struct config_ignore {
    const char *rule;     /* rule id or glob */
    const char *location; /* address / job id glob, or file path glob; NULL = everywhere */
    unsigned line_filter; /* with a file location: only this line (0 = any) */
    const char *reason;   /* NULL when missing */
    char expires[11];     /* YYYY-MM-DD or "" */
    unsigned line, col;   /* of the entry */
    unsigned rline, rcol; /* of its rule id */
    int expired;          /* set by config_check_dates() */
    unsigned used;        /* findings it suppressed */
};

struct config {
    char *path; /* the file read, or NULL when there is none */
    char *src;  /* its text (the ydoc borrows it) */
    struct ydoc doc;
    int loaded;

    const char *environment;
    const char *docs_url;
    const char *baseline; /* baseline file, relative to the config file's directory, or NULL */
    int has_patterns[4];  /* by enum env_class */
    const char **patterns[4];
    size_t npatterns[4];
    const char **policies;
    size_t npolicies;
    const char **exclude; /* globs of paths to skip, relative to the config's directory */
    size_t nexclude;
    enum severity fail_on; /* SEV_NONE = never */
    int has_fail_on;
    struct config_rule *rules;
    size_t nrules;
    const char **trusted_actions;
    size_t ntrusted_actions;
    int has_trusted_actions;
    const char **runner_labels; /* the organisation's runner labels (globs): gha/unknown-name,
                                   gha/runner-label */
    size_t nrunner_labels;
    int has_runner_labels;
    int allow_inline_ignores; /* default 1 */
    enum persona persona;     /* `persona:` (regular when absent) */
    int has_persona;
    int has_released_through;
    unsigned long long released_through;
    int mig_dialect; /* migrations.dialect: an enum mig_dialect, 0 (auto) unless set */
    long long limit_instructions, limit_memory_mb, limit_deadline_ms; /* 0 = default */
    long long limit_findings;                          /* per policy per document; 0 = default */
    long long limit_policies_per_file, limit_policies; /* 0 = default */
    struct config_ignore *ignores;
    size_t nignores;
};

/* Initialise an empty config (the defaults). */
void config_init(struct config *c);
/* Find `.infralint.yaml` in dir or a parent, stopping at a repository root (a directory that
 * holds `.git`); a new string, or NULL when there is none. */
char *config_find(const char *dir);
/* Read and validate a config file; -1 with positioned errors in d. Entries in error are
 * dropped; the rest of the file still applies. */
int config_load(struct config *c, const char *path, struct diag_list *d);
/* Check the rule ids of the `ignore:` entries against the known ids (built-in rules and the
 * policies loaded in the run); globs are not checked. -1 with positioned errors in d. */
int config_check_ignore_ids(const struct config *c, const char *const *ids, size_t nids,
                            struct diag_list *d);
/* Mark ignore entries whose `expires` date (YYYY-MM-DD) is before today. */
void config_check_dates(struct config *c, const char *today);
/* Free everything. */
void config_release(struct config *c);

#endif
