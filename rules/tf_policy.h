/* tf_policy.h — reading AWS policy documents (IAM, bucket, queue and trust policies) that plans
 * hold as JSON strings (private to rules/). Statements are pval objects of the decoded document. */
#ifndef INFRALINT_TF_POLICY_H
#define INFRALINT_TF_POLICY_H

#include <stddef.h>

#include "infralint/pval.h"

struct rule_ctx;
struct plan_resource;

/* The decoded JSON document of r's string attribute path: NULL when unset, sensitive, not JSON,
 * or known only after apply (then recorded for --verbose when note_unknown is set). */
const struct pval *tfp_doc(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                           int note_unknown);
/* 1 if the statement allows any principal without a condition. */
int tfp_open(const struct pval *st);
/* The statements that allow any principal without a condition, listed into buf as
 * "0 (Sid), 2"; their number. */
size_t tfp_open_list(const struct pval *doc, char *buf, size_t cap);
/* Number of statements (a single statement object counts as one). */
size_t tfp_count(const struct pval *doc);
/* Statement i. */
const struct pval *tfp_at(const struct pval *doc, size_t i);
/* 1 if the statement's Effect is Allow. */
int tfp_allow(const struct pval *st);
/* 1 if the statement names any principal: "*", {"AWS": "*"} (or a list holding "*"). */
int tfp_any_principal(const struct pval *st);
/* 1 if the statement has a non-empty Condition. */
int tfp_has_condition(const struct pval *st);
/* 1 if one of the statement's Action patterns (wildcards, any case) covers action. */
int tfp_action_covers(const struct pval *st, const char *action);
/* 1 if the statement's Action is exactly the pattern given (any case), e.g. "s3:*". */
int tfp_action_is(const struct pval *st, const char *pattern);
/* 1 if Resource is "*" (or a list holding it). */
int tfp_resource_star(const struct pval *st);
/* The statement's Sid, or NULL. */
const char *tfp_sid(const struct pval *st);
/* Write " (Sid)" or "" for messages into buf. */
const char *tfp_sid_text(const struct pval *st, char *buf, size_t cap);

#endif
