/* plan.h — a loaded Terraform plan (`terraform show -json`, also OpenTofu) and its resource index.
 * Values are opaque `struct pval` handles into the parsed tree; every string and value handed out
 * is borrowed from the plan and lives until plan_free(). Rules read attributes only through
 * plan_attr() and friends, which answer known / unset / unknown / sensitive exactly as RULES.md
 * defines them, and render values only through rule_attr_text() (see rule.h), which masks
 * sensitive and unknown values. */
#ifndef INFRALINT_PLAN_H
#define INFRALINT_PLAN_H

#include <stddef.h>

#include "diag.h"
#include "env.h"
#include "finding.h"
#include "pval.h"

struct tfstack;
struct tfpin;

enum plan_action {
    ACT_NOOP = 0,
    ACT_CREATE,
    ACT_READ,
    ACT_UPDATE,
    ACT_DELETE,
    ACT_REPLACE, /* ["delete","create"] or ["create","delete"] */
    ACT_FORGET
};

struct plan_resource {
    const struct plan *plan;
    size_t index;        /* position in resource_changes */
    const char *address; /* full: module.a.aws_x.y["k"] */
    const char *module;  /* module address ("" for the root module) */
    const char *mode;    /* "managed" or "data" */
    const char *type, *name, *provider;
    const struct pval *key; /* count/for_each index, or NULL */
    enum plan_action action;
    int create_before_destroy; /* replace as ["create","delete"] */
    const struct pval *before, *after, *after_unknown, *before_sensitive, *after_sensitive;
    const struct pval *replace_paths;
    const char *action_reason; /* e.g. "replace_because_tainted", or NULL */
    const struct pval *config; /* the resource's block in `configuration`, or NULL */
};

enum attr_state { ATTR_UNSET = 0, ATTR_KNOWN, ATTR_UNKNOWN };

/* The answer to "what is this attribute after apply?". */
struct attr {
    enum attr_state state;
    const struct pval *v; /* the value when ATTR_KNOWN (never JSON null: null is ATTR_UNSET) */
    int sensitive;        /* marked sensitive (value or a parent) */
};

/* Load a plan from a buffer the caller owns (file names the input in messages); NULL on error
 * with diagnostics in d. A UTF-8 BOM is skipped, UTF-16 is decoded, and streaming UI output,
 * setup-terraform wrapper noise and binary plan files are recognised and explained. */
struct plan *plan_load(const char *file, const char *buf, size_t len, struct diag_list *d);
/* Free the plan and everything borrowed from it. */
void plan_free(struct plan *p);

/* The name the plan is reported under. */
const char *plan_file(const struct plan *p);
/* Directory the plan pairs with .terraform/ from ("." for stdin). */
const char *plan_dir(const struct plan *p);
/* Set the directory used for pairing (copied). */
void plan_set_dir(struct plan *p, const char *dir);
/* The plan document. Large members that repeat others (planned_values, prior_state) are parsed
 * on first use: plan_top() parses one; whole=1 parses them all (for iterating the document). */
const struct pval *plan_root(const struct plan *p, int whole);
/* Top-level member of the plan document (e.g. "terraform_version", "variables"), or NULL. */
const struct pval *plan_top(const struct plan *p, const char *key);
/* terraform_version, or NULL. */
const char *plan_terraform_version(const struct plan *p);
/* 1 if the plan has a `configuration` section (without it, unset and unknown look alike). */
int plan_has_configuration(const struct plan *p);

/* Number of resource changes. */
size_t plan_nresources(const struct plan *p);
/* Resource change i (document order). */
const struct plan_resource *plan_resource_at(const struct plan *p, size_t i);
/* Resource changes of one type in document order: *n set; NULL when none. */
const struct plan_resource *const *plan_by_type(const struct plan *p, const char *type, size_t *n);
/* Resource change by full address, or NULL. */
const struct plan_resource *plan_by_address(const struct plan *p, const char *address);
/* 1 if the resource exists after apply (not deleted, not forgotten, not a data read). */
int plan_res_live(const struct plan_resource *r);
/* "create", "update", "delete", "replace", "no-op", "read", "forget". */
const char *plan_action_name(enum plan_action a);

/* Attribute after apply, by dotted path, per RULES.md's unset-vs-unknown definition. An empty
 * string is unset: the AWS provider's SDKv2 resources store "" for every optional string never
 * set (replicate_source_db, snapshot_identifier, kms_key_id, …), and "" is never a real value. */
struct attr plan_attr(const struct plan_resource *r, const char *path);
/* Attribute before the change (known or unset; sensitive marked). */
struct attr plan_attr_before(const struct plan_resource *r, const char *path);
/* Boolean after apply: 1 true, 0 false or unset, -1 unknown or not a boolean. A sensitive value
 * is known and answered too: messages render it only through rule_attr_text(). */
int plan_bool(const struct plan_resource *r, const char *path);
/* Number after apply into *out: 0 known, 1 unset, -1 unknown or not a number (sensitive values
 * are answered; never print *out of a sensitive attribute). */
int plan_number(const struct plan_resource *r, const char *path, double *out);
/* String after apply (NULL when unset, unknown, sensitive, or not a string). */
const char *plan_string(const struct plan_resource *r, const char *path);
/* 1 if the attribute's expression appears in the resource's configuration. */
int plan_configured(const struct plan_resource *r, const char *path);
/* The `references` array of an attribute's expression in configuration, or NULL. */
const struct pval *plan_references(const struct plan_resource *r, const char *path);
/* 1 if the expression at path refers to target (same module instance, or through a module
 * output), e.g. `bucket = aws_s3_bucket.state.id`. */
int plan_refers(const struct plan_resource *r, const char *path,
                const struct plan_resource *target);
typedef void plan_target_fn(const struct plan_resource *target, void *arg);
/* Call fn for every resource the expression at path refers to, resolved through the plan's
 * sorted addresses (in its module instance, or through module outputs): the forward half of
 * plan_refers(), for rules that build a map once instead of testing every pair. */
void plan_each_target(const struct plan_resource *r, const char *path, plan_target_fn *fn,
                      void *arg);
/* Number of distinct managed resources the expression at path refers to (-1 when it also refers
 * to something else, such as a variable, a module output or a data source, whose value may be
 * a list of any length). */
int plan_ref_count(const struct plan_resource *r, const char *path);
/* Parse a JSON document held in a string attribute value (IAM policies, redrive policies);
 * the result lives as long as the plan. NULL when not valid JSON. */
const struct pval *plan_json_decode(const struct plan_resource *r, const struct pval *str);

/* plan_json_decode() for a string anywhere in the plan (e.g. a data source in prior_state). */
const struct pval *plan_json_decode_in(const struct plan *p, const struct pval *str);
typedef void plan_data_fn(const struct plan *p, const char *address, const struct pval *values,
                          void *arg);
/* Call fn for every data source of type read while planning: Terraform records those in
 * prior_state (resource_changes holds only the ones read during apply, with unknown values). */
void plan_each_prior_data(const struct plan *p, const char *type, plan_data_fn *fn, void *arg);

/* The resource (first in document order) whose configuration block is cfg, or NULL. */
const struct plan_resource *plan_config_owner(const struct plan *p, const struct pval *cfg);
/* 1 unless top-level member key is not parsed yet and its text does not contain needle. */
int plan_member_mentions(const struct plan *p, const char *key, const char *needle);
/* Anchor for a finding on a resource attribute (file is the plan, location the address). */
struct anchor plan_anchor(const struct plan_resource *r, const char *path);

/* Environment resolved for this plan (see engine). */
const struct envinfo *plan_env(const struct plan *p);
/* Set the plan's environment. */
void plan_set_env(struct plan *p, const struct envinfo *e);
/* The stack (backend + workspace) this plan pairs with, or NULL. */
const struct tfstack *plan_stack(const struct plan *p);
/* Pair the plan with a stack. */
void plan_set_stack(struct plan *p, const struct tfstack *s);
/* The Terraform version the plan's directory states (tfpin.h), or NULL. */
const struct tfpin *plan_pin(const struct plan *p);
/* Give the plan the pin its directory states (the plan takes ownership; NULL clears it). */
void plan_set_pin(struct plan *p, struct tfpin *pin);
/* Value of a root variable (variables.NAME.value), or NULL; *sensitive set when declared so. */
const struct pval *plan_variable(const struct plan *p, const char *name, int *sensitive);

#endif
