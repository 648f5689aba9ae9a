/* tf_s3.c — S3 buckets: public access blocks, public ACLs, public bucket policies and versioning.
 * AWS provider v4+ splits a bucket's settings into resources joined by their `bucket` (a
 * reference or the bucket's name); provider v3 keeps them inline. Both are read. The bucket the
 * S3 backend keeps state in is tf/state-bucket-hardening's and is left out here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/util.h"
#include "rules.h"
#include "tf_policy.h"
#include "tf_util.h"

/* ---- the buckets of a plan and their parts ---- */

enum s3_part { S3_PAB, S3_ACL, S3_POLICY, S3_VERSIONING, S3_NPARTS };

static const char *const part_types[S3_NPARTS] = {"aws_s3_bucket_public_access_block",
                                                  "aws_s3_bucket_acl", "aws_s3_bucket_policy",
                                                  "aws_s3_bucket_versioning"};

struct s3_named {
    const char *name;
    const struct plan_resource *b;
};

struct s3_model {
    const struct plan *plan;
    const struct plan_resource **part;  /* [resource index * S3_NPARTS + part]: the part */
    const struct plan_resource **owner; /* [resource index]: a part's bucket, or NULL */
    unsigned char *logs;                /* [resource index]: receives access logs */
    unsigned char *expires;             /* [resource index]: a lifecycle expires every object */
    struct s3_named *names;             /* buckets by known name, sorted */
    size_t nnames;
    const struct plan_resource *account_pab; /* complete-or-not account-wide block, or NULL */
    const char *state_bucket;                /* the backend's bucket, or NULL */
};

static int named_cmp(const void *a, const void *b)
{
    return strcmp(((const struct s3_named *)a)->name, ((const struct s3_named *)b)->name);
}

static const struct plan_resource *by_name(const struct s3_model *m, const char *name)
{
    if (!name || !*name || !m->nnames)
        return NULL;
    char buf[256];
    if (starts_with(name, "arn:aws:s3:::")) { /* an ARN, maybe with a key prefix */
        const char *n = name + 13;
        size_t len = strcspn(n, "/");
        if (len >= sizeof(buf))
            return NULL;
        memcpy(buf, n, len);
        buf[len] = '\0';
        name = buf;
    }
    struct s3_named key = {name, NULL};
    struct s3_named *hit = bsearch(&key, m->names, m->nnames, sizeof(key), named_cmp);
    return hit ? hit->b : NULL;
}

struct find {
    const struct plan_resource *found;
};

static void found_bucket(const struct plan_resource *t, void *arg)
{
    struct find *f = arg;
    if (!f->found && !strcmp(t->type, "aws_s3_bucket") && plan_res_live(t))
        f->found = t;
}

/* The bucket r's attribute path names (by reference or by name), or NULL. */
static const struct plan_resource *bucket_of(const struct s3_model *m,
                                             const struct plan_resource *r, const char *path)
{
    struct find f = {NULL};
    plan_each_target(r, path, found_bucket, &f);
    return f.found ? f.found : by_name(m, plan_string(r, path));
}

static void mark(const struct s3_model *m, unsigned char *flags, const struct plan_resource *r,
                 const char *path)
{
    const struct plan_resource *b = bucket_of(m, r, path);
    if (b)
        flags[b->index] = 1;
}

/* Does a lifecycle rule (v4 configuration or v3 inline) expire every current object within 30
 * days (scratch, caches, build artefacts)? */
static int rule_expires_all(const struct pval *rule, int v3)
{
    const char *status = pval_str(pval_get(rule, "status"));
    if (v3 ? !pval_is_true(pval_get(rule, "enabled")) : (!status || strcmp(status, "Enabled")))
        return 0;
    const char *prefix = pval_str(pval_get(rule, "prefix"));
    if (prefix && *prefix)
        return 0;
    const struct pval *filter = pval_idx(pval_get(rule, "filter"), 0);
    const char *fp = pval_str(pval_get(filter, "prefix"));
    if ((fp && *fp) || pval_len(pval_get(filter, "tag")) || pval_len(pval_get(filter, "and")))
        return 0;
    double days = 0;
    const struct pval *exp = pval_idx(pval_get(rule, "expiration"), 0);
    return pval_num(pval_get(exp, "days"), &days) == 0 && days > 0 && days <= 30;
}

static int expires_all(const struct plan_resource *r, const char *path, int v3)
{
    struct attr a = plan_attr(r, path);
    for (size_t i = 0; a.state == ATTR_KNOWN && i < pval_len(a.v); i++)
        if (rule_expires_all(pval_idx(a.v, i), v3))
            return 1;
    return 0;
}

static void s3_model_init(struct s3_model *m, const struct subject *s)
{
    const struct plan *p = s->plan;
    size_t n = plan_nresources(p) + 1;
    memset(m, 0, sizeof(*m));
    m->plan = p;
    m->part = xcalloc(n * S3_NPARTS, sizeof(*m->part));
    m->owner = xcalloc(n, sizeof(*m->owner));
    m->logs = xcalloc(n, 1);
    m->expires = xcalloc(n, 1);
    struct tf_iter it;
    const struct plan_resource *r;
    size_t nb;
    plan_by_type(p, "aws_s3_bucket", &nb);
    m->names = xcalloc(nb + 1, sizeof(*m->names));
    for (tf_iter_init(&it, p, "aws_s3_bucket"); (r = tf_next(&it));) {
        const char *name = plan_string(r, "bucket");
        if (name && *name)
            m->names[m->nnames++] = (struct s3_named){name, r};
        if (expires_all(r, "lifecycle_rule", 1))
            m->expires[r->index] = 1;
    }
    if (m->nnames)
        qsort(m->names, m->nnames, sizeof(*m->names), named_cmp);
    for (size_t k = 0; k < S3_NPARTS; k++)
        for (tf_iter_init(&it, p, part_types[k]); (r = tf_next(&it));) {
            const struct plan_resource *b = bucket_of(m, r, "bucket");
            if (!b)
                continue;
            m->owner[r->index] = b;
            if (!m->part[b->index * S3_NPARTS + k])
                m->part[b->index * S3_NPARTS + k] = r;
        }
    for (tf_iter_init(&it, p, "aws_s3_bucket"); (r = tf_next(&it));)
        mark(m, m->logs, r, "logging.0.target_bucket");
    for (tf_iter_init(&it, p, "aws_s3_bucket_logging"); (r = tf_next(&it));)
        mark(m, m->logs, r, "target_bucket");
    for (tf_iter_init(&it, p, "aws_lb"); (r = tf_next(&it));)
        mark(m, m->logs, r, "access_logs.0.bucket");
    for (tf_iter_init(&it, p, "aws_cloudtrail"); (r = tf_next(&it));)
        mark(m, m->logs, r, "s3_bucket_name");
    for (tf_iter_init(&it, p, "aws_flow_log"); (r = tf_next(&it));)
        mark(m, m->logs, r, "log_destination");
    for (tf_iter_init(&it, p, "aws_s3_bucket_lifecycle_configuration"); (r = tf_next(&it));) {
        const struct plan_resource *b = bucket_of(m, r, "bucket");
        if (b && expires_all(r, "rule", 0))
            m->expires[b->index] = 1;
    }
    for (tf_iter_init(&it, p, "aws_s3_account_public_access_block"); (r = tf_next(&it));)
        m->account_pab = r;
    if (s->stack && s->stack->backend && !s->stack->backend->state_store &&
        !strcmp(s->stack->backend->type, "s3"))
        m->state_bucket = pval_str(backend_config(s->stack->backend, "bucket"));
}

static void s3_model_release(struct s3_model *m)
{
    free(m->part);
    free(m->owner);
    free(m->logs);
    free(m->expires);
    free(m->names);
}

static const struct plan_resource *part(const struct s3_model *m, const struct plan_resource *b,
                                        enum s3_part k)
{
    return b ? m->part[b->index * S3_NPARTS + k] : NULL;
}

static int is_state_bucket(const struct s3_model *m, const struct plan_resource *b)
{
    const char *name = b ? plan_string(b, "bucket") : NULL;
    return m->state_bucket && name && !strcmp(name, m->state_bucket);
}

/* 1 when the bucket's block (or the account's) sets flag true. */
static int blocked(const struct s3_model *m, const struct plan_resource *b, const char *flag)
{
    const struct plan_resource *pab = part(m, b, S3_PAB);
    return (pab && plan_bool(pab, flag) == 1) ||
           (m->account_pab && plan_bool(m->account_pab, flag) == 1);
}

static const char *bucket_name(struct rule_ctx *ctx, const struct plan_resource *b,
                               const struct plan_resource *r)
{
    const char *name = b ? plan_string(b, "bucket") : plan_string(r, "bucket");
    (void)ctx;
    return name && *name ? name : b ? b->address : "(known after apply)";
}

/* ---- tf/s3-public-access-block ---- */

/* A setting of a public access block: 1 true (or forced by the account-wide block), 0 false,
 * -1 unknown. Unset counts as false, as S3 reads it. */
static int pab_flag(struct rule_ctx *ctx, const struct s3_model *m, const struct plan_resource *r,
                    const char *flag)
{
    if (m->account_pab && m->account_pab != r && plan_bool(m->account_pab, flag) == 1)
        return 1;
    int v = plan_bool(r, flag);
    if (v < 0)
        tf_unknown(ctx, r, flag);
    return v;
}

/* Both settings closing one path (ACLs or policies) are off. */
static int path_open(struct rule_ctx *ctx, const struct s3_model *m, const struct plan_resource *r,
                     const char *block, const char *ignore)
{
    return pab_flag(ctx, m, r, block) == 0 && pab_flag(ctx, m, r, ignore) == 0;
}

static void check_pab_resource(struct rule_ctx *ctx, const struct s3_model *m,
                               const struct plan_resource *r)
{
    const struct plan_resource *b = m->owner[r->index];
    if (is_state_bucket(m, b))
        return;
    int acls = path_open(ctx, m, r, "block_public_acls", "ignore_public_acls");
    int policies = path_open(ctx, m, r, "block_public_policy", "restrict_public_buckets");
    if (!acls && !policies)
        return;
    char whose[160];
    if (!strcmp(r->type, "aws_s3_account_public_access_block"))
        snprintf(whose, sizeof(whose), "the account-wide public access block");
    else
        snprintf(whose, sizeof(whose), "the public access block of bucket %s",
                 bucket_name(ctx, b, r));
    tf_report(ctx, r, acls ? "block_public_acls" : "block_public_policy",
              "set all four settings to true", "%s sets %s to false: %s take effect", whose,
              acls && policies ? "all four settings"
              : acls           ? "block_public_acls and ignore_public_acls"
                               : "block_public_policy and restrict_public_buckets",
              acls && policies ? "public ACLs and bucket policies"
              : acls           ? "public ACLs"
                               : "public bucket policies");
}

static void check_s3_pab(struct rule_ctx *ctx, const struct subject *s)
{
    struct s3_model m;
    s3_model_init(&m, s);
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, part_types[S3_PAB]); (r = tf_next(&it));)
        check_pab_resource(ctx, &m, r);
    for (tf_iter_init(&it, s->plan, "aws_s3_account_public_access_block"); (r = tf_next(&it));)
        check_pab_resource(ctx, &m, r);
    s3_model_release(&m);
}

/* ---- tf/s3-public-acl ---- */

/* who: "AllUsers" or "AuthenticatedUsers"; write: the grant lets them write. */
static void acl_finding(struct rule_ctx *ctx, const struct s3_model *m,
                        const struct plan_resource *r, const struct plan_resource *b,
                        const char *path, const char *what, int authenticated, int write)
{
    if (is_state_bucket(m, b) || blocked(m, b, "ignore_public_acls"))
        return; /* S3 ignores public ACLs on this bucket */
    tf_report(ctx, r, path,
              "use acl = \"private\" (or no ACL: BucketOwnerEnforced) and serve public content "
              "through CloudFront with origin access control",
              "bucket %s grants %s: %s can %s", bucket_name(ctx, b, r), what,
              authenticated ? "anyone with an AWS account" : "anyone on the internet",
              write ? "read and write its objects" : "read its objects");
}

static void canned_acl(struct rule_ctx *ctx, const struct s3_model *m,
                       const struct plan_resource *r, const struct plan_resource *b)
{
    const char *acl = plan_string(r, "acl");
    if (!acl || (strcmp(acl, "public-read") && strcmp(acl, "public-read-write") &&
                 strcmp(acl, "authenticated-read")))
        return;
    char what[64];
    snprintf(what, sizeof(what), "acl = \"%s\"", acl);
    acl_finding(ctx, m, r, b, "acl", what, !strcmp(acl, "authenticated-read"),
                !strcmp(acl, "public-read-write"));
}

static void check_grants(struct rule_ctx *ctx, const struct s3_model *m,
                         const struct plan_resource *r, const struct plan_resource *b,
                         const char *grants, const char *uri_key)
{
    struct attr a = plan_attr(r, grants);
    for (size_t i = 0; a.state == ATTR_KNOWN && i < pval_len(a.v); i++) {
        const struct pval *g = pval_idx(a.v, i);
        const char *uri = pval_str(pval_path(g, uri_key));
        int all = uri && strstr(uri, "acs.amazonaws.com/groups/global/AllUsers") != NULL;
        int auth = uri && strstr(uri, "acs.amazonaws.com/groups/global/AuthenticatedUsers");
        if (!all && !auth)
            continue;
        const struct pval *perms = pval_get(g, "permission");
        if (!perms)
            perms = pval_get(g, "permissions"); /* v3 inline grant: a list */
        int write = pval_has_str(perms, "WRITE") || pval_has_str(perms, "FULL_CONTROL");
        int read = write || pval_has_str(perms, "READ");
        if (!read)
            continue; /* READ_ACP / WRITE_ACP alone: not the objects */
        char path[96], what[96];
        snprintf(path, sizeof(path), "%s.%zu", grants, i);
        snprintf(what, sizeof(what), "%s to %s", write ? "write access" : "READ",
                 all ? "AllUsers" : "AuthenticatedUsers");
        acl_finding(ctx, m, r, b, path, what, !all, write);
    }
}

static void check_s3_acl(struct rule_ctx *ctx, const struct subject *s)
{
    struct s3_model m;
    s3_model_init(&m, s);
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_s3_bucket"); (r = tf_next(&it));) {
        canned_acl(ctx, &m, r, r);
        check_grants(ctx, &m, r, r, "grant", "uri");
    }
    for (tf_iter_init(&it, s->plan, part_types[S3_ACL]); (r = tf_next(&it));) {
        const struct plan_resource *b = m.owner[r->index];
        struct attr acl = plan_attr(r, "acl");
        if (acl.state == ATTR_UNKNOWN && plan_configured(r, "acl"))
            tf_unknown(ctx, r, "acl");
        canned_acl(ctx, &m, r, b);
        check_grants(ctx, &m, r, b, "access_control_policy.0.grant", "grantee.0.uri");
    }
    s3_model_release(&m);
}

/* ---- tf/s3-public-policy ---- */

static void policy_doc(struct rule_ctx *ctx, const struct s3_model *m,
                       const struct plan_resource *r, const struct plan_resource *b)
{
    const struct pval *doc = tfp_doc(ctx, r, "policy", 1);
    if (is_state_bucket(m, b) || blocked(m, b, "restrict_public_buckets"))
        return;
    char list[256];
    size_t n = tfp_open_list(doc, list, sizeof(list));
    if (n)
        tf_report(ctx, r, "policy",
                  "name the principals that need access, or add a condition (aws:SourceArn, "
                  "aws:SourceVpce, aws:PrincipalOrgID); serve public content through "
                  "CloudFront with origin access control",
                  "bucket policy statement%s %s of %s allow%s Principal \"*\" without a "
                  "condition: anyone on the internet can use %s",
                  n > 1 ? "s" : "", list, bucket_name(ctx, b, r), n > 1 ? "" : "s",
                  n > 1 ? "them" : "it");
}

static void check_s3_policy(struct rule_ctx *ctx, const struct subject *s)
{
    struct s3_model m;
    s3_model_init(&m, s);
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_s3_bucket"); (r = tf_next(&it));)
        if (plan_attr(r, "policy").state == ATTR_KNOWN)
            policy_doc(ctx, &m, r, r); /* v3 inline; v4+ computes it from the policy resource */
    for (tf_iter_init(&it, s->plan, part_types[S3_POLICY]); (r = tf_next(&it));)
        policy_doc(ctx, &m, r, m.owner[r->index]);
    s3_model_release(&m);
}

/* ---- tf/s3-versioning ---- */

static void check_s3_versioning(struct rule_ctx *ctx, const struct subject *s)
{
    struct s3_model m;
    s3_model_init(&m, s);
    struct tf_iter it;
    const struct plan_resource *b;
    for (tf_iter_init(&it, s->plan, "aws_s3_bucket"); (b = tf_next(&it));) {
        if (is_state_bucket(&m, b) || m.logs[b->index] || m.expires[b->index])
            continue;
        const struct plan_resource *v = part(&m, b, S3_VERSIONING);
        if (v) {
            struct attr st = plan_attr(v, "versioning_configuration.0.status");
            if (st.state == ATTR_UNKNOWN) {
                tf_unknown(ctx, v, "versioning_configuration.0.status");
                continue;
            }
            const char *status = st.state == ATTR_KNOWN ? pval_str(st.v) : NULL;
            if (status && !strcmp(status, "Enabled"))
                continue;
            tf_report(ctx, v, "versioning_configuration.0.status",
                      "set versioning_configuration { status = \"Enabled\" } (with a lifecycle "
                      "rule expiring noncurrent versions)",
                      "versioning of bucket %s is %s: an overwritten or deleted object cannot be "
                      "recovered",
                      bucket_name(ctx, b, b), rule_attr_text(ctx, &st));
            continue;
        }
        int legacy = plan_bool(b, "versioning.0.enabled");
        if (legacy == 1)
            continue;
        if (legacy < 0) {
            tf_unknown(ctx, b, "versioning.0.enabled");
            continue;
        }
        tf_report(ctx, b, "versioning",
                  "add an aws_s3_bucket_versioning resource with status = \"Enabled\" (and a "
                  "lifecycle rule expiring noncurrent versions)",
                  "bucket %s is not versioned: an overwritten or deleted object cannot be "
                  "recovered",
                  bucket_name(ctx, b, b));
    }
    s3_model_release(&m);
}

const struct rule tf_s3_rules[] = {
    {
        .id = "tf/s3-public-access-block",
        .title = "S3 public access blocks are not switched off",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56, AVD-AWS-0086, "
                  "AVD-AWS-0087, AVD-AWS-0091, AVD-AWS-0093, AVD-AWS-0094",
        .check = check_s3_pab,
        .help = "An `aws_s3_bucket_public_access_block` (or the account-wide "
                "`aws_s3_account_public_access_block`) that turns off both settings closing one "
                "path lets that path make the bucket public: `block_public_acls` and "
                "`ignore_public_acls` both false (public ACLs take effect), "
                "`block_public_policy` and `restrict_public_buckets` both false (public "
                "policies take effect). One of a pair suffices to close the path, so a lone "
                "`false` is not reported; neither is a bucket-level `false` that the "
                "account-wide block overrides. A bucket without any "
                "block is not reported: since April 2023 S3 blocks public access on every new "
                "bucket by default, and what actually exposes a bucket (a public ACL or policy) "
                "is reported by tf/s3-public-acl and tf/s3-public-policy. The state bucket is "
                "tf/state-bucket-hardening's.\n\n"
                "Fix: set all four settings to `true`; serve public content through CloudFront "
                "with origin access control.",
    },
    {
        .id = "tf/s3-public-acl",
        .title = "S3 buckets do not grant access to everyone by ACL",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_20, CKV_AWS_57, AVD-AWS-0092",
        .check = check_s3_acl,
        .help = "A canned ACL `public-read`, `public-read-write` or `authenticated-read` (any "
                "AWS account), or a grant to the `AllUsers` / `AuthenticatedUsers` groups, opens "
                "the bucket's objects to the internet. Read in `aws_s3_bucket_acl` (`acl` and "
                "`access_control_policy` grants, joined to its bucket by reference or name) and "
                "in provider v3's inline `acl` and `grant`. Not reported when the bucket's or "
                "the account's public access block has `ignore_public_acls = true` (S3 then "
                "ignores the ACL).\n\n"
                "Fix: `acl = \"private\"` or no ACL at all (object ownership "
                "`BucketOwnerEnforced`); serve public content through CloudFront.",
    },
    {
        .id = "tf/s3-public-policy",
        .title = "S3 bucket policies do not allow anyone without a condition",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_70, AVD-AWS-0093",
        .check = check_s3_policy,
        .help = "A bucket policy statement that allows `Principal: \"*\"` (or `{\"AWS\": "
                "\"*\"}`) without any `Condition` lets anybody use the actions it names. Read "
                "in `aws_s3_bucket_policy` and provider v3's inline `policy`. A condition "
                "(`aws:SourceArn`, `aws:SourceVpce`, `aws:PrincipalOrgID`, …) counts as a "
                "restriction. Not reported when the bucket's or the account's public access "
                "block has `restrict_public_buckets = true` (S3 then limits access to AWS "
                "services and the owner's account). Deny statements are never findings.\n\n"
                "Fix: name the principals, or add a condition; for public websites, CloudFront "
                "with origin access control.",
    },
    {
        .id = "tf/s3-versioning",
        .title = "Production buckets that hold data are versioned",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_21, AVD-AWS-0090",
        .check = check_s3_versioning,
        .help = "Without versioning an overwritten or deleted object is gone. In production, "
                "every bucket that holds data must have versioning `Enabled` "
                "(`aws_s3_bucket_versioning`, or provider v3's inline `versioning`). Buckets "
                "that do not hold data worth recovering are left out, decided from the plan: "
                "buckets that receive access logs (the target of `aws_s3_bucket_logging`, an "
                "inline `logging` block, `aws_lb` `access_logs`, `aws_cloudtrail` or an S3 "
                "`aws_flow_log`, by reference, name or ARN), and "
                "buckets with an enabled lifecycle rule that expires every object (no prefix, "
                "tag or filter) within 30 days — caches, scratch and build artefacts; a longer "
                "retention is data. The state bucket is "
                "tf/state-bucket-hardening's.\n\n"
                "Fix: `aws_s3_bucket_versioning` with status `Enabled`, and a lifecycle rule "
                "expiring noncurrent versions to bound the cost.",
    },
    {0},
};
