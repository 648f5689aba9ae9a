/* tf_security.c — security checks users know from checkov and trivy: open ingress, public
 * databases, encryption at rest and in transit, wildcard IAM, public task IPs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "rules.h"
#include "tf_util.h"

/* ---- tf/sg-open-ingress ---- */

static int world(const struct pval *v)
{
    return pval_has_str(v, "0.0.0.0/0") || pval_has_str(v, "::/0");
}

static const char *world_text(const struct pval *v4, const struct pval *v6)
{
    return pval_has_str(v4, "0.0.0.0/0") ? "0.0.0.0/0" : pval_has_str(v6, "::/0") ? "::/0" : "?";
}

/* Does a rule open more than ports 80 and 443? 1 yes (desc filled), 0 no, -1 unknown. */
static int opens_more(const struct pval *proto, const struct pval *from, const struct pval *to,
                      char *desc, size_t cap)
{
    char pbuf[32];
    const char *p = pval_str(proto);
    double num;
    if (!p && pval_num(proto, &num) == 0) {
        snprintf(pbuf, sizeof(pbuf), "%g", num);
        p = pbuf;
    }
    if (!p)
        return -1;
    if (!strcmp(p, "-1") || !strcasecmp(p, "all")) {
        snprintf(desc, cap, "every port and protocol");
        return 1;
    }
    if (!strcasecmp(p, "icmp") || !strcasecmp(p, "icmpv6") || !strcmp(p, "1") || !strcmp(p, "58"))
        return 0; /* ports do not apply */
    double lo, hi;
    if (pval_num(from, &lo) || pval_num(to, &hi))
        return -1;
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    double ports = hi - lo + 1;
    ports -= (lo <= 80 && 80 <= hi) + (lo <= 443 && 443 <= hi);
    if (ports <= 0)
        return 0;
    if (lo == hi)
        snprintf(desc, cap, "port %g/%s", lo, p);
    else
        snprintf(desc, cap, "ports %g-%g/%s", lo, hi, p);
    return 1;
}

static void open_ingress(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                         const char *cidr, const char *what)
{
    tf_report(ctx, r, path,
              "allow only 80/443 from the internet; reach other ports through a "
              "load balancer, VPN or SSM Session Manager",
              "ingress from %s to %s: anyone on the internet can reach it", cidr, what);
}

/* Report r when its protocol and port attributes open more than 80/443 to cidr. */
static void check_ports(struct rule_ctx *ctx, const struct plan_resource *r, const char *proto,
                        const char *path, const char *cidr)
{
    char desc[96];
    int more = opens_more(plan_attr(r, proto).v, plan_attr(r, "from_port").v,
                          plan_attr(r, "to_port").v, desc, sizeof(desc));
    if (more < 0)
        tf_unknown(ctx, r, "from_port");
    else if (more)
        open_ingress(ctx, r, path, cidr, desc);
}

static void check_group_inline(struct rule_ctx *ctx, const struct plan_resource *r)
{
    struct attr in = plan_attr(r, "ingress");
    if (in.state == ATTR_UNKNOWN)
        return tf_unknown(ctx, r, "ingress");
    for (size_t i = 0; in.state == ATTR_KNOWN && i < pval_len(in.v); i++) {
        const struct pval *rule = pval_idx(in.v, i);
        const struct pval *v4 = pval_get(rule, "cidr_blocks"),
                          *v6 = pval_get(rule, "ipv6_cidr_blocks");
        if (!world(v4) && !world(v6))
            continue;
        char desc[96], path[32];
        snprintf(path, sizeof(path), "ingress.%zu", i);
        if (opens_more(pval_get(rule, "protocol"), pval_get(rule, "from_port"),
                       pval_get(rule, "to_port"), desc, sizeof(desc)) == 1)
            open_ingress(ctx, r, path, world_text(v4, v6), desc);
    }
}

static void check_sg_open(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_security_group"); (r = tf_next(&it));)
        check_group_inline(ctx, r);
    for (tf_iter_init(&it, s->plan, "aws_security_group_rule"); (r = tf_next(&it));) {
        if (!tf_str_is(r, "type", "ingress"))
            continue;
        struct attr v4 = plan_attr(r, "cidr_blocks"), v6 = plan_attr(r, "ipv6_cidr_blocks");
        if (!world(v4.v) && !world(v6.v)) {
            if (v4.state == ATTR_UNKNOWN || v6.state == ATTR_UNKNOWN)
                tf_unknown(ctx, r, "cidr_blocks");
            continue;
        }
        check_ports(ctx, r, "protocol", "cidr_blocks", world_text(v4.v, v6.v));
    }
    for (tf_iter_init(&it, s->plan, "aws_vpc_security_group_ingress_rule"); (r = tf_next(&it));) {
        const char *c4 = plan_string(r, "cidr_ipv4"), *c6 = plan_string(r, "cidr_ipv6");
        const char *cidr = c4 && !strcmp(c4, "0.0.0.0/0") ? c4
                           : c6 && !strcmp(c6, "::/0")    ? c6
                                                          : NULL;
        if (!cidr) {
            if (plan_attr(r, "cidr_ipv4").state == ATTR_UNKNOWN ||
                plan_attr(r, "cidr_ipv6").state == ATTR_UNKNOWN)
                tf_unknown(ctx, r, "cidr_ipv4");
            continue;
        }
        check_ports(ctx, r, "ip_protocol", cidr == c4 ? "cidr_ipv4" : "cidr_ipv6", cidr);
    }
}

/* ---- tf/rds-public ---- */

static void check_rds_public(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_db_instance", "aws_rds_cluster_instance"};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            int v = plan_bool(r, "publicly_accessible");
            if (v < 0)
                tf_unknown(ctx, r, "publicly_accessible");
            else if (v == 1)
                tf_report(ctx, r, "publicly_accessible",
                          "set publicly_accessible = false and reach the database from inside "
                          "the VPC",
                          "publicly_accessible = true: the database gets a public DNS name and "
                          "address");
        }
    }
}

/* ---- tf/encryption-at-rest ---- */

/* storage_encrypted must be true, unless unset and inherited from a source. */
static void want_storage_encrypted(struct rule_ctx *ctx, const struct plan_resource *r,
                                   const char *const *inherit, size_t ninherit)
{
    struct attr a = plan_attr(r, "storage_encrypted");
    if (a.state == ATTR_UNKNOWN)
        return tf_unknown(ctx, r, "storage_encrypted");
    if (a.state == ATTR_KNOWN && pval_is_true(a.v))
        return;
    if (a.state == ATTR_UNSET)
        for (size_t i = 0; i < ninherit; i++)
            if (tf_is_set(r, inherit[i]))
                return; /* a replica, restore or secondary inherits its source's encryption */
    tf_report(ctx, r, "storage_encrypted",
              "set storage_encrypted = true (with kms_key_id for a "
              "customer-managed key)",
              "storage_encrypted is %s: the database's storage, snapshots and backups are not "
              "encrypted",
              rule_attr_text(ctx, &a));
}

static void check_at_rest(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const db_inherit[] = {"replicate_source_db", "snapshot_identifier"};
    static const char *const cl_inherit[] = {"snapshot_identifier", "replication_source_identifier",
                                             "global_cluster_identifier"};
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_db_instance"); (r = tf_next(&it));)
        want_storage_encrypted(ctx, r, db_inherit, ARRAY_SIZE(db_inherit));
    for (tf_iter_init(&it, s->plan, "aws_rds_cluster"); (r = tf_next(&it));) {
        const char *mode = plan_string(r, "engine_mode");
        if (mode && !strcmp(mode, "serverless") &&
            plan_attr(r, "storage_encrypted").state == ATTR_UNSET)
            continue; /* serverless v1 is encrypted by default */
        want_storage_encrypted(ctx, r, cl_inherit, ARRAY_SIZE(cl_inherit));
    }
    for (tf_iter_init(&it, s->plan, "aws_elasticache_replication_group"); (r = tf_next(&it));) {
        int v = plan_bool(r, "at_rest_encryption_enabled");
        if (v < 0)
            tf_unknown(ctx, r, "at_rest_encryption_enabled");
        else if (!v)
            tf_report(ctx, r, "at_rest_encryption_enabled",
                      "set at_rest_encryption_enabled = true (it forces a new group: plan the "
                      "migration)",
                      "at_rest_encryption_enabled is %s: cached data and backups are stored "
                      "unencrypted",
                      tf_text(ctx, r, "at_rest_encryption_enabled"));
    }
    for (tf_iter_init(&it, s->plan, "aws_sqs_queue"); (r = tf_next(&it));) {
        struct attr sse = plan_attr(r, "sqs_managed_sse_enabled");
        struct attr kms = plan_attr(r, "kms_master_key_id");
        if (sse.state != ATTR_KNOWN || !pval_is_false(sse.v))
            continue; /* unset: SSE-SQS is AWS's default */
        if (kms.state == ATTR_UNKNOWN) {
            if (!plan_configured(r, "kms_master_key_id")) /* set by reference: a key is set */
                tf_unknown(ctx, r, "kms_master_key_id");
            continue;
        }
        if (kms.state == ATTR_UNSET || !pval_str(kms.v) || !*pval_str(kms.v))
            tf_report(ctx, r, "sqs_managed_sse_enabled",
                      "remove sqs_managed_sse_enabled = false, or set kms_master_key_id",
                      "sqs_managed_sse_enabled = false and no kms_master_key_id: messages are "
                      "stored unencrypted");
    }
}

/* ---- tf/encryption-in-transit ---- */

/* The protocol of a listener, resolving an unset one through its load balancer's type; NULL
 * with *unknown set when it is known only after apply (or its load balancer is not in the plan). */
static const char *listener_protocol(const struct plan *p, const struct plan_resource *l,
                                     int *unknown)
{
    struct attr a = plan_attr(l, "protocol");
    *unknown = 0;
    if (a.state == ATTR_KNOWN)
        return pval_str(a.v);
    *unknown = 1;
    if (a.state == ATTR_UNKNOWN)
        return NULL;
    static const char *const lbs[] = {"aws_lb", "aws_alb"};
    for (size_t t = 0; t < ARRAY_SIZE(lbs); t++) {
        struct tf_iter it;
        const struct plan_resource *lb;
        for (tf_iter_init(&it, p, lbs[t]); (lb = tf_next(&it));)
            if (tf_links(l, "load_balancer_arn", lb, "arn,id")) {
                struct attr type = plan_attr(lb, "load_balancer_type");
                *unknown = type.state == ATTR_UNKNOWN;
                if (type.state == ATTR_UNSET || tf_str_is(lb, "load_balancer_type", "application"))
                    return "HTTP"; /* an ALB listener without protocol listens on HTTP */
                return NULL;
            }
    }
    return NULL;
}

static void check_listener(struct rule_ctx *ctx, const struct plan *p,
                           const struct plan_resource *l)
{
    int unknown;
    const char *proto = listener_protocol(p, l, &unknown);
    if (!proto && unknown)
        return tf_unknown(ctx, l, "protocol");
    if (!proto || strcmp(proto, "HTTP"))
        return;
    struct attr acts = plan_attr(l, "default_action");
    if (acts.state == ATTR_UNKNOWN)
        return tf_unknown(ctx, l, "default_action");
    for (size_t i = 0; acts.state == ATTR_KNOWN && i < pval_len(acts.v); i++) {
        const struct pval *act = pval_idx(acts.v, i);
        const char *type = pval_str(pval_get(act, "type"));
        const char *to = pval_str(pval_path(act, "redirect.0.protocol"));
        if (type && !strcmp(type, "redirect") && to && !strcmp(to, "HTTPS"))
            return;
    }
    tf_report(ctx, l, "default_action",
              "redirect HTTP to HTTPS: default_action { type = \"redirect\" redirect { protocol "
              "= \"HTTPS\" port = \"443\" status_code = \"HTTP_301\" } }",
              "HTTP listener that serves traffic instead of redirecting to HTTPS: requests and "
              "cookies cross the network in clear text");
}

static void check_in_transit(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_elasticache_replication_group"); (r = tf_next(&it));) {
        int v = plan_bool(r, "transit_encryption_enabled");
        if (v < 0)
            tf_unknown(ctx, r, "transit_encryption_enabled");
        else if (!v)
            tf_report(ctx, r, "transit_encryption_enabled",
                      "set transit_encryption_enabled = true (and an auth token or RBAC)",
                      "transit_encryption_enabled is %s: clients talk to Redis in clear text",
                      tf_text(ctx, r, "transit_encryption_enabled"));
    }
    static const char *const listeners[] = {"aws_lb_listener", "aws_alb_listener"};
    for (size_t t = 0; t < ARRAY_SIZE(listeners); t++)
        for (tf_iter_init(&it, s->plan, listeners[t]); (r = tf_next(&it));)
            check_listener(ctx, s->plan, r);
}

/* ---- tf/iam-wildcard ---- */

static int is_star(const struct pval *v, int actions)
{
    const char *s = pval_str(v);
    if (s)
        return !strcmp(s, "*") || (actions && !strcmp(s, "*:*"));
    for (size_t i = 0; pval_type(v) == PV_ARRAY && i < pval_len(v); i++)
        if (is_star(pval_idx(v, i), actions))
            return 1;
    return 0;
}

static void check_policy_doc(struct rule_ctx *ctx, const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNKNOWN)
        return tf_unknown(ctx, r, path);
    if (a.state != ATTR_KNOWN || a.sensitive || !pval_str(a.v))
        return;
    const struct pval *doc = plan_json_decode(r, a.v);
    const struct pval *st = pval_get(doc, "Statement");
    size_t n = pval_type(st) == PV_ARRAY ? pval_len(st) : st ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const struct pval *x = pval_type(st) == PV_ARRAY ? pval_idx(st, i) : st;
        const char *effect = pval_str(pval_get(x, "Effect"));
        if (!effect || strcmp(effect, "Allow"))
            continue;
        if (!is_star(pval_get(x, "Action"), 1) || !is_star(pval_get(x, "Resource"), 0))
            continue;
        const char *sid = pval_str(pval_get(x, "Sid"));
        tf_report(ctx, r, path,
                  "name the actions and resources the principal needs (start from IAM Access "
                  "Analyzer's generated policy)",
                  "policy statement %zu%s%s%s allows Action \"*\" on Resource \"*\": full "
                  "administrator access",
                  i, sid ? " (" : "", sid ? sid : "", sid ? ")" : "");
    }
}

static void check_iam_wildcard(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_iam_policy", "aws_iam_role_policy",
                                        "aws_iam_user_policy", "aws_iam_group_policy"};
    struct tf_iter it;
    const struct plan_resource *r;
    for (size_t t = 0; t < ARRAY_SIZE(types); t++)
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));)
            check_policy_doc(ctx, r, "policy");
    for (tf_iter_init(&it, s->plan, "aws_iam_role"); (r = tf_next(&it));) {
        struct attr in = plan_attr(r, "inline_policy");
        for (size_t i = 0; in.state == ATTR_KNOWN && i < pval_len(in.v); i++) {
            char path[48];
            snprintf(path, sizeof(path), "inline_policy.%zu.policy", i);
            check_policy_doc(ctx, r, path);
        }
    }
}

/* ---- tf/ecs-public-ip ---- */

static void check_ecs_public_ip(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_service"); (r = tf_next(&it));) {
        int v = plan_bool(r, "network_configuration.0.assign_public_ip");
        if (v < 0)
            tf_unknown(ctx, r, "network_configuration.0.assign_public_ip");
        else if (v == 1)
            tf_report(ctx, r, "network_configuration.0.assign_public_ip",
                      "set assign_public_ip = false; run tasks in private subnets with a NAT "
                      "gateway or VPC endpoints",
                      "assign_public_ip = true: every task gets a public address on the "
                      "internet");
    }
}

const struct rule tf_security_rules[] = {
    {
        .id = "tf/sg-open-ingress",
        .title = "No ingress from the internet except to ports 80 and 443",
        .security_severity = "8.6",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "CKV_AWS_24, CKV_AWS_25, CKV_AWS_277, AVD-AWS-0107",
        .check = check_sg_open,
        .help = "Ingress from `0.0.0.0/0` or `::/0` whose port range includes anything other "
                "than 80 and 443 (protocol `-1` means every port) exposes SSH, databases or "
                "admin ports to the whole internet. Checked in `aws_security_group` inline "
                "`ingress` blocks, `aws_security_group_rule` (type ingress) and "
                "`aws_vpc_security_group_ingress_rule`. ICMP has no ports and is not "
                "reported.\n\n"
                "Fix: allow only 80/443 from the internet (through a load balancer); reach the "
                "rest through a VPN, a bastion with a narrow CIDR, or SSM Session Manager.",
    },
    {
        .id = "tf/rds-public",
        .title = "Databases are not publicly accessible",
        .security_severity = "8.6",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "CKV_AWS_17",
        .check = check_rds_public,
        .help = "`publicly_accessible = true` on an `aws_db_instance` or "
                "`aws_rds_cluster_instance` gives the database a public address; one security "
                "group mistake away from the internet.\n\n"
                "Fix: `publicly_accessible = false`; connect from inside the VPC.",
    },
    {
        .id = "tf/encryption-at-rest",
        .title = "Databases, caches and queues encrypt data at rest",
        .security_severity = "6.5",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "CKV_AWS_16, CKV_AWS_29, CKV_AWS_27",
        .check = check_at_rest,
        .help = "RDS instances and clusters need `storage_encrypted = true` (unset on a replica, "
                "a snapshot restore or a global secondary inherits the source's encryption — "
                "an empty `replicate_source_db`, `snapshot_identifier`, "
                "`replication_source_identifier` or `global_cluster_identifier`, which AWS "
                "provider v3 state stores for none, is no source; unset and `null` mean the same "
                "on create and on update; Aurora Serverless v1 is encrypted by default); "
                "ElastiCache replication groups "
                "need `at_rest_encryption_enabled = true`; an SQS queue is reported only with "
                "`sqs_managed_sse_enabled = false` and no `kms_master_key_id` (unset means "
                "AWS's default SSE-SQS). DynamoDB is always encrypted and is not checked.\n\n"
                "Fix: turn on the encryption attribute (with a customer-managed KMS key where "
                "policy requires one); for existing RDS and ElastiCache this means a migration "
                "through a snapshot.",
    },
    {
        .id = "tf/encryption-in-transit",
        .title = "Redis and HTTP listeners encrypt traffic",
        .security_severity = "6.0",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "CKV_AWS_30, CKV2_AWS_20",
        .check = check_in_transit,
        .help = "An ElastiCache replication group without `transit_encryption_enabled` carries "
                "data and auth tokens in clear text. An `aws_lb_listener` on protocol HTTP "
                "(also an ALB listener with no protocol) must only redirect to HTTPS.\n\n"
                "Fix: `transit_encryption_enabled = true`; an HTTP listener whose default action "
                "is `redirect { protocol = \"HTTPS\" }`.",
    },
    {
        .id = "tf/iam-wildcard",
        .title = "IAM policies do not allow every action on every resource",
        .security_severity = "9.0",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "CKV_AWS_62/63",
        .check = check_iam_wildcard,
        .help = "A policy document (the JSON string of `aws_iam_policy`, "
                "`aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy` or an "
                "`aws_iam_role` `inline_policy`) with an `Allow` statement for `Action: \"*\"` "
                "on `Resource: \"*\"` grants full administrator access. Documents known only "
                "after apply are skipped.\n\n"
                "Fix: list the actions and resources the principal needs.",
    },
    {
        .id = "tf/ecs-public-ip",
        .title = "Production tasks get no public IP",
        .security_severity = "5.3",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "CKV_AWS_333",
        .check = check_ecs_public_ip,
        .help = "`assign_public_ip = true` puts every task of the service on the internet; "
                "production tasks belong in private subnets behind the load balancer.\n\n"
                "Fix: `assign_public_ip = false`, private subnets, and NAT or VPC endpoints for "
                "egress.",
    },
    {0},
};
