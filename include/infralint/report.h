/* report.h — the results of a run, and the reporters that print them.
 * Reporters get everything read-only and know nothing of rules beyond their descriptors. Adding
 * a format is one function and one line in the reporter table (report.c). */
#ifndef INFRALINT_REPORT_H
#define INFRALINT_REPORT_H

#include <stdio.h>

#include "diag.h"
#include "env.h"
#include "finding.h"
#include "project.h"
#include "rule.h"
#include "strbuf.h"

/* The environment of one plan (file set) or of the project (file NULL). */
struct env_entry {
    char *file;
    struct envinfo env;
};

struct results {
    struct finding_list findings; /* sorted; suppressed ones flagged, not removed */
    struct diag_list errors;      /* input, config and policy errors (sorted) */
    struct skip_list skipped;
    struct env_entry *envs;
    size_t nenvs, envs_alloc;
    size_t nfiles;
    const struct rule *const *rules; /* every rule known to the run (for rule metadata) */
    const enum severity *rule_sev;   /* effective severity, parallel to rules */
    const unsigned char *rule_ran;   /* 1 for the rules enabled in this run, parallel to rules */
    size_t nrules;
    const struct input *inputs; /* how every file was classified (borrowed from the project) */
    size_t ninputs;
    const char *hint; /* one extra line for the summary (e.g. migrations history) */
};

struct report_opts {
    int color;
    int quiet;
    int verbose;
    const char *docs_url; /* base for SARIF helpUri, or NULL */
    const char *version;
    const char *baseline; /* the baseline file the run compared with, or NULL */
    const char *others;   /* where the other formats of the run go ("sarif: x.sarif"), or NULL */
    int sarif_suppressed; /* SARIF: keep inline- and config-suppressed findings as results with
                             suppressions (by default they are left out: code scanning does not
                             read suppressions and would show them as open alerts) */
};

/* Summary counts. */
struct report_counts {
    size_t findings, error, warning, note, suppressed, baselined;
};

typedef int report_fn(FILE *out, const struct results *r, const struct report_opts *o);

struct reporter {
    const char *name;
    report_fn *fn;
};

/* The reporter named name, or NULL. */
const struct reporter *report_find(const char *name);
/* Append the names of every reporter, comma-separated (for messages). */
void report_names(struct strbuf *out);
/* Count unsuppressed findings by severity, and suppressed ones. */
void report_count(const struct results *r, struct report_counts *c);
/* The summary line, terminal-safe: "3 findings (2 errors, 1 warning) in 5 files (1 in
 * baseline); environment prod (workspace)" (a new string). */
char *report_summary(const struct results *r);
/* One-line description of the environment(s): "environment prod (workspace)". */
char *report_env_text(const struct results *r);

/* Human-readable text, one finding per line (compiler style). */
int report_text(FILE *out, const struct results *r, const struct report_opts *o);
/* Stable JSON document (version 1). */
int report_json(FILE *out, const struct results *r, const struct report_opts *o);
/* SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
int report_sarif(FILE *out, const struct results *r, const struct report_opts *o);
/* GitHub Actions workflow commands (annotations), most severe first, within GitHub's limits. */
int report_github(FILE *out, const struct results *r, const struct report_opts *o);
/* JUnit XML: a test suite per rule family, a test case per rule and file. */
int report_junit(FILE *out, const struct results *r, const struct report_opts *o);

/* The descriptor of rule id among r's rules and its index, or NULL. */
const struct rule *report_rule(const struct results *r, const char *id, size_t *index);
/* A new array parallel to r->rules: 1 for each rule that ran or reported (caller frees). */
unsigned char *report_rules_used(const struct results *r);
/* The family of a rule id ("tf" of "tf/rds-multi-az") into out. */
void report_family(struct strbuf *out, const char *id);

/* Free the results. */
void results_release(struct results *r);

#endif
