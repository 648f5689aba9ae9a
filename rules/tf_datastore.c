/* tf_datastore.c — data stores beyond encryption and HA: RDS observability and IAM
 * authentication in production, Redis AUTH when TLS is on, and queue policies open to anyone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"
#include "tf_policy.h"
#include "tf_util.h"

/* ---- tf/rds-observability ---- */

/* Instance classes Performance Insights does not support. */
static int pi_unsupported(const char *cls)
{
    return cls && (starts_with(cls, "db.t2.") || !strcmp(cls, "db.t3.micro") ||
                   !strcmp(cls, "db.t3.small") || !strcmp(cls, "db.t4g.micro") ||
                   !strcmp(cls, "db.t4g.small") || !strcmp(cls, "db.m1.small"));
}

/* Add what an instance lacks to sb; *first set to the path of the first gap. */
static void instance_gaps(struct rule_ctx *ctx, const struct plan_resource *r, struct strbuf *sb,
                          const char **first)
{
    double iv = 0;
    int st = plan_number(r, "monitoring_interval", &iv);
    if (st < 0)
        tf_unknown(ctx, r, "monitoring_interval");
    else if (st == 1 || iv == 0) {
        strbuf_addf(sb, "%senhanced monitoring", sb->len ? ", " : "");
        *first = *first ? *first : "monitoring_interval";
    }
    int pi = plan_bool(r, "performance_insights_enabled");
    if (pi < 0)
        tf_unknown(ctx, r, "performance_insights_enabled");
    else if (!pi && !pi_unsupported(plan_string(r, "instance_class"))) {
        strbuf_addf(sb, "%sPerformance Insights", sb->len ? ", " : "");
        *first = *first ? *first : "performance_insights_enabled";
    }
}

static void log_gap(struct rule_ctx *ctx, const struct plan_resource *r, struct strbuf *sb,
                    const char **first)
{
    struct attr a = plan_attr(r, "enabled_cloudwatch_logs_exports");
    if (a.state == ATTR_UNKNOWN) {
        if (plan_configured(r, "enabled_cloudwatch_logs_exports"))
            tf_unknown(ctx, r, "enabled_cloudwatch_logs_exports");
        else
            a.state = ATTR_UNSET;
    }
    if (a.state == ATTR_UNSET || (a.state == ATTR_KNOWN && pval_len(a.v) == 0)) {
        strbuf_addf(sb, "%slog exports to CloudWatch", sb->len ? ", " : "");
        *first = *first ? *first : "enabled_cloudwatch_logs_exports";
    }
}

static void observability_report(struct rule_ctx *ctx, const struct plan_resource *r,
                                 struct strbuf *sb, const char *first)
{
    if (sb->len)
        tf_report(ctx, r, first,
                  "set monitoring_interval = 60 (with monitoring_role_arn), "
                  "performance_insights_enabled = true and enabled_cloudwatch_logs_exports as "
                  "the engine offers",
                  "production database without %s: an incident on it cannot be diagnosed "
                  "from what AWS recorded",
                  sb->buf);
    strbuf_release(sb);
}

static void check_rds_observability(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_db_instance"); (r = tf_next(&it));) {
        struct strbuf sb = STRBUF_INIT;
        const char *first = NULL;
        instance_gaps(ctx, r, &sb, &first);
        log_gap(ctx, r, &sb, &first);
        observability_report(ctx, r, &sb, first);
    }
    for (tf_iter_init(&it, s->plan, "aws_rds_cluster_instance"); (r = tf_next(&it));) {
        struct strbuf sb = STRBUF_INIT;
        const char *first = NULL;
        instance_gaps(ctx, r, &sb, &first);
        observability_report(ctx, r, &sb, first);
    }
    for (tf_iter_init(&it, s->plan, "aws_rds_cluster"); (r = tf_next(&it));) {
        struct strbuf sb = STRBUF_INIT;
        const char *first = NULL;
        log_gap(ctx, r, &sb, &first);
        observability_report(ctx, r, &sb, first);
    }
}

/* ---- tf/rds-iam-auth ---- */

static int iam_auth_engine(const char *e)
{
    return e && (starts_with(e, "mysql") || starts_with(e, "postgres") ||
                 starts_with(e, "mariadb") || starts_with(e, "aurora"));
}

static void check_rds_iam_auth(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_db_instance", "aws_rds_cluster"};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            if (!iam_auth_engine(plan_string(r, "engine")))
                continue; /* not supported, or the engine is unknown */
            if (!strcmp(r->type, "aws_db_instance") &&
                (tf_is_set(r, "replicate_source_db") || tf_is_set(r, "cluster_identifier")))
                continue; /* a replica or cluster member follows its source */
            int v = plan_bool(r, "iam_database_authentication_enabled");
            if (v < 0)
                tf_unknown(ctx, r, "iam_database_authentication_enabled");
            else if (!v)
                tf_report(ctx, r, "iam_database_authentication_enabled",
                          "set iam_database_authentication_enabled = true and let applications "
                          "connect with IAM tokens",
                          "production database without IAM authentication: every client "
                          "connects with long-lived credentials");
        }
    }
}

/* ---- tf/elasticache-auth ---- */

static void check_elasticache_auth(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_elasticache_replication_group"); (r = tf_next(&it));) {
        const char *engine = plan_string(r, "engine");
        if (engine && strcasecmp(engine, "redis") && strcasecmp(engine, "valkey"))
            continue;
        if (plan_bool(r, "transit_encryption_enabled") != 1)
            continue; /* without TLS no AUTH is possible: tf/encryption-in-transit */
        struct attr tok = plan_attr(r, "auth_token");
        struct attr ug = plan_attr(r, "user_group_ids");
        if (tok.state == ATTR_KNOWN || (ug.state == ATTR_KNOWN && pval_len(ug.v) > 0))
            continue;
        if (tok.state == ATTR_UNKNOWN || ug.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, r, "auth_token");
            continue;
        }
        tf_report(ctx, r, "auth_token",
                  "set auth_token (from a secret), or user_group_ids for RBAC users",
                  "transit encryption is on but neither auth_token nor user_group_ids is set: "
                  "any client that reaches the network can read and write the cache");
    }
}

/* ---- tf/sqs-policy-open ---- */

static void queue_policy(struct rule_ctx *ctx, const struct plan_resource *r)
{
    const struct pval *doc = tfp_doc(ctx, r, "policy", 1);
    char list[256];
    size_t n = tfp_open_list(doc, list, sizeof(list));
    if (n)
        tf_report(ctx, r, "policy",
                  "name the principals, or add a condition such as aws:SourceArn naming the "
                  "topic or bucket that sends to the queue",
                  "queue policy statement%s %s allow%s Principal \"*\" without a condition: "
                  "anyone can use the queue",
                  n > 1 ? "s" : "", list, n > 1 ? "" : "s");
}

static void check_sqs_policy(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_sqs_queue_policy"); (r = tf_next(&it));)
        queue_policy(ctx, r);
    for (tf_iter_init(&it, s->plan, "aws_sqs_queue"); (r = tf_next(&it));)
        if (plan_configured(r, "policy") || !plan_has_configuration(s->plan))
            queue_policy(ctx, r); /* else computed from an aws_sqs_queue_policy */
}

const struct rule tf_datastore_rules[] = {
    {
        .id = "tf/rds-observability",
        .title = "Production databases record metrics, query load and logs",
        .severity = SEV_NOTE,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_118, CKV_AWS_353, CKV_AWS_129, CKV_AWS_324, AVD-AWS-0133",
        .check = check_rds_observability,
        .help = "A production database should have enhanced monitoring (`monitoring_interval` "
                "above 0), Performance Insights (`performance_insights_enabled`; not asked of "
                "the micro/small classes that lack it) and log exports "
                "(`enabled_cloudwatch_logs_exports`): without them an incident cannot be "
                "diagnosed afterwards. Checked on `aws_db_instance`; for Aurora, monitoring and "
                "Performance Insights on `aws_rds_cluster_instance` and log exports on "
                "`aws_rds_cluster`. One finding per database names every gap. A note: "
                "operational visibility, not an exposure.\n\n"
                "Fix: `monitoring_interval = 60` with a `monitoring_role_arn`, "
                "`performance_insights_enabled = true`, and the engine's logs in "
                "`enabled_cloudwatch_logs_exports` (e.g. `[\"postgresql\"]`).",
    },
    {
        .id = "tf/rds-iam-auth",
        .title = "Production databases accept IAM authentication",
        .severity = SEV_NOTE,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .persona = PERSONA_PEDANTIC,
        .flags = RULE_OFF_BY_DEFAULT,
        .origin = "CKV_AWS_161, CKV_AWS_162, AVD-AWS-0176",
        .check = check_rds_iam_auth,
        .help = "IAM database authentication lets applications connect with short-lived "
                "tokens instead of long-lived passwords. Asked of MySQL, MariaDB, PostgreSQL "
                "and Aurora instances and clusters in production (replicas and cluster members "
                "follow their source). Hygiene: many teams rotate passwords through Secrets "
                "Manager instead, so this is for the pedantic persona.\n\n"
                "Fix: `iam_database_authentication_enabled = true`.",
    },
    {
        .id = "tf/elasticache-auth",
        .title = "Redis with TLS also requires authentication",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_31, AVD-AWS-0045",
        .check = check_elasticache_auth,
        .help = "An `aws_elasticache_replication_group` (Redis or Valkey) with "
                "`transit_encryption_enabled = true` but neither `auth_token` nor "
                "`user_group_ids` (RBAC) accepts every client that reaches it. The token's "
                "value is never read or printed. Without transit encryption AUTH is not "
                "possible: that is tf/encryption-in-transit's finding.\n\n"
                "Fix: `auth_token` from a secret (with `auth_token_update_strategy`), or RBAC "
                "users in `user_group_ids`.",
    },
    {
        .id = "tf/sqs-policy-open",
        .title = "Queue policies do not allow anyone without a condition",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_168, CKV_AWS_387, AVD-AWS-0097",
        .check = check_sqs_policy,
        .help = "An SQS queue policy (`aws_sqs_queue_policy`, or the queue's own `policy`) "
                "statement that allows `Principal: \"*\"` without a `Condition` lets any AWS "
                "account send, read or delete messages. A condition such as `aws:SourceArn` "
                "(the SNS topic or S3 bucket that sends) makes it a restriction.\n\n"
                "Fix: name the principals, or add an `aws:SourceArn` / `aws:SourceAccount` "
                "condition.",
    },
    {0},
};
