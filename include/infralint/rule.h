/* rule.h — the rule descriptor and the API a check uses to report.
 * A descriptor is const data (id, title, severity, kinds, scope, help, origin, options, check);
 * everything decided at run time (enabled, effective severity, option values) lives in the
 * engine's ruleset. The same table feeds checking, `infralint rules`, `explain`, SARIF rule
 * metadata and the README's rule list. A Lua policy becomes the same struct. */
#ifndef INFRALINT_RULE_H
#define INFRALINT_RULE_H

#include <stddef.h>

#include "env.h"
#include "finding.h"
#include "util.h"

struct plan;
struct tfstack;
struct workflow;
struct wf_set;
struct mig_set;
struct project;
struct attr;

/* What a rule checks (bit set). */
enum rule_kind {
    KIND_PLAN = 1u << 0,       /* one plan (with its stack, if any) */
    KIND_BACKEND = 1u << 1,    /* one .terraform/ directory */
    KIND_WORKFLOW = 1u << 2,   /* one workflow file */
    KIND_WORKFLOWS = 1u << 3,  /* all workflows of the run together */
    KIND_MIGRATIONS = 1u << 4, /* one migration directory */
    KIND_PROJECT = 1u << 5,    /* every document of the run together */
    KIND_INFRALINT = 1u << 6,  /* produced by infralint itself (config, suppressions) */
    KIND_ACTION = 1u << 7      /* one action metadata file (action.yml); composite actions have
                                * steps (subject.wf, with one job "runs") */
};
/* The highest kind bit (for loops over them). */
#define KIND_LAST KIND_ACTION

enum rule_scope { SCOPE_ALL = 0, SCOPE_STAGED, SCOPE_PROD };

/* Who sees a rule's findings (zizmor's personas): regular (the default) sees confident findings;
 * pedantic adds hygiene and style; auditor adds low-confidence findings too. A descriptor that
 * names none is regular. A run has one persona (--persona, config `persona:`): rules above it do
 * not run unless enabled by name; a rule may also keep lower-confidence cases of its own for a
 * higher persona (rule_persona()). */
enum persona { PERSONA_REGULAR = 0, PERSONA_PEDANTIC, PERSONA_AUDITOR };

enum rule_flag {
    RULE_NEEDS_BACKEND = 1u << 0, /* a plan rule that needs the plan's .terraform/ */
    RULE_OFF_BY_DEFAULT = 1u << 1 /* runs only when enabled (--enable, config, --strict) */
};

enum opt_type { OPT_INT = 1, OPT_NUMBER, OPT_STRING, OPT_STRLIST, OPT_BOOL };

/* An option a rule accepts from config. def is text: a number, a string, "true"/"false", or a
 * comma-separated list. */
struct rule_option {
    const char *name;
    enum opt_type type;
    const char *def;
    const char *help;
};

struct redact_run;

/* What a check is given: exactly the members its kind uses are set. */
struct subject {
    enum rule_kind kind;
    const struct envinfo *env;
    const struct plan *plan;       /* KIND_PLAN */
    const struct tfstack *stack;   /* KIND_BACKEND; for KIND_PLAN the plan's stack or NULL */
    const struct workflow *wf;     /* KIND_WORKFLOW, KIND_ACTION */
    const struct wf_set *wfs;      /* KIND_WORKFLOWS */
    const struct mig_set *mig;     /* KIND_MIGRATIONS */
    const struct project *project; /* KIND_PROJECT; for KIND_PLAN the whole run too (read-only:
                                    * e.g. the workflows that install Terraform) */
    struct redact_run *redact;     /* what is secret, per document (redact.h) */
    /* KIND_PROJECT: the findings of the rules of the documents (every rule that is not a
     * project rule), context workflows left out and inline/config suppression decided (the
     * baseline is applied later): the verdicts cross-artifact rules build on */
    const struct finding_list *findings;
};

struct rule_ctx;
struct arena;
typedef void rule_check_fn(struct rule_ctx *ctx, const struct subject *s);

struct rule {
    const char *id;    /* family/kebab-name, stable */
    const char *title; /* one line */
    enum severity severity;
    const char *severity_note; /* when the default depends on something ("error in prod, …") */
    unsigned kinds;            /* enum rule_kind bits */
    enum rule_scope scope;
    enum persona persona;              /* the lowest persona that sees this rule */
    unsigned flags;                    /* enum rule_flag bits */
    const char *help;                  /* markdown: why it matters, then a "Fix:" paragraph */
    const char *origin;                /* seed section and/or public check ids */
    const char *security_severity;     /* security rules: CVSS-like score "0.1"-"10.0" (SARIF
                                          properties.security-severity); NULL otherwise */
    const char *const *tags;           /* SARIF properties.tags beyond those derived from the
                                          rule (family, kinds, security): NULL-terminated, or
                                          NULL (a Lua policy's `tags`) */
    const struct rule_option *options; /* terminated by a NULL name; NULL when none */
    rule_check_fn *check;              /* NULL for KIND_INFRALINT rules */
    const void *data;                  /* the policy behind a Lua rule; NULL for C rules */
};

/* Report a finding at `at` with the rule's effective severity. fix is a one-line hint or NULL. */
void rule_report(struct rule_ctx *ctx, const struct anchor *at, const char *fix, const char *fmt,
                 ...) IL_PRINTF(4, 5);
/* Same, with a default severity chosen by the rule (configuration still overrides it). */
void rule_report_sev(struct rule_ctx *ctx, enum severity sev, const struct anchor *at,
                     const char *fix, const char *fmt, ...) IL_PRINTF(5, 6);
/* Report a finding of another rule (e.g. infralint/unverifiable from a gha/ check); nothing
 * happens when that rule is disabled. Its effective severity applies. */
void rule_report_other(struct rule_ctx *ctx, const char *rule_id, const struct anchor *at,
                       const char *fix, const char *fmt, ...) IL_PRINTF(5, 6);
/* Same, with a default severity chosen by the reporting check (SEV_NONE: that rule's own;
 * configuration still overrides it). */
void rule_report_other_sev(struct rule_ctx *ctx, const char *rule_id, enum severity sev,
                           const struct anchor *at, const char *fix, const char *fmt, ...)
    IL_PRINTF(6, 7);
/* Is rule_id enabled in this run? (Rules that share one analysis run it once, in the first of
 * them that is enabled, and report for the others.) */
int rule_enabled(const struct rule_ctx *ctx, const char *rule_id);
/* Attach a related location to the finding reported last. */
void rule_related(struct rule_ctx *ctx, const struct anchor *at, const char *fmt, ...)
    IL_PRINTF(3, 4);
/* Record that a check was skipped because a value is known only after apply (--verbose). */
void rule_skip_unknown(struct rule_ctx *ctx, const struct anchor *at, const char *what);
/* Record (for --verbose) why a check decided nothing: what (NULL: the rule's id) on at, why. */
void rule_skip(struct rule_ctx *ctx, const struct anchor *at, const char *what, const char *why);
/* Record a check that could not run at all (e.g. an x/ rule without a plan): listed in every
 * report, not only with --verbose. file may be NULL (the run). */
void rule_skip_note(struct rule_ctx *ctx, const char *file, const char *what, const char *why);
/* Text of an attribute for a message: the value, "(sensitive)", "(known after apply)" or "unset".
 * The string lives until the check returns. The only way plan values reach a message. */
const char *rule_attr_text(struct rule_ctx *ctx, const struct attr *a);
/* A bump arena for what the rule computes during one check (freed when the check returns):
 * rules never allocate in the documents they read, so built-in rules may run in parallel (the
 * one exception, a workflow's deploy analysis, is published once by compare-and-swap). */
struct arena *rule_arena(struct rule_ctx *ctx);
/* The rule being run (a Lua policy's trampoline finds its policy in ->data). */
const struct rule *rule_self(const struct rule_ctx *ctx);
/* The environment of the subject being checked. */
const struct envinfo *rule_env(const struct rule_ctx *ctx);
/* Class of an environment name (a GitHub `environment:`, a cluster or service name) by the
 * configured patterns; ENV_UNKNOWN when none matches. */
enum env_class rule_env_class(const struct rule_ctx *ctx, const char *name);
/* The patterns rule_env_class() judges with (NULL when none are configured): an analysis cached
 * for other rules holds only while they are the same. */
const struct env_patterns *rule_patterns(const struct rule_ctx *ctx);
/* Integer option (declared OPT_INT). */
long long rule_opt_int(const struct rule_ctx *ctx, const char *name);
/* Number option (OPT_NUMBER or OPT_INT). */
double rule_opt_number(const struct rule_ctx *ctx, const char *name);
/* String option. */
const char *rule_opt_str(const struct rule_ctx *ctx, const char *name);
/* String option of another rule (e.g. the constraint configured for tf/terraform-version); ""
 * when that rule or option does not exist. */
const char *rule_opt_str_of(const struct rule_ctx *ctx, const char *rule_id, const char *name);
/* Boolean option. */
int rule_opt_bool(const struct rule_ctx *ctx, const char *name);
/* String-list option: the strings, count in *n. */
const char *const *rule_opt_list(const struct rule_ctx *ctx, const char *name, size_t *n);
/* 1 if s is in a string-list option (exact match, or glob when glob is set). */
int rule_opt_list_has(const struct rule_ctx *ctx, const char *name, const char *s, int glob);

/* The persona a check runs under: the run's, or the rule's own when it was enabled by name
 * under a lower one. A rule reports its lower-confidence cases only when this is high enough. */
enum persona rule_persona(const struct rule_ctx *ctx);
/* "regular", "pedantic", "auditor". */
const char *rule_persona_name(enum persona p);
/* Parse a persona name; -1 when s is none of them. */
int rule_persona_parse(const char *s, enum persona *out);

/* "all", "staged", "prod". */
const char *rule_scope_name(enum rule_scope s);
/* "plan", "backend", "workflow", … for one kind bit. */
const char *rule_kind_name(enum rule_kind k);

/* The built-in rules in registry order (rules/registry.c): a new array the caller frees. */
const struct rule **registry_rules(size_t *n);
/* A built-in rule by id, or NULL. */
const struct rule *registry_find(const char *id);

#endif
