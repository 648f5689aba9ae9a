/* tf_ha.c — high availability and recoverability in production: RDS, ElastiCache, ECS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "rules.h"
#include "tf_util.h"

/* A boolean that must be true: report when false or unset, note when unknown. */
static int want_true(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                     const char *fix, const char *why)
{
    int v = plan_bool(r, path);
    if (v == 1)
        return 1;
    if (v < 0) {
        tf_unknown(ctx, r, path);
        return 1;
    }
    tf_report(ctx, r, path, fix, "%s is %s: %s", path, tf_text(ctx, r, path), why);
    return 0;
}

static int is_replica(const struct plan_resource *r)
{
    return tf_is_set(r, "replicate_source_db") || tf_is_set(r, "replication_source_identifier");
}

/* ---- tf/rds-multi-az ---- */

static void check_cluster_instances(struct rule_ctx *ctx, const struct plan *p,
                                    const struct plan_resource *c)
{
    struct tf_iter it;
    const struct plan_resource *inst;
    if (tf_is_set(c, "db_cluster_instance_class"))
        return; /* a Multi-AZ DB cluster: AWS places its three instances itself */
    const char *mode = plan_string(c, "engine_mode");
    if (mode && strcmp(mode, "provisioned"))
        return; /* serverless v1 / parallel query: no instances to count */
    size_t members = 0, unresolved = 0;
    const char *zone = NULL;
    int zones_differ = 0, zones_unknown = 0;
    for (tf_iter_init(&it, p, "aws_rds_cluster_instance"); (inst = tf_next(&it));) {
        if (tf_links(inst, "cluster_identifier", c, "cluster_identifier,id")) {
            members++;
            const char *az = plan_string(inst, "availability_zone");
            if (!az)
                zones_unknown = 1;
            else if (!zone)
                zone = az;
            else if (strcmp(zone, az))
                zones_differ = 1;
        } else if (!plan_string(inst, "cluster_identifier") &&
                   plan_ref_count(inst, "cluster_identifier") < 0) {
            unresolved++;
        }
    }
    if (members < 2) {
        if (unresolved)
            return tf_unknown(ctx, c, "cluster_identifier");
        tf_report(ctx, c, NULL,
                  "add a second aws_rds_cluster_instance (a reader in another AZ "
                  "becomes the failover target)",
                  members ? "Aurora cluster has 1 instance: no reader to fail over to when the "
                            "writer or its AZ fails"
                          : "Aurora cluster has no aws_rds_cluster_instance in the plan: no "
                            "writer, and no reader to fail over to");
        return;
    }
    if (!zones_differ && !zones_unknown && zone)
        tf_report(ctx, c, NULL,
                  "spread the cluster instances over availability zones (or leave "
                  "availability_zone unset so RDS spreads them)",
                  "all %zu instances of the Aurora cluster are in %s: an AZ outage takes the "
                  "whole cluster down",
                  members, zone);
}

static void check_rds_multi_az(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *c, *r;
    for (tf_iter_init(&it, s->plan, "aws_db_instance"); (r = tf_next(&it));) {
        want_true(ctx, r, "multi_az", "set multi_az = true",
                  "a single-AZ production database is down for the whole of an AZ outage and "
                  "for every maintenance reboot");
    }
    for (tf_iter_init(&it, s->plan, "aws_rds_cluster"); (c = tf_next(&it));) {
        check_cluster_instances(ctx, s->plan, c);
    }
}

/* ---- tf/rds-backup-retention ---- */

static void check_backup(struct rule_ctx *ctx, const struct plan_resource *r, long long min)
{
    if (is_replica(r))
        return; /* replicas take no backups of their own */
    double days;
    int st = plan_number(r, "backup_retention_period", &days);
    if (st < 0)
        return tf_unknown(ctx, r, "backup_retention_period");
    char fix[96];
    snprintf(fix, sizeof(fix), "set backup_retention_period = %lld or more", min);
    if (st == 1)
        tf_report(ctx, r, "backup_retention_period", fix,
                  "backup_retention_period is unset (AWS keeps 1 day): production needs at "
                  "least %lld days of point-in-time recovery",
                  min);
    else if (days < (double)min && plan_attr(r, "backup_retention_period").sensitive)
        tf_report(ctx, r, "backup_retention_period", fix,
                  "backup_retention_period (sensitive) is below %lld days: production needs at "
                  "least %lld days of point-in-time recovery",
                  min, min);
    else if (days < (double)min)
        tf_report(ctx, r, "backup_retention_period", fix,
                  "backup_retention_period is %g day%s: production needs at least %lld days of "
                  "point-in-time recovery",
                  days, days == 1 ? "" : "s", min);
}

static void check_rds_backup(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    long long min = rule_opt_int(ctx, "min_days");
    for (tf_iter_init(&it, s->plan, "aws_db_instance"); (r = tf_next(&it));)
        check_backup(ctx, r, min);
    for (tf_iter_init(&it, s->plan, "aws_rds_cluster"); (r = tf_next(&it));)
        check_backup(ctx, r, min);
}

/* ---- tf/rds-deletion-protection, tf/rds-final-snapshot ---- */

static void check_rds_deletion(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    static const char *const types[] = {"aws_db_instance", "aws_rds_cluster"};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++)
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            want_true(ctx, r, "deletion_protection", "set deletion_protection = true",
                      "one mistaken destroy (or a replace) deletes the production database");
        }
}

static void check_rds_final_snapshot(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    static const char *const types[] = {"aws_db_instance", "aws_rds_cluster"};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++)
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            int v = plan_bool(r, "skip_final_snapshot");
            if (v < 0)
                tf_unknown(ctx, r, "skip_final_snapshot");
            else if (v == 1)
                tf_report(ctx, r, "skip_final_snapshot",
                          "set skip_final_snapshot = false and a final_snapshot_identifier",
                          "skip_final_snapshot = true: deleting this database keeps no final "
                          "snapshot, so its data is gone");
        }
}

/* ---- tf/elasticache-ha ---- */

static void check_replication_group(struct rule_ctx *ctx, const struct plan_resource *r)
{
    want_true(ctx, r, "automatic_failover_enabled", "set automatic_failover_enabled = true",
              "a failed primary is not replaced by a replica automatically");
    want_true(ctx, r, "multi_az_enabled", "set multi_az_enabled = true",
              "replicas may sit in the primary's AZ and fail with it");
    double n = 0, replicas, groups = 0;
    const char *path = "num_cache_clusters";
    /* cluster mode: num_cache_clusters counts the nodes of every shard, not one shard's */
    int cluster_mode = plan_configured(r, "replicas_per_node_group") ||
                       plan_configured(r, "num_node_groups") ||
                       (plan_number(r, "num_node_groups", &groups) == 0 && groups > 1);
    int st = cluster_mode ? 1 : plan_number(r, path, &n);
    if (st == 1 && !cluster_mode) {
        path = "number_cache_clusters"; /* provider v3 */
        st = plan_number(r, path, &n);
    }
    if (st == 1) {
        path = "replicas_per_node_group"; /* cluster mode */
        st = plan_number(r, path, &replicas);
        if (st == 0)
            n = replicas + 1;
        else if (st == 1)
            n = 1;
    }
    if (st < 0)
        return tf_unknown(ctx, r, path);
    if (n < 2 && plan_attr(r, path).sensitive)
        tf_report(ctx, r, path,
                  "set num_cache_clusters = 2 or more (or replicas_per_node_group "
                  "= 1 or more)",
                  "the replication group has fewer than 2 nodes per shard (%s is sensitive): no "
                  "replica to fail over to",
                  path);
    else if (n < 2)
        tf_report(ctx, r, path,
                  "set num_cache_clusters = 2 or more (or replicas_per_node_group "
                  "= 1 or more)",
                  "the replication group has %g node%s per shard: no replica to fail over to", n,
                  n == 1 ? "" : "s");
}

static void check_elasticache(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_elasticache_replication_group"); (r = tf_next(&it));)
        check_replication_group(ctx, r);
    for (tf_iter_init(&it, s->plan, "aws_elasticache_cluster"); (r = tf_next(&it));) {
        if (tf_is_set(r, "replication_group_id"))
            continue; /* a member of a replication group, checked there */
        double n;
        int st = plan_number(r, "num_cache_nodes", &n);
        if (st < 0) {
            tf_unknown(ctx, r, "num_cache_nodes");
            continue;
        }
        if (st == 1 || n < 2)
            tf_report(ctx, r, "num_cache_nodes",
                      "use an aws_elasticache_replication_group with automatic failover and "
                      "Multi-AZ",
                      "single-node cache cluster (num_cache_nodes is %s): one node failure "
                      "empties the cache and stops writes",
                      st == 1 ? "unset" : "1");
    }
}

/* ---- tf/ecs-min-tasks ---- */

static void check_ecs_min_tasks(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_service"); (r = tf_next(&it));) {
        if (tf_str_is(r, "scheduling_strategy", "DAEMON"))
            continue;
        double n;
        int st = plan_number(r, "desired_count", &n);
        if (st < 0) {
            tf_unknown(ctx, r, "desired_count");
            continue;
        }
        if (st == 1 || n < 2)
            tf_report(ctx, r, "desired_count",
                      "set desired_count = 2 or more (with tasks spread "
                      "over AZs)",
                      "desired_count is %s: a single task failing or being replaced takes the "
                      "service down",
                      st == 1 ? "unset (0)" : tf_text(ctx, r, "desired_count"));
    }
}

/* ---- tf/ecs-multi-az ---- */

static void subnets(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                    const char *what)
{
    int n = tf_list_count(r, path);
    if (n < 0)
        return tf_unknown(ctx, r, path);
    if (n < 2)
        tf_report(ctx, r, path, "place it in subnets of at least two availability zones",
                  "%s is placed in %d subnet%s: an AZ outage takes it down", what, n,
                  n == 1 ? "" : "s");
}

static void check_ecs_multi_az(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_service"); (r = tf_next(&it));) {
        struct attr nc = plan_attr(r, "network_configuration");
        if (nc.state == ATTR_UNSET || (nc.state == ATTR_KNOWN && !pval_len(nc.v)))
            continue; /* bridge/host networking: placement follows the container instances */
        subnets(ctx, r, "network_configuration.0.subnets", "the ECS service");
    }
    static const char *const lbs[] = {"aws_lb", "aws_alb"};
    for (size_t t = 0; t < ARRAY_SIZE(lbs); t++)
        for (tf_iter_init(&it, s->plan, lbs[t]); (r = tf_next(&it));) {
            struct attr m = plan_attr(r, "subnet_mapping");
            if (m.state == ATTR_KNOWN && pval_len(m.v)) {
                if (pval_len(m.v) < 2)
                    tf_report(ctx, r, "subnet_mapping",
                              "map subnets of at least two availability zones",
                              "the load balancer is placed in 1 subnet: an AZ outage takes it "
                              "down");
                continue;
            }
            subnets(ctx, r, "subnets", "the load balancer");
        }
}

static const struct rule_option backup_options[] = {
    {"min_days", OPT_INT, "7", "minimum backup_retention_period in days"},
    {0},
};

const struct rule tf_ha_rules[] = {
    {
        .id = "tf/rds-multi-az",
        .title = "Production databases are Multi-AZ",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "high availability in production; CKV_AWS_157",
        .check = check_rds_multi_az,
        .help = "Production must survive the loss of an availability zone. An `aws_db_instance` "
                "needs `multi_az = true` (a synchronous standby in a second AZ). An "
                "`aws_rds_cluster` (Aurora) needs at least two `aws_rds_cluster_instance`s, "
                "joined by their `cluster_identifier` value or reference (the id is unknown on "
                "create), not all in one AZ; a Multi-AZ DB cluster "
                "(`db_cluster_instance_class`) passes.\n\n"
                "Fix: `multi_az = true`, or a second cluster instance in another AZ.",
    },
    {
        .id = "tf/rds-backup-retention",
        .title = "Production databases keep a week of backups",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "rollback; CKV_AWS_133",
        .options = backup_options,
        .check = check_rds_backup,
        .help = "Point-in-time recovery reaches back only `backup_retention_period` days; the "
                "rollback strategy relies on it when a migration goes wrong. Unset means "
                "AWS's default of 1 day. Read replicas (`replicate_source_db`, "
                "`replication_source_identifier`) take no backups of their own and are not "
                "checked; an empty string there means no source (AWS provider v3 state stores "
                "`\"\"` for every optional string never set), so such a database is checked.\n\n"
                "Fix: `backup_retention_period = 7` or more (option `min_days`).",
    },
    {
        .id = "tf/rds-deletion-protection",
        .title = "Production databases have deletion protection",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "CKV_AWS_293",
        .check = check_rds_deletion,
        .help = "Without `deletion_protection`, one mistaken `terraform destroy`, a renamed "
                "resource or a forced replacement deletes the production database. Unset means "
                "false.\n\n"
                "Fix: `deletion_protection = true` on `aws_db_instance` and `aws_rds_cluster`.",
    },
    {
        .id = "tf/rds-final-snapshot",
        .title = "Deleting a production database keeps a final snapshot",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "rollback",
        .check = check_rds_final_snapshot,
        .help = "With `skip_final_snapshot = true`, a deleted or replaced database leaves "
                "nothing to restore from.\n\n"
                "Fix: `skip_final_snapshot = false` with a `final_snapshot_identifier`.",
    },
    {
        .id = "tf/elasticache-ha",
        .title = "Production Redis fails over automatically across AZs",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "high availability in production; CKV2_AWS_50",
        .check = check_elasticache,
        .help = "An `aws_elasticache_replication_group` must have `automatic_failover_enabled`, "
                "`multi_az_enabled` and at least two nodes per shard (`num_cache_clusters`, or "
                "`replicas_per_node_group` + 1 in cluster mode). A stand-alone "
                "`aws_elasticache_cluster` with fewer than two nodes is a single point of "
                "failure; members of a replication group are checked through the group.\n\n"
                "Fix: a replication group with two or more nodes, automatic failover and "
                "Multi-AZ.",
    },
    {
        .id = "tf/ecs-min-tasks",
        .title = "Production ECS services run at least two tasks",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "high availability in production",
        .check = check_ecs_min_tasks,
        .help = "With `desired_count` below 2 (unset means 0), a task crash, a host retirement "
                "or a deployment leaves the service without a healthy task. `DAEMON` services "
                "are not checked.\n\n"
                "Fix: `desired_count = 2` or more, spread over availability zones.",
    },
    {
        .id = "tf/ecs-multi-az",
        .title = "Production services and load balancers span two AZs",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "high availability in production",
        .check = check_ecs_multi_az,
        .help = "An ECS service (`network_configuration.subnets`) or a load balancer "
                "(`subnets` / `subnet_mapping`) placed in fewer than two subnets cannot survive "
                "an AZ outage. Subnets set by reference are counted through the plan "
                "(`[aws_subnet.a.id, aws_subnet.b.id]`, `aws_subnet.private[*].id`); a list from "
                "a variable or module output cannot be counted before apply and is not "
                "reported.\n\n"
                "Fix: subnets in at least two availability zones.",
    },
    {0},
};
