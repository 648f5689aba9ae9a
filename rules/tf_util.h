/* tf_util.h — helpers shared by the tf/ rule families (private to rules/). */
#ifndef INFRALINT_TF_UTIL_H
#define INFRALINT_TF_UTIL_H

#include "infralint/plan.h"
#include "infralint/rule.h"

/* Iterates the live resources (existing after apply) of one type, in document order. */
struct tf_iter {
    const struct plan_resource *const *v;
    size_t n, i;
};

/* Start iterating the live resources of type in p. */
void tf_iter_init(struct tf_iter *it, const struct plan *p, const char *type);
/* The next live resource, or NULL at the end. */
const struct plan_resource *tf_next(struct tf_iter *it);

/* Report on a resource attribute (path may be NULL). */
void tf_report(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
               const char *fix, const char *fmt, ...) IL_PRINTF(5, 6);
/* Report with a default severity chosen by the rule. */
void tf_report_sev(struct rule_ctx *ctx, enum severity sev, const struct plan_resource *r,
                   const char *path, const char *fix, const char *fmt, ...) IL_PRINTF(6, 7);
/* Note (for --verbose) that a check on r.path was skipped because the value is unknown. */
void tf_unknown(struct rule_ctx *ctx, const struct plan_resource *r, const char *path);
/* Does r's attribute `path` point at target? By reference in configuration, or by a known value
 * equal to one of target's known attributes (`keys`, comma-separated: "bucket,id,arn"). */
int tf_links(const struct plan_resource *r, const char *path, const struct plan_resource *target,
             const char *keys);
/* Number of elements of a list attribute: known length, or the count of resources its
 * expression refers to; -1 when it cannot be known before apply. */
int tf_list_count(const struct plan_resource *r, const char *path);
/* A known string attribute equal (case-insensitively) to one of the comma-separated values. */
int tf_str_is(const struct plan_resource *r, const char *path, const char *values);
/* 1 if the attribute is set after apply: known (an empty string is unset, see plan_attr), or
 * known only after apply because configuration sets it. */
int tf_is_set(const struct plan_resource *r, const char *path);
/* Write the message text for a boolean-like attribute: "false", "unset", … */
const char *tf_text(struct rule_ctx *ctx, const struct plan_resource *r, const char *path);

#endif
