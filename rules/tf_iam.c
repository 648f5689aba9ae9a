/* tf_iam.c — IAM beyond `*` on `*`: privilege-escalation and write actions on every resource,
 * and trust policies that let anybody (any AWS account, any GitHub repository) assume a role.
 * Documents come from the policy attributes of IAM resources and from
 * data.aws_iam_policy_document sources read while planning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"
#include "tf_policy.h"
#include "tf_util.h"

/* Actions that let a principal raise its own privileges or take over others when allowed on
 * every resource (Rhino Security Labs' IAM escalation paths, checkov's IAM checks). */
static const char *const escalation[] = {
    "iam:PassRole",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:AddUserToGroup",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "sts:AssumeRole",
};

/* Where a document is and how to report on it. */
struct doc_at {
    const struct plan_resource *r; /* NULL for a data source from prior_state */
    const char *address;           /* the data source's address */
    const char *path;
    const struct plan *plan;
};

static void doc_report(struct rule_ctx *ctx, const struct doc_at *at, const char *fix,
                       const char *fmt, ...) IL_PRINTF(4, 5);
static void doc_report(struct rule_ctx *ctx, const struct doc_at *at, const char *fix,
                       const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (at->r) {
        tf_report(ctx, at->r, at->path, fix, "%s", sb.buf);
    } else {
        struct anchor a = {0};
        a.file = plan_file(at->plan);
        a.location = at->address;
        a.path = at->path;
        rule_report(ctx, &a, fix, "%s", sb.buf);
    }
    strbuf_release(&sb);
}

/* ---- tf/iam-escalation ---- */

static void escalation_doc(struct rule_ctx *ctx, const struct pval *doc, const struct doc_at *at)
{
    for (size_t i = 0; i < tfp_count(doc); i++) {
        const struct pval *st = tfp_at(doc, i);
        if (!tfp_allow(st) || !tfp_resource_star(st) || tfp_has_condition(st))
            continue; /* a condition (iam:PassedToService, …) narrows it: not judged here */
        if (tfp_action_is(st, "*") || tfp_action_is(st, "*:*"))
            continue; /* tf/iam-wildcard */
        struct strbuf sb = STRBUF_INIT;
        size_t hits = 0;
        for (size_t k = 0; k < ARRAY_SIZE(escalation); k++)
            if (tfp_action_covers(st, escalation[k]) && hits++ < 3)
                strbuf_addf(&sb, "%s%s", hits > 1 ? ", " : "", escalation[k]);
        if (tfp_action_is(st, "s3:*") && hits++ < 3)
            strbuf_addf(&sb, "%ss3:*", hits > 1 ? ", " : "");
        if (hits) {
            char sid[80];
            doc_report(ctx, at,
                       "scope Resource to the roles, users and buckets the principal manages "
                       "(and add conditions such as iam:PassedToService)",
                       "policy statement %zu%s allows %s%s on Resource \"*\": %s", i,
                       tfp_sid_text(st, sid, sizeof(sid)), sb.buf, hits > 3 ? " and more" : "",
                       strncmp(sb.buf, "s3:*", 4)
                           ? "a principal holding it can raise its own privileges"
                           : "every action on every bucket of the account, data and policies");
        }
        strbuf_release(&sb);
    }
}

/* ---- tf/iam-trust-open ---- */

static int covers_assume(const struct pval *st)
{
    return tfp_action_covers(st, "sts:AssumeRole") ||
           tfp_action_covers(st, "sts:AssumeRoleWithWebIdentity") ||
           tfp_action_covers(st, "sts:AssumeRoleWithSAML");
}

static int federated_github(const struct pval *st)
{
    const struct pval *f = pval_get(pval_get(st, "Principal"), "Federated");
    size_t n = pval_type(f) == PV_ARRAY ? pval_len(f) : 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = pval_str(pval_type(f) == PV_ARRAY ? pval_idx(f, i) : f);
        if (s && strstr(s, "token.actions.githubusercontent.com"))
            return 1;
    }
    return 0;
}

/* 1 when a sub pattern does not pin a repository: "*", a claim without a value, "repo:*",
 * "repo:org*" (no owner/repo), or a first claim other repositories can also present
 * (workflow, environment, ref, context, head_ref, base_ref: custom sub templates). */
static int sub_unsafe(const char *v)
{
    static const char *const abusable[] = {"workflow", "environment", "ref",
                                           "context",  "head_ref",    "base_ref"};
    const char *colon = strchr(v, ':');
    if (!strcmp(v, "*") || !colon || colon[1] == '*')
        return 1;
    for (size_t i = 0; i < ARRAY_SIZE(abusable); i++)
        if (!strncmp(v, abusable[i], strlen(abusable[i])))
            return 1;
    if (strncmp(v, "repo:", 5))
        return 0;
    const char *owner = v + 5, *slash = strchr(owner, '/');
    const char *end = strchr(owner, ':');
    return !slash || (end && slash > end) || slash == owner ||
           memchr(owner, '*', (size_t)(slash - owner)) != NULL;
}

/* The claim a GitHub OIDC condition key tests ("sub" of
 * token.actions.githubusercontent.com:sub, or of …com/ENTERPRISE:sub), or NULL. */
static const char *github_claim(const char *key)
{
    static const char host[] = "token.actions.githubusercontent.com";
    if (strncasecmp(key, host, sizeof(host) - 1))
        return NULL;
    const char *rest = key + sizeof(host) - 1;
    if (*rest != ':' && *rest != '/')
        return NULL;
    const char *colon = strchr(rest, ':');
    return colon ? colon + 1 : NULL;
}

/* How a GitHub OIDC trust statement limits repositories: 0 it does, 1 no claim that names a
 * repository, 2 a sub pattern that matches any repository (*bad set to it). */
static int github_scope(const struct pval *st, const char **bad)
{
    const struct pval *cond = pval_get(st, "Condition");
    void *it = NULL, *kit;
    const char *op, *key;
    const struct pval *m, *v;
    int scoped = 0;
    while (pval_next(cond, &it, &op, &m)) {
        kit = NULL;
        while (pval_next(m, &kit, &key, &v)) {
            const char *claim = github_claim(key);
            if (!claim)
                continue;
            if (strcasecmp(claim, "sub") && strcasecmp(claim, "repository") &&
                strcasecmp(claim, "repository_owner") && strcasecmp(claim, "repository_id") &&
                strcasecmp(claim, "repository_owner_id") && strcasecmp(claim, "job_workflow_ref"))
                continue;
            size_t n = pval_type(v) == PV_ARRAY ? pval_len(v) : 1;
            for (size_t i = 0; i < n; i++) {
                const char *s = pval_str(pval_type(v) == PV_ARRAY ? pval_idx(v, i) : v);
                if (s && !strcasecmp(claim, "sub") && sub_unsafe(s)) {
                    *bad = s;
                    return 2;
                }
                if (s && !strcmp(s, "*")) {
                    *bad = s;
                    return 2;
                }
            }
            scoped = 1;
        }
    }
    return scoped ? 0 : 1;
}

static void trust_doc(struct rule_ctx *ctx, const struct pval *doc, const struct doc_at *at)
{
    for (size_t i = 0; i < tfp_count(doc); i++) {
        const struct pval *st = tfp_at(doc, i);
        if (!tfp_allow(st) || !covers_assume(st))
            continue;
        char sid[80];
        const char *sidt = tfp_sid_text(st, sid, sizeof(sid));
        if (tfp_any_principal(st) && !tfp_has_condition(st)) {
            doc_report(ctx, at,
                       "name the accounts or roles that may assume it in Principal (or add a "
                       "condition such as aws:PrincipalOrgID)",
                       "trust statement %zu%s lets any principal (\"*\") assume the role, from "
                       "any AWS account",
                       i, sidt);
            continue;
        }
        if (!federated_github(st) || !tfp_action_covers(st, "sts:AssumeRoleWithWebIdentity"))
            continue;
        const char *bad = NULL;
        int scope = github_scope(st, &bad);
        if (scope == 1)
            doc_report(ctx, at,
                       "add a condition on token.actions.githubusercontent.com:sub naming your "
                       "repository (and branch or environment), e.g. "
                       "\"repo:my-org/my-repo:environment:production\"",
                       "trust statement %zu%s lets GitHub Actions assume the role without a "
                       "condition on the repository (sub): a workflow of any GitHub repository "
                       "can",
                       i, sidt);
        else if (scope == 2)
            doc_report(ctx, at,
                       "narrow token.actions.githubusercontent.com:sub to your repository (and "
                       "branch or environment), e.g. \"repo:my-org/my-repo:ref:refs/heads/main\"",
                       "trust statement %zu%s lets GitHub Actions assume the role with sub "
                       "\"%.80s\", which other GitHub repositories can match",
                       i, sidt, bad);
    }
}

/* ---- the documents of a plan ---- */

typedef void doc_fn(struct rule_ctx *ctx, const struct pval *doc, const struct doc_at *at);

struct doc_walk {
    struct rule_ctx *ctx;
    doc_fn *fn;
    char **seen; /* compact text of every resource document checked (sorted) */
    size_t nseen, seen_alloc;
};

static int str_pcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remember a document a resource uses (data sources holding it are reported there). */
static void note_seen(struct doc_walk *w, const struct pval *doc)
{
    if (!doc)
        return;
    ALLOC_GROW(w->seen, w->nseen + 1, w->seen_alloc);
    w->seen[w->nseen++] = pval_to_text(doc);
}

/* Check the JSON document in r's attribute path. */
static void resource_doc(struct doc_walk *w, const struct plan_resource *r, const char *path)
{
    const struct pval *doc = tfp_doc(w->ctx, r, path, 1);
    if (!doc)
        return;
    note_seen(w, doc);
    struct doc_at at = {r, NULL, path, r->plan};
    w->fn(w->ctx, doc, &at);
}

static void data_doc(const struct plan *p, const char *address, const struct pval *values,
                     void *arg)
{
    struct doc_walk *w = arg;
    const struct pval *doc = plan_json_decode_in(p, pval_get(values, "json"));
    if (!doc)
        return;
    char *text = pval_to_text(doc);
    char *key = text;
    int used = w->nseen && bsearch(&key, w->seen, w->nseen, sizeof(*w->seen), str_pcmp);
    free(text);
    if (used)
        return; /* reported where a resource uses it */
    struct doc_at at = {NULL, address, "json", p};
    w->fn(w->ctx, doc, &at);
}

static void walk_docs(struct rule_ctx *ctx, const struct plan *p, doc_fn *fn, int trust)
{
    static const char *const policy_types[] = {"aws_iam_policy", "aws_iam_role_policy",
                                               "aws_iam_user_policy", "aws_iam_group_policy"};
    struct doc_walk w = {ctx, fn, NULL, 0, 0};
    struct tf_iter it;
    const struct plan_resource *r;
    if (!trust) {
        for (size_t t = 0; t < ARRAY_SIZE(policy_types); t++)
            for (tf_iter_init(&it, p, policy_types[t]); (r = tf_next(&it));)
                resource_doc(&w, r, "policy");
        for (tf_iter_init(&it, p, "aws_ssoadmin_permission_set_inline_policy"); (r = tf_next(&it));)
            resource_doc(&w, r, "inline_policy");
    }
    for (tf_iter_init(&it, p, "aws_iam_role"); (r = tf_next(&it));) {
        if (trust) {
            resource_doc(&w, r, "assume_role_policy");
            continue;
        }
        struct attr in = plan_attr(r, "inline_policy");
        for (size_t i = 0; in.state == ATTR_KNOWN && i < pval_len(in.v); i++) {
            char path[48];
            snprintf(path, sizeof(path), "inline_policy.%zu.policy", i);
            resource_doc(&w, r, path);
        }
    }
    /* documents a resource uses for the other kind of policy are not data sources to check */
    if (trust)
        for (size_t t = 0; t < ARRAY_SIZE(policy_types); t++)
            for (tf_iter_init(&it, p, policy_types[t]); (r = tf_next(&it));)
                note_seen(&w, tfp_doc(ctx, r, "policy", 0));
    else
        for (tf_iter_init(&it, p, "aws_iam_role"); (r = tf_next(&it));)
            note_seen(&w, tfp_doc(ctx, r, "assume_role_policy", 0));
    if (w.nseen)
        qsort(w.seen, w.nseen, sizeof(*w.seen), str_pcmp);
    plan_each_prior_data(p, "aws_iam_policy_document", data_doc, &w);
    for (size_t i = 0; i < w.nseen; i++)
        free(w.seen[i]);
    free(w.seen);
}

static void check_escalation(struct rule_ctx *ctx, const struct subject *s)
{
    walk_docs(ctx, s->plan, escalation_doc, 0);
}

static void check_trust(struct rule_ctx *ctx, const struct subject *s)
{
    walk_docs(ctx, s->plan, trust_doc, 1);
}

const struct rule tf_iam_rules[] = {
    {
        .id = "tf/iam-escalation",
        .title = "IAM policies do not allow privilege escalation on every resource",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_286, CKV_AWS_287, CKV_AWS_288, CKV_AWS_289, CKV_AWS_290, CKV_AWS_355, "
                  "AVD-AWS-0057",
        .check = check_escalation,
        .help = "An `Allow` statement on `Resource: \"*\"` without a condition that grants an "
                "action of a short built-in list of privilege-escalation actions lets whoever "
                "holds the policy make themselves administrator: `iam:PassRole`, "
                "`iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`, "
                "`iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, "
                "`iam:Attach{User,Group,Role}Policy`, `iam:Put{User,Group,Role}Policy`, "
                "`iam:UpdateAssumeRolePolicy`, `iam:AddUserToGroup`, the permissions-boundary "
                "actions, `sts:AssumeRole`; and `s3:*` (every action on every bucket). Wildcards "
                "count (`iam:*`, `iam:Put*`). `*` on `*` is tf/iam-wildcard's. Checked in "
                "`aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, "
                "`aws_iam_group_policy`, `aws_iam_role` `inline_policy`, "
                "`aws_ssoadmin_permission_set_inline_policy`, and `data.aws_iam_policy_document` "
                "sources that no checked resource uses verbatim (those are reported at the "
                "resource). Statements with a `Condition` are not judged. Documents known only "
                "after apply are skipped.\n\n"
                "Fix: name the roles, users, policies and buckets in `Resource`, and narrow "
                "`iam:PassRole` with `iam:PassedToService`.",
    },
    {
        .id = "tf/iam-trust-open",
        .title = "Roles cannot be assumed by anybody or by any GitHub repository",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_358, CKV_AWS_393, CKV_AWS_60, CKV_AWS_61, AVD-AWS-0057",
        .check = check_trust,
        .help = "A role's trust policy (`aws_iam_role` `assume_role_policy`, or a "
                "`data.aws_iam_policy_document` no role uses verbatim) must say who may assume "
                "it. Reported: an `Allow` of `sts:AssumeRole*` to `Principal: \"*\"` (or "
                "`{\"AWS\": \"*\"}`) without a condition — any AWS account; and GitHub Actions "
                "OIDC (`Federated` token.actions.githubusercontent.com, "
                "`sts:AssumeRoleWithWebIdentity`) with no condition naming the repository "
                "(`token.actions.githubusercontent.com:sub`, also with an enterprise slug "
                "`…com/SLUG:sub`; or `repository`, `repository_owner`, `job_workflow_ref`), or "
                "with a `sub` pattern other repositories match: `*`, a claim without a value, "
                "`repo:*`, `repo:org*` (no owner/repo), or a custom template starting with "
                "`workflow`, `environment`, `ref`, `context`, `head_ref` or `base_ref`. A "
                "condition on `aud` alone "
                "limits nothing: every GitHub workflow gets that audience.\n\n"
                "Fix: name the accounts or roles in `Principal`; for GitHub, a `StringLike` "
                "condition on `token.actions.githubusercontent.com:sub` such as "
                "`repo:my-org/my-repo:environment:production`.",
    },
    {0},
};
