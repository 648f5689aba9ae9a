/* tf_network.c — network paths that matter: unrestricted egress from database and cache
 * security groups, load balancer TLS policies older than TLS 1.2, and internet-facing load
 * balancers that only private clients may reach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/util.h"
#include "rules.h"
#include "tf_util.h"

/* Security groups marked by index, found by reference or by known id. */
struct sg_id {
    const char *id;
    const struct plan_resource *g;
};

struct sg_set {
    const struct plan *plan;
    unsigned char *mark; /* [resource index] */
    struct sg_id *ids;   /* known ids of aws_security_group, sorted */
    size_t nids;
    const struct plan_resource **hit; /* the marked groups, in the order they were marked */
    size_t nhit, hit_alloc;
};

static int id_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sg_id *)a)->id, ((const struct sg_id *)b)->id);
}

static void sg_set_init(struct sg_set *s, const struct plan *p)
{
    memset(s, 0, sizeof(*s));
    s->plan = p;
    s->mark = xcalloc(plan_nresources(p) + 1, 1);
    size_t n;
    plan_by_type(p, "aws_security_group", &n);
    s->ids = xcalloc(n + 1, sizeof(*s->ids));
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, p, "aws_security_group"); (r = tf_next(&it));)
        if (plan_string(r, "id"))
            s->ids[s->nids++] = (struct sg_id){plan_string(r, "id"), r};
    if (s->nids)
        qsort(s->ids, s->nids, sizeof(*s->ids), id_cmp);
}

static void sg_set_release(struct sg_set *s)
{
    free(s->mark);
    free(s->ids);
    free(s->hit);
}

static void sg_mark(struct sg_set *s, const struct plan_resource *g)
{
    if (s->mark[g->index])
        return;
    s->mark[g->index] = 1;
    ALLOC_GROW(s->hit, s->nhit + 1, s->hit_alloc);
    s->hit[s->nhit++] = g;
}

/* Forget every mark (what was marked, not the whole plan). */
static void sg_unmark_all(struct sg_set *s)
{
    for (size_t i = 0; i < s->nhit; i++)
        s->mark[s->hit[i]->index] = 0;
    s->nhit = 0;
}

static const struct plan_resource *sg_by_id(const struct sg_set *s, const char *id)
{
    if (!id || !s->nids)
        return NULL;
    struct sg_id key = {id, NULL};
    const struct sg_id *hit = bsearch(&key, s->ids, s->nids, sizeof(key), id_cmp);
    return hit ? hit->g : NULL;
}

static void mark_sg(const struct plan_resource *t, void *arg)
{
    struct sg_set *s = arg;
    if (!strcmp(t->type, "aws_security_group"))
        sg_mark(s, t);
}

/* Mark the groups a list attribute names (references and known ids). */
static void sg_mark_list(struct sg_set *s, const struct plan_resource *r, const char *path)
{
    plan_each_target(r, path, mark_sg, s);
    struct attr a = plan_attr(r, path);
    for (size_t i = 0; a.state == ATTR_KNOWN && i < pval_len(a.v); i++) {
        const struct plan_resource *g = sg_by_id(s, pval_str(pval_idx(a.v, i)));
        if (g)
            sg_mark(s, g);
    }
}

static void first_sg(const struct plan_resource *t, void *arg)
{
    const struct plan_resource **found = arg;
    if (!*found && !strcmp(t->type, "aws_security_group"))
        *found = t;
}

/* The group a rule resource belongs to (security_group_id), or NULL. */
static const struct plan_resource *rule_group(const struct sg_set *s, const struct plan_resource *r)
{
    const struct plan_resource *found = NULL;
    plan_each_target(r, "security_group_id", first_sg, &found);
    return found ? found : sg_by_id(s, plan_string(r, "security_group_id"));
}

/* ---- tf/datastore-open-egress ---- */

static int world4(const struct pval *v)
{
    return pval_has_str(v, "0.0.0.0/0") || pval_has_str(v, "::/0");
}

static int all_ports(const struct pval *proto, const struct pval *from, const struct pval *to)
{
    const char *p = pval_str(proto);
    double n, lo = 1, hi = 0;
    if ((p && (!strcmp(p, "-1") || !strcasecmp(p, "all"))) ||
        (!p && pval_num(proto, &n) == 0 && n == -1))
        return 1;
    return pval_num(from, &lo) == 0 && pval_num(to, &hi) == 0 && lo <= 0 && hi >= 65535;
}

static void egress_finding(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                           const struct plan_resource *group)
{
    tf_report(ctx, r, path,
              "remove the egress rule or narrow it to the ports and destinations the engine "
              "needs (databases and caches answer connections; they rarely open any)",
              "security group %s of a database or cache allows egress to the internet on every "
              "port: a compromised engine or a malicious extension can send data anywhere",
              group->address);
}

static void check_egress(struct rule_ctx *ctx, const struct subject *s)
{
    static const struct {
        const char *type, *path;
    } users[] = {{"aws_db_instance", "vpc_security_group_ids"},
                 {"aws_rds_cluster", "vpc_security_group_ids"},
                 {"aws_elasticache_replication_group", "security_group_ids"},
                 {"aws_elasticache_cluster", "security_group_ids"},
                 {"aws_docdb_cluster", "vpc_security_group_ids"},
                 {"aws_memorydb_cluster", "security_group_ids"}};
    struct sg_set set;
    sg_set_init(&set, s->plan);
    struct tf_iter it;
    const struct plan_resource *r;
    int any = 0;
    for (size_t u = 0; u < ARRAY_SIZE(users); u++)
        for (tf_iter_init(&it, s->plan, users[u].type); (r = tf_next(&it));) {
            sg_mark_list(&set, r, users[u].path);
            any = 1;
        }
    if (!any)
        return sg_set_release(&set);
    for (tf_iter_init(&it, s->plan, "aws_security_group"); (r = tf_next(&it));) {
        if (!set.mark[r->index])
            continue;
        struct attr eg = plan_attr(r, "egress");
        for (size_t i = 0; eg.state == ATTR_KNOWN && i < pval_len(eg.v); i++) {
            const struct pval *e = pval_idx(eg.v, i);
            if ((world4(pval_get(e, "cidr_blocks")) || world4(pval_get(e, "ipv6_cidr_blocks"))) &&
                all_ports(pval_get(e, "protocol"), pval_get(e, "from_port"),
                          pval_get(e, "to_port"))) {
                char path[32];
                snprintf(path, sizeof(path), "egress.%zu", i);
                egress_finding(ctx, r, path, r);
                break;
            }
        }
    }
    for (tf_iter_init(&it, s->plan, "aws_security_group_rule"); (r = tf_next(&it));) {
        if (!tf_str_is(r, "type", "egress"))
            continue;
        if (!world4(plan_attr(r, "cidr_blocks").v) && !world4(plan_attr(r, "ipv6_cidr_blocks").v))
            continue;
        if (!all_ports(plan_attr(r, "protocol").v, plan_attr(r, "from_port").v,
                       plan_attr(r, "to_port").v))
            continue;
        const struct plan_resource *g = rule_group(&set, r);
        if (g && set.mark[g->index])
            egress_finding(ctx, r, "cidr_blocks", g);
    }
    for (tf_iter_init(&it, s->plan, "aws_vpc_security_group_egress_rule"); (r = tf_next(&it));) {
        const char *c4 = plan_string(r, "cidr_ipv4"), *c6 = plan_string(r, "cidr_ipv6");
        if (str_cmp0(c4, "0.0.0.0/0") && str_cmp0(c6, "::/0"))
            continue;
        if (!all_ports(plan_attr(r, "ip_protocol").v, plan_attr(r, "from_port").v,
                       plan_attr(r, "to_port").v))
            continue;
        const struct plan_resource *g = rule_group(&set, r);
        if (g && set.mark[g->index])
            egress_finding(ctx, r, c4 && !strcmp(c4, "0.0.0.0/0") ? "cidr_ipv4" : "cidr_ipv6", g);
    }
    sg_set_release(&set);
}

/* ---- tf/lb-tls-policy ---- */

/* Does an ELB security policy accept nothing older than TLS 1.2? */
static int tls12_policy(const char *p)
{
    return strstr(p, "TLS13-1-2") || strstr(p, "TLS13-1-3") || strstr(p, "TLS-1-2") ||
           strstr(p, "FS-1-2");
}

static void check_tls_policy(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_lb_listener", "aws_alb_listener"};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            if (!tf_str_is(r, "protocol", "HTTPS,TLS"))
                continue;
            struct attr a = plan_attr(r, "ssl_policy");
            if (a.state == ATTR_UNKNOWN && plan_configured(r, "ssl_policy")) {
                tf_unknown(ctx, r, "ssl_policy");
                continue;
            }
            const char *p = plan_string(r, "ssl_policy");
            if (!p || tls12_policy(p))
                continue; /* unset: AWS picks the policy, read back on the next plan */
            tf_report(ctx, r, "ssl_policy",
                      "use ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\" (TLS 1.2 and "
                      "1.3 only)",
                      "listener accepts TLS older than 1.2 (ssl_policy %s): clients can be "
                      "downgraded to protocols with known weaknesses",
                      p);
        }
    }
}

/* ---- tf/lb-public-for-private-clients ---- */

static int private_cidr(const char *c)
{
    unsigned a, b;
    if (!c || sscanf(c, "%u.%u.", &a, &b) != 2)
        return 0;
    return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
}

/* 1 when every ingress of group r comes from private ranges or other groups; -1 when it cannot
 * be known (unknown values, IPv6, prefix lists); 0 when some ingress is public. */
static int private_only(const struct plan *p, const struct plan_resource *g)
{
    struct attr in = plan_attr(g, "ingress");
    if (in.state == ATTR_UNKNOWN)
        return -1;
    size_t rules = 0;
    for (size_t i = 0; in.state == ATTR_KNOWN && i < pval_len(in.v); i++, rules++) {
        const struct pval *e = pval_idx(in.v, i);
        const struct pval *c = pval_get(e, "cidr_blocks");
        if (pval_len(pval_get(e, "ipv6_cidr_blocks")) || pval_len(pval_get(e, "prefix_list_ids")))
            return -1;
        for (size_t k = 0; k < pval_len(c); k++)
            if (!private_cidr(pval_str(pval_idx(c, k))))
                return 0;
    }
    /* separate rule resources may add public ingress: any of them makes it undecidable */
    static const char *const sep[] = {"aws_security_group_rule",
                                      "aws_vpc_security_group_ingress_rule"};
    for (size_t t = 0; t < ARRAY_SIZE(sep); t++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, p, sep[t]); (r = tf_next(&it));)
            if (tf_links(r, "security_group_id", g, "id"))
                return -1;
    }
    return rules ? 1 : -1;
}

static void check_public_lb(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_lb", "aws_alb"};
    struct sg_set set;
    int have_set = 0; /* built once, for the first load balancer that needs it */
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        struct tf_iter it;
        const struct plan_resource *lb;
        for (tf_iter_init(&it, s->plan, types[t]); (lb = tf_next(&it));) {
            struct attr internal = plan_attr(lb, "internal");
            if (internal.state == ATTR_UNKNOWN || plan_bool(lb, "internal") != 0)
                continue;
            if (tf_list_count(lb, "security_groups") <= 0)
                continue;
            if (!have_set)
                sg_set_init(&set, s->plan);
            have_set = 1;
            sg_mark_list(&set, lb, "security_groups");
            size_t groups = 0;
            int verdict = 1;
            for (size_t i = 0; i < set.nhit; i++) {
                const struct plan_resource *g = set.hit[i];
                if (!plan_res_live(g))
                    continue;
                groups++;
                int v = private_only(s->plan, g);
                if (v < verdict)
                    verdict = v;
            }
            sg_unmark_all(&set);
            if (verdict == 1 && (int)groups == tf_list_count(lb, "security_groups"))
                tf_report(ctx, lb, "internal",
                          "set internal = true (and place it in private subnets)",
                          "internet-facing load balancer whose security groups admit only "
                          "private addresses: it serves internal clients, yet gets public "
                          "addresses and DNS, one rule change away from the internet");
        }
    }
    if (have_set)
        sg_set_release(&set);
}

const struct rule tf_network_rules[] = {
    {
        .id = "tf/datastore-open-egress",
        .title = "Database and cache security groups do not allow all egress to the internet",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_382, AVD-AWS-0104",
        .check = check_egress,
        .help = "Databases and caches answer connections; they do not need to open any to the "
                "internet. A security group used by an RDS instance or cluster, an ElastiCache "
                "group or cluster, DocumentDB or MemoryDB (`vpc_security_group_ids` / "
                "`security_group_ids`, by reference or id) that allows egress to `0.0.0.0/0` or "
                "`::/0` on every port (protocol `-1`, or 0-65535) is an exfiltration path. "
                "Inline `egress`, `aws_security_group_rule` (type egress) and "
                "`aws_vpc_security_group_egress_rule` are read. Other groups are not judged: "
                "open egress from application tiers is common and often needed. A Terraform "
                "`aws_security_group` without `egress` blocks has no egress at all.\n\n"
                "Fix: remove the egress rule, or allow only what a feature needs (e.g. S3 "
                "through a VPC endpoint prefix list).",
    },
    {
        .id = "tf/lb-tls-policy",
        .title = "Load balancer listeners accept only TLS 1.2 or later",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_103, AVD-AWS-0047",
        .check = check_tls_policy,
        .help = "An HTTPS or TLS listener (`aws_lb_listener`, `aws_alb_listener`) whose "
                "`ssl_policy` still accepts TLS 1.0 or 1.1 — `ELBSecurityPolicy-2016-08`, "
                "`-TLS-1-0-*`, `-TLS-1-1-*`, `-FS-2018-06`, `-TLS13-1-0-*`, `-TLS13-1-1-*`, … — "
                "lets clients negotiate deprecated protocols. Policies named `TLS13-1-2`, "
                "`TLS13-1-3`, `TLS-1-2` or `FS-1-2` pass. An unset policy is AWS's choice and "
                "is judged on the next plan, when the state holds it. HTTP listeners are "
                "tf/encryption-in-transit's.\n\n"
                "Fix: `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"`.",
    },
    {
        .id = "tf/lb-public-for-private-clients",
        .title = "Load balancers serving only private clients are internal",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_150 (related), AVD-AWS-0053",
        .check = check_public_lb,
        .help = "An internet-facing load balancer (`internal` false) whose security groups — "
                "all of them in the plan, with known rules — admit ingress only from private "
                "ranges (10/8, 172.16/12, 192.168/16) or other security groups fronts an "
                "internal-only service: it still gets public addresses and a public DNS name, "
                "and one security group edit exposes the service. Groups with separate rule "
                "resources, IPv6 or prefix lists are not judged, nor load balancers without "
                "security groups (NLBs).\n\n"
                "Fix: `internal = true`, in private subnets.",
    },
    {0},
};
