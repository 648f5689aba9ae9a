/* redact.h — what is secret, and how text is scrubbed of it: the one module every path to output
 * and every policy view goes through.
 *
 * What is secret is decided per document, by structure: what Terraform marks sensitive in a plan
 * (redact_plan_step(), in every section), the credential arguments of each backend type Terraform
 * documents (redact_backend_secret()), and a workflow's literal credentials (values of
 * credential-like keys in env:/with:/credentials:, merge keys included). Those values are never
 * shown to a policy (views read them as SENSITIVE) and rules print values only through
 * rule_attr_text(). A redaction set holds the secret strings of a document (and, for a workflow,
 * of the workflows it calls) for the second net: text about that document is scrubbed of them
 * before anything prints it (redact_results()), and strings a policy reads are scrubbed too.
 *
 * The second net replaces a plan's or backend's secret wherever it stands in a text; a
 * workflow's literal credential only as a whole token: preceded or followed by a letter, digit,
 * `_` or `-` (or a `.` joining two of those, as in an address or host name) it is part of another
 * word and left alone. Longest match first; overlapping matches are all covered. Values that
 * cannot be secrets (shorter than 4 bytes, booleans, numbers, well-known placeholders such as
 * `test` or `changeme`) are never scrubbed. A workflow's secrets scrub only text taken from its
 * content (messages, fixes, reasons): never file names, rule ids, locations (job ids) or paths;
 * locations and paths are scrubbed of plan and backend secrets standing as whole tokens only (a
 * for_each key, never an address segment).
 *
 * Sets borrow their strings from the documents; build them, then query them from one thread. */
#ifndef INFRALINT_REDACT_H
#define INFRALINT_REDACT_H

#include <stddef.h>

#include "infralint/pval.h"

struct plan;
struct backend;
struct workflow;
struct project;
struct results;
struct subject;
struct ynode;

/* What replaces a secret. */
#define REDACT_MARK "(sensitive)"

/* Where a text goes, which decides what is scrubbed from it. */
enum redact_field {
    REDACT_TEXT,     /* messages, fixes, reasons, error and skip texts: every secret (a workflow's
                      * as a whole token) */
    REDACT_LOCATION, /* locations, attribute paths, skip subjects: plan and backend secrets only
                      * (a for_each key), whole tokens */
    REDACT_VALUE     /* a document string a policy reads: every secret, wherever it occurs */
};

/* Where a secret comes from (plan and backend secrets may stand in locations). */
enum redact_origin { REDACT_PLAN = 1, REDACT_BACKEND, REDACT_WORKFLOW };

struct redact_set;

/* A new empty set. */
struct redact_set *redact_set_new(void);
/* Free a set (not the strings it borrows). */
void redact_set_free(struct redact_set *s);
/* Add a secret of len bytes (borrowed: it must outlive the set) unless it cannot be one. */
void redact_set_add(struct redact_set *s, const char *v, size_t len, enum redact_origin o);
/* Add every secret of src to dst. */
void redact_set_merge(struct redact_set *dst, const struct redact_set *src);
/* Number of distinct secrets. */
size_t redact_set_count(const struct redact_set *s);
/* 1 if v (len bytes) is one of the set's secrets. */
int redact_set_has(const struct redact_set *s, const char *v, size_t len);
/* A new copy of text (len bytes) with the secrets field f scrubs replaced by REDACT_MARK, or NULL
 * when nothing is replaced. s may be NULL (nothing to scrub). */
char *redact_scrub(const struct redact_set *s, const char *text, size_t len, enum redact_field f);
/* Scrub *text in place (it is a malloc'd string or NULL). */
void redact_str(const struct redact_set *s, char **text, enum redact_field f);

/* 1 if a literal of len bytes is a well-known placeholder or no value at all (true/false, null,
 * test, dummy, changeme, example, localstack, password, xxxx, <token>, $VAR, …): never a secret. */
int redact_placeholder(const char *v, size_t len);
/* 1 if a literal of len bytes can be a secret in text: not a placeholder and not a number. */
int redact_can_be_secret(const char *v, size_t len);
/* Normalise a key name into norm (size bytes): lowercase, `-` as `_`, camelCase split. */
void redact_key_norm(const char *key, char *norm, size_t size);
/* 1 if the normalised key is one of terms, or ends in `_` and one of them (db_password). */
int redact_key_named(const char *key, const char *const *terms, size_t nterms);
/* 1 if a configuration key names a credential by its meaning (password, secret_key, token,
 * client_key, sse_customer_key, conn_str, http_auth, …; not kms_key_id, key, *_file, *_path). */
int redact_credential_key(const char *key);

/* ---- plans (redact_plan.c): what Terraform marks sensitive, section by section ---- */

/* Where a value of the raw plan document stands, as far as sensitivity goes. */
enum redact_mask_kind {
    MASK_NONE = 0,   /* nothing below is marked */
    MASK_SECRET,     /* the value and everything below it is sensitive */
    MASK_ROOT,       /* the document */
    MASK_SECTIONS,   /* a container whose members follow the format's rules: a value beside its
                        mask (after / after_sensitive, values / sensitive_values), a `value`
                        beside `sensitive: true` */
    MASK_TREE,       /* a value under a sensitivity mask (m: an object or array) */
    MASK_VARS,       /* root `variables` */
    MASK_ENTRY,      /* a sensitive variable or output: its value, default or expression */
    MASK_CONFIG,     /* `configuration` */
    MASK_PROVIDERS,  /* provider_config */
    MASK_PROVIDER,   /* one provider configuration */
    MASK_MODULE,     /* root_module, or module_calls.X.module */
    MASK_RESOURCES,  /* a module's resources */
    MASK_RESOURCE,   /* one configuration resource */
    MASK_DECLS,      /* a module's variables or outputs (`sensitive: true` marks one) */
    MASK_CALLS,      /* a module's module_calls */
    MASK_CALL,       /* one module call */
    MASK_CALL_ARGS,  /* a call's expressions (ctx: the call): arguments bound to sensitive
                        inputs */
    MASK_EXPR,       /* expressions, under the owner's mask m (NULL: credentials by key name) */
    MASK_EXPR_SECRET /* expressions of a sensitive attribute or block: constant values masked */
};

struct redact_mask {
    enum redact_mask_kind kind;
    const struct pval *m;
    const void *ctx;
};

/* The mask of the plan document's root. */
struct redact_mask redact_plan_root(void);
/* The mask of the child at key (or, when key is NULL, at index idx) of value v, whose mask is
 * parent. Terraform's marks: sensitive masks beside values (after_sensitive, before_sensitive,
 * sensitive_values), `sensitive: true` beside a value, default or expression (variables, outputs,
 * configuration), module call arguments bound to sensitive inputs, constant_value of sensitive
 * attributes in configuration, and provider configuration credentials by key meaning.
 * `references` are never sensitive (addresses are not secret material). */
struct redact_mask redact_plan_step(const struct plan *p, struct redact_mask parent,
                                    const struct pval *v, const char *key, size_t idx);
/* Add every string Terraform marks sensitive anywhere in the plan to s. */
void redact_plan_collect(const struct plan *p, struct redact_set *s);

/* ---- backends (redact_backend.c) ---- */

/* 1 if the backend config value at path (a key, or "block.key" for nested arguments such as
 * assume_role_with_web_identity.web_identity_token) holds a credential for that backend type
 * (or for any type, when type is unknown). */
int redact_backend_secret(const char *type, const char *path);
/* 1 if the string v at path (as for redact_backend_secret) is a literal credential Terraform
 * documents for backend type: one of its documented credential arguments (not the key-name
 * guess), not a placeholder, and in the form that holds the secret itself where the argument
 * takes others too (gcs credentials: the key's JSON, not a file path; pg conn_str: with a
 * password; consul http_auth: "user:pass"). What tf/backend-credentials reports. */
int redact_backend_literal(const char *type, const char *path, const char *v);
/* Add the backend's literal credentials (strings, every type) to s. */
void redact_backend_collect(const struct backend *b, struct redact_set *s);

/* ---- workflows (redact_workflow.c) ---- */

/* Find the workflow's literal credentials (values of credential-like keys in the env:, with: and
 * credentials: maps, merge keys followed; placeholders are not credentials) into wf->sensitive
 * (wf_load does it). */
void redact_workflow_scan(struct workflow *wf);
/* 1 if scalar node n (aliases resolved) is one of the workflow's literal credentials. */
int redact_workflow_secret(const struct workflow *wf, const struct ynode *n);
/* Add the workflow's literal credentials to s (not one that is also a key of the file, such as a
 * job id: an identifier there, printed wherever the job is named). */
void redact_workflow_collect(const struct workflow *wf, struct redact_set *s);

/* ---- a run (redact_run.c) ---- */

struct redact_run;

/* What is secret for each document of the project (built lazily, per document). */
struct redact_run *redact_run_new(const struct project *p);
/* Free it. */
void redact_run_free(struct redact_run *r);
/* The secrets of the document file names: a plan's, a backend's, or a workflow's with those of
 * the workflows it calls; every document's when file is NULL or no document (a run-wide text).
 * NULL when there is nothing to scrub. */
const struct redact_set *redact_run_file(struct redact_run *r, const char *file);
/* The secrets of a check's subject (a repository's workflows together); NULL when none. */
const struct redact_set *redact_run_subject(struct redact_run *r, const struct subject *s);
/* Scrub everything a reporter prints: findings (message, fix, location, path, related messages,
 * suppression reasons), skipped checks and errors, each with the secrets of its own file. */
void redact_results(struct redact_run *r, struct results *res);

#endif
