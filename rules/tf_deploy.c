/* tf_deploy.c — the deployment path: Fargate, blue/green through CodeDeploy or native ECS,
 * automatic rollback, alarms, health checks, dead-letter queues. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "rules.h"
#include "tf_util.h"

/* ---- tf/ecs-fargate ---- */

/* Does a capacity provider strategy list name Fargate? 1 yes, 0 no, -1 unknown, -2 empty. */
static int strategy_fargate(const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNKNOWN)
        return -1;
    if (a.state == ATTR_UNSET || !pval_len(a.v))
        return -2;
    for (size_t i = 0; i < pval_len(a.v); i++) {
        const char *cp = pval_str(pval_get(pval_idx(a.v, i), "capacity_provider"));
        if (!cp)
            return -1;
        if (strcmp(cp, "FARGATE") && strcmp(cp, "FARGATE_SPOT"))
            return 0;
    }
    return 1;
}

/* The cluster's default capacity provider strategy, when the plan has it. */
static int cluster_default_fargate(const struct plan *p, const struct plan_resource *svc)
{
    struct tf_iter it, ic;
    const struct plan_resource *cl, *cp;
    for (tf_iter_init(&it, p, "aws_ecs_cluster"); (cl = tf_next(&it));) {
        if (!tf_links(svc, "cluster", cl, "id,arn,name"))
            continue;
        for (tf_iter_init(&ic, p, "aws_ecs_cluster_capacity_providers"); (cp = tf_next(&ic));)
            if (tf_links(cp, "cluster_name", cl, "name,id"))
                return strategy_fargate(cp, "default_capacity_provider_strategy");
        return strategy_fargate(cl, "default_capacity_provider_strategy");
    }
    return -2;
}

static void check_ecs_fargate(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_service"); (r = tf_next(&it));) {
        struct attr lt = plan_attr(r, "launch_type");
        if (lt.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, r, "launch_type");
            continue;
        }
        const char *type = lt.state == ATTR_KNOWN ? pval_str(lt.v) : NULL;
        if (type && *type) {
            if (strcmp(type, "FARGATE"))
                tf_report(ctx, r, "launch_type",
                          "set launch_type = \"FARGATE\" (or a FARGATE "
                          "capacity provider strategy)",
                          "the service runs on the %s launch type, not Fargate: the team "
                          "patches and scales hosts itself",
                          lt.sensitive ? "(sensitive)" : type);
            continue;
        }
        int f = strategy_fargate(r, "capacity_provider_strategy");
        if (f == -2)
            f = cluster_default_fargate(s->plan, r);
        if (f == 1)
            continue;
        if (f == -1) {
            tf_unknown(ctx, r, "capacity_provider_strategy");
            continue;
        }
        tf_report(ctx, r, f == 0 ? "capacity_provider_strategy" : "launch_type",
                  "set launch_type = \"FARGATE\" (or a FARGATE capacity provider strategy)",
                  f == 0 ? "the service's capacity providers are not Fargate: it runs on "
                           "EC2 capacity the team manages"
                         : "the service sets no launch type or capacity provider strategy, so "
                           "it runs on the EC2 launch type, not Fargate");
    }
}

/* ---- tf/ecs-blue-green ---- */

static void check_ecs_blue_green(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_service"); (r = tf_next(&it));) {
        struct attr ctl = plan_attr(r, "deployment_controller.0.type");
        struct attr strat = plan_attr(r, "deployment_configuration.0.strategy");
        const char *c = ctl.state == ATTR_KNOWN ? pval_str(ctl.v) : NULL;
        const char *st = strat.state == ATTR_KNOWN ? pval_str(strat.v) : NULL;
        if ((c && !strcmp(c, "CODE_DEPLOY")) || (st && !strcmp(st, "BLUE_GREEN")))
            continue;
        if (ctl.state == ATTR_UNKNOWN || strat.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, r, "deployment_controller.0.type");
            continue;
        }
        tf_report(ctx, r, "deployment_controller.0.type",
                  "set deployment_controller { type = \"CODE_DEPLOY\" } with an "
                  "aws_codedeploy_deployment_group, or deployment_configuration { strategy = "
                  "\"BLUE_GREEN\" }",
                  "the service deploys with the %s controller, not blue/green: a bad release "
                  "replaces tasks in place and rollback means another deployment",
                  ctl.sensitive ? "(sensitive)"
                  : c           ? c
                                : "default ECS (rolling)");
    }
}

/* ---- CodeDeploy groups for ECS ---- */

/* 1 when the deployment group deploys ECS (ecs_service block, ECS config, or its app). */
static int is_ecs_group(const struct plan *p, const struct plan_resource *g)
{
    struct attr svc = plan_attr(g, "ecs_service");
    if (svc.state == ATTR_KNOWN && pval_len(svc.v))
        return 1;
    if (plan_configured(g, "ecs_service"))
        return 1;
    const char *cfg = plan_string(g, "deployment_config_name");
    if (cfg && !strncmp(cfg, "CodeDeployDefault.ECS", 21))
        return 1;
    struct tf_iter it;
    const struct plan_resource *app;
    for (tf_iter_init(&it, p, "aws_codedeploy_app"); (app = tf_next(&it));)
        if (tf_links(g, "app_name", app, "name") && tf_str_is(app, "compute_platform", "ECS"))
            return 1;
    return 0;
}

/* "for aws_ecs_service.api" when the group's ecs_service resolves to a service in the plan. */
static void group_target(const struct plan *p, const struct plan_resource *g, char *out, size_t cap)
{
    struct tf_iter it;
    const struct plan_resource *svc;
    out[0] = '\0';
    for (tf_iter_init(&it, p, "aws_ecs_service"); (svc = tf_next(&it));)
        if (tf_links(g, "ecs_service.0.service_name", svc, "name")) {
            snprintf(out, cap, " (deploys %s)", svc->address);
            return;
        }
    const char *name = plan_string(g, "ecs_service.0.service_name");
    if (name)
        snprintf(out, cap, " (deploys ECS service %s)", name);
}

static void check_auto_rollback(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *g;
    for (tf_iter_init(&it, s->plan, "aws_codedeploy_deployment_group"); (g = tf_next(&it));) {
        if (!is_ecs_group(s->plan, g))
            continue;
        char target[256];
        int on = plan_bool(g, "auto_rollback_configuration.0.enabled");
        struct attr ev = plan_attr(g, "auto_rollback_configuration.0.events");
        if (on < 0 || ev.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, g, "auto_rollback_configuration");
            continue;
        }
        const char *fix = "auto_rollback_configuration { enabled = true, events = "
                          "[\"DEPLOYMENT_FAILURE\", \"DEPLOYMENT_STOP_ON_ALARM\"] }";
        if (on && pval_has_str(ev.v, "DEPLOYMENT_FAILURE"))
            continue;
        group_target(s->plan, g, target, sizeof(target));
        if (!on)
            tf_report(ctx, g, "auto_rollback_configuration.0.enabled", fix,
                      "deployment group%s does not roll back automatically: a failed green "
                      "deployment stays failed until someone acts",
                      target);
        else if (!pval_has_str(ev.v, "DEPLOYMENT_FAILURE"))
            tf_report(ctx, g, "auto_rollback_configuration.0.events", fix,
                      "deployment group%s rolls back, but not on DEPLOYMENT_FAILURE", target);
    }
}

static void check_alarms(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *g;
    for (tf_iter_init(&it, s->plan, "aws_codedeploy_deployment_group"); (g = tf_next(&it));) {
        if (!is_ecs_group(s->plan, g))
            continue;
        char target[256];
        struct attr alarms = plan_attr(g, "alarm_configuration.0.alarms");
        int on = plan_bool(g, "alarm_configuration.0.enabled");
        if (alarms.state == ATTR_UNKNOWN || on < 0) {
            tf_unknown(ctx, g, "alarm_configuration");
            continue;
        }
        const char *fix = "alarm_configuration { enabled = true, alarms = [<5xx / error-rate "
                          "alarm>] } and DEPLOYMENT_STOP_ON_ALARM in the rollback events";
        if (alarms.state == ATTR_KNOWN && pval_len(alarms.v) && on)
            continue;
        group_target(s->plan, g, target, sizeof(target));
        if (alarms.state == ATTR_UNSET || !pval_len(alarms.v))
            tf_report(ctx, g, "alarm_configuration", fix,
                      "deployment group%s watches no alarms: an error-rate spike after the "
                      "traffic shift does not stop or roll back the deployment",
                      target);
        else if (!on)
            tf_report(ctx, g, "alarm_configuration.0.enabled", fix,
                      "deployment group%s lists alarms but alarm_configuration.enabled is not "
                      "true, so they are ignored",
                      target);
    }
}

/* ---- tf/target-group-health-check ---- */

/* Which ECS service a target group serves, mapped once (by reference and by known ARN) the first
 * time a report needs it, instead of testing every service against every target group. */
struct tg_users {
    int built;
    const struct plan_resource **by_index; /* the first service referring to it, by index */
    struct arn_user {
        const char *arn;
        const struct plan_resource *svc;
    } * arns;
    size_t narns, arns_alloc;
};

static void record_user(const struct plan_resource *tg, void *arg)
{
    void **a = arg;
    struct tg_users *u = a[0];
    if (!u->by_index[tg->index])
        u->by_index[tg->index] = a[1];
}

static int arn_user_cmp(const void *a, const void *b)
{
    const struct arn_user *x = a, *y = b;
    int c = strcmp(x->arn, y->arn);
    return c ? c : (x->svc->index > y->svc->index) - (x->svc->index < y->svc->index);
}

static void tg_users_build(struct tg_users *u, const struct plan *p)
{
    u->built = 1;
    u->by_index = xcalloc(plan_nresources(p) + 1, sizeof(*u->by_index));
    struct tf_iter it;
    const struct plan_resource *svc;
    for (tf_iter_init(&it, p, "aws_ecs_service"); (svc = tf_next(&it));) {
        struct attr lb = plan_attr(svc, "load_balancer");
        size_t n = lb.state == ATTR_KNOWN ? pval_len(lb.v) : 1;
        for (size_t i = 0; i < n; i++) {
            char path[64];
            snprintf(path, sizeof(path), "load_balancer.%zu.target_group_arn", i);
            void *arg[2] = {u, (void *)svc};
            plan_each_target(svc, path, record_user, arg);
            const char *arn = plan_string(svc, path);
            if (arn && *arn) {
                ALLOC_GROW(u->arns, u->narns + 1, u->arns_alloc);
                u->arns[u->narns].arn = arn;
                u->arns[u->narns++].svc = svc;
            }
        }
    }
    if (u->narns)
        qsort(u->arns, u->narns, sizeof(*u->arns), arn_user_cmp);
}

static const struct plan_resource *user_by_arn(const struct tg_users *u, const char *arn)
{
    size_t lo = 0, hi = u->narns;
    while (arn && lo < hi) { /* the first entry for arn: the earliest service */
        size_t mid = (lo + hi) / 2;
        if (strcmp(u->arns[mid].arn, arn) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return arn && lo < u->narns && !strcmp(u->arns[lo].arn, arn) ? u->arns[lo].svc : NULL;
}

/* " (serves aws_ecs_service.api)" for the service that uses tg, or "". */
static void users_of(struct tg_users *u, const struct plan *p, const struct plan_resource *tg,
                     char *out, size_t cap)
{
    if (!u->built)
        tg_users_build(u, p);
    const struct plan_resource *best = u->by_index[tg->index];
    const struct plan_resource *c[] = {user_by_arn(u, plan_string(tg, "arn")),
                                       user_by_arn(u, plan_string(tg, "id"))};
    for (size_t i = 0; i < ARRAY_SIZE(c); i++)
        if (c[i] && (!best || c[i]->index < best->index))
            best = c[i];
    out[0] = '\0';
    if (best)
        snprintf(out, cap, " (serves %s)", best->address);
}

static void check_target_groups(struct rule_ctx *ctx, const struct subject *s)
{
    static const char *const types[] = {"aws_lb_target_group", "aws_alb_target_group"};
    struct tg_users u = {0};
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        struct tf_iter it;
        const struct plan_resource *r;
        for (tf_iter_init(&it, s->plan, types[t]); (r = tf_next(&it));) {
            if (!tf_str_is(r, "protocol", "HTTP,HTTPS")) {
                if (plan_attr(r, "protocol").state == ATTR_UNKNOWN)
                    tf_unknown(ctx, r, "protocol");
                continue;
            }
            char users[256] = "";
            struct attr en = plan_attr(r, "health_check.0.enabled");
            if (en.state == ATTR_KNOWN && pval_is_false(en.v)) {
                users_of(&u, s->plan, r, users, sizeof(users));
                tf_report(ctx, r, "health_check.0.enabled",
                          "enable the health check with a path that exercises the service",
                          "target group%s has its health check disabled: unhealthy green tasks "
                          "get traffic and a bad deployment is never stopped",
                          users);
                continue;
            }
            struct attr path = plan_attr(r, "health_check.0.path");
            if (path.state == ATTR_UNKNOWN) {
                tf_unknown(ctx, r, "health_check.0.path");
                continue;
            }
            /* unset = absent from configuration, even when the provider filled in "/"; a path
             * other than that default was written by the author (in a `dynamic` block, which
             * the configuration JSON leaves out) */
            int in_config = !plan_has_configuration(s->plan) || !r->config ||
                            plan_configured(r, "health_check.0.path");
            const char *p = path.state == ATTR_KNOWN ? pval_str(path.v) : NULL;
            if (!p || !*p || (!in_config && !strcmp(p, "/"))) {
                users_of(&u, s->plan, r, users, sizeof(users));
                tf_report(ctx, r, "health_check.0.path",
                          "set health_check { path = \"/healthz\" } (an endpoint that checks the "
                          "service's dependencies)",
                          "target group%s sets no health check path: the default \"/\" says "
                          "the web server answers, not that the service works",
                          users);
            }
        }
    }
    free(u.by_index);
    free(u.arns);
}

/* ---- tf/sqs-dead-letter ---- */

static int name_says_dlq(const char *name)
{
    if (!name)
        return 0;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", name);
    size_t n = strlen(buf);
    if (n > 5 && !strcmp(buf + n - 5, ".fifo"))
        buf[n - 5] = '\0';
    return ends_with(buf, "-dlq") || ends_with(buf, "-dead-letter") || ends_with(buf, "_dlq") ||
           ends_with(buf, "-deadletter");
}

/* What the plan says about its queues, gathered in one pass instead of testing every pair. */
enum { DLQ_TARGET = 1, DLQ_HAS_POLICY = 2 };

struct dlq_map {
    unsigned char *flag; /* by resource index */
    const char **names;  /* queue names at the end of known deadLetterTargetArn values */
    size_t nnames, names_alloc;
    const char **policy_urls, **allow_urls; /* known queue_url of the separate resources */
    size_t npolicy, policy_alloc, nallow, allow_alloc;
};

static void mark_target(const struct plan_resource *t, void *arg)
{
    ((struct dlq_map *)arg)->flag[t->index] |= DLQ_TARGET;
}

static void mark_policy(const struct plan_resource *t, void *arg)
{
    ((struct dlq_map *)arg)->flag[t->index] |= DLQ_HAS_POLICY;
}

static void add_str(const char ***v, size_t *n, size_t *alloc, const char *s)
{
    if (!s || !*s)
        return;
    ALLOC_GROW(*v, *n + 1, *alloc);
    (*v)[(*n)++] = s;
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_sorted(const char *const *v, size_t n, const char *s)
{
    return s && n && bsearch(&s, v, n, sizeof(*v), str_ptr_cmp);
}

/* A redrive policy (of a queue or of aws_sqs_queue_redrive_policy): the queue it targets. */
static void note_redrive(struct dlq_map *m, const struct plan_resource *o)
{
    plan_each_target(o, "redrive_policy", mark_target, m);
    struct attr a = plan_attr(o, "redrive_policy");
    if (a.state != ATTR_KNOWN || a.sensitive)
        return;
    const char *arn = pval_str(pval_get(plan_json_decode(o, a.v), "deadLetterTargetArn"));
    const char *colon = arn ? strrchr(arn, ':') : NULL;
    add_str(&m->names, &m->nnames, &m->names_alloc, colon ? colon + 1 : arn);
}

static void dlq_map_init(struct dlq_map *m, const struct plan *p)
{
    memset(m, 0, sizeof(*m));
    m->flag = xcalloc(plan_nresources(p) + 1, 1);
    struct tf_iter it;
    const struct plan_resource *o;
    for (tf_iter_init(&it, p, "aws_sqs_queue"); (o = tf_next(&it));)
        note_redrive(m, o);
    for (tf_iter_init(&it, p, "aws_sqs_queue_redrive_policy"); (o = tf_next(&it));) {
        note_redrive(m, o);
        plan_each_target(o, "queue_url", mark_policy, m);
        add_str(&m->policy_urls, &m->npolicy, &m->policy_alloc, plan_string(o, "queue_url"));
    }
    for (tf_iter_init(&it, p, "aws_sqs_queue_redrive_allow_policy"); (o = tf_next(&it));) {
        plan_each_target(o, "queue_url", mark_target, m);
        add_str(&m->allow_urls, &m->nallow, &m->allow_alloc, plan_string(o, "queue_url"));
    }
    if (m->nnames)
        qsort(m->names, m->nnames, sizeof(*m->names), str_ptr_cmp);
    if (m->npolicy)
        qsort(m->policy_urls, m->npolicy, sizeof(*m->policy_urls), str_ptr_cmp);
    if (m->nallow)
        qsort(m->allow_urls, m->nallow, sizeof(*m->allow_urls), str_ptr_cmp);
}

static void dlq_map_release(struct dlq_map *m)
{
    free(m->flag);
    free(m->names);
    free(m->policy_urls);
    free(m->allow_urls);
}

/* The queue's url or id is one of the known urls. */
static int url_in(const struct plan_resource *q, const char *const *v, size_t n)
{
    return in_sorted(v, n, plan_string(q, "url")) || in_sorted(v, n, plan_string(q, "id"));
}

static int is_dead_letter_queue(const struct dlq_map *m, const struct plan_resource *q)
{
    if (name_says_dlq(plan_string(q, "name")) || name_says_dlq(q->name))
        return 1;
    /* a queue without one reads back as "" (the provider stores the empty string) */
    struct attr allow = plan_attr(q, "redrive_allow_policy");
    const char *allow_s = allow.state == ATTR_KNOWN ? pval_str(allow.v) : NULL;
    if ((allow.state == ATTR_UNKNOWN && plan_configured(q, "redrive_allow_policy")) ||
        (allow.state == ATTR_KNOWN && (!allow_s || *allow_s)))
        return 1;
    return (m->flag[q->index] & DLQ_TARGET) ||
           in_sorted(m->names, m->nnames, plan_string(q, "name")) ||
           url_in(q, m->allow_urls, m->nallow);
}

static void check_sqs_dlq(struct rule_ctx *ctx, const struct subject *s)
{
    struct dlq_map m;
    dlq_map_init(&m, s->plan);
    struct tf_iter it;
    const struct plan_resource *q;
    for (tf_iter_init(&it, s->plan, "aws_sqs_queue"); (q = tf_next(&it));) {
        struct attr rp = plan_attr(q, "redrive_policy");
        const char *txt = rp.state == ATTR_KNOWN ? pval_str(rp.v) : NULL;
        /* unknown without configuration: unset and set-by-expression look alike */
        int undecided = rp.state == ATTR_UNKNOWN && !plan_configured(q, "redrive_policy");
        if (!undecided && (rp.state == ATTR_UNKNOWN || (txt && *txt)))
            continue; /* set (known or by expression) */
        int separate = (m.flag[q->index] & DLQ_HAS_POLICY) || url_in(q, m.policy_urls, m.npolicy);
        if (separate || is_dead_letter_queue(&m, q))
            continue;
        if (undecided) {
            tf_unknown(ctx, q, "redrive_policy");
            continue;
        }
        tf_report(ctx, q, "redrive_policy",
                  "add a dead-letter queue and redrive_policy = jsonencode({ "
                  "deadLetterTargetArn = aws_sqs_queue.<name>_dlq.arn, maxReceiveCount = 5 })",
                  "queue has no redrive_policy: a message that always fails is retried until "
                  "it expires, blocking or silently dropping work");
    }
    dlq_map_release(&m);
}

const struct rule tf_deploy_rules[] = {
    {
        .id = "tf/ecs-fargate",
        .title = "ECS services run on Fargate",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_STAGED,
        .origin = "blue/green on ECS, GitHub Actions",
        .check = check_ecs_fargate,
        .help = "Blue/green releases on ECS run the services on AWS Fargate. Another "
                "`launch_type`, "
                "a capacity provider strategy that is not `FARGATE`/`FARGATE_SPOT`, or neither "
                "(the EC2 default, unless the cluster's default strategy in the plan is Fargate) "
                "runs on hosts the team must patch and scale.\n\n"
                "Fix: `launch_type = \"FARGATE\"` or a Fargate capacity provider strategy.",
    },
    {
        .id = "tf/ecs-blue-green",
        .title = "ECS services deploy blue/green",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_STAGED,
        .origin = "blue/green on ECS, GitHub Actions",
        .check = check_ecs_blue_green,
        .help = "Zero-downtime releases and automatic rollback need blue/green: "
                "`deployment_controller { type = \"CODE_DEPLOY\" }` (with a CodeDeploy "
                "deployment group) or ECS's native `deployment_configuration { strategy = "
                "\"BLUE_GREEN\" }`. The default rolling controller replaces tasks in place.\n\n"
                "Fix: one of the two blue/green mechanisms above.",
    },
    {
        .id = "tf/codedeploy-auto-rollback",
        .title = "ECS CodeDeploy groups roll back failed deployments",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_STAGED,
        .origin = "rollback",
        .check = check_auto_rollback,
        .help = "A CodeDeploy deployment group for ECS (an `ecs_service` block, an "
                "`CodeDeployDefault.ECS*` config, or an app with `compute_platform = \"ECS\"`) "
                "must roll back automatically on `DEPLOYMENT_FAILURE`, so traffic stays on blue "
                "when green fails. The message names the ECS service the group "
                "deploys when the plan has it.\n\n"
                "Fix: `auto_rollback_configuration { enabled = true events = "
                "[\"DEPLOYMENT_FAILURE\", \"DEPLOYMENT_STOP_ON_ALARM\"] }`.",
    },
    {
        .id = "tf/codedeploy-alarms",
        .title = "Production ECS CodeDeploy groups watch error-rate alarms",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "rollback",
        .check = check_alarms,
        .help = "A release rolls back on critical error-rate spikes. A production ECS deployment "
                "group without an enabled `alarm_configuration` listing alarms cannot stop a "
                "deployment whose errors appear only after the traffic shift.\n\n"
                "Fix: `alarm_configuration { enabled = true alarms = [...] }` with the service's "
                "5xx / error-rate alarms, and `DEPLOYMENT_STOP_ON_ALARM` in the rollback "
                "events.",
    },
    {
        .id = "tf/target-group-health-check",
        .title = "HTTP target groups have a real health check",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_STAGED,
        .origin = "rollback; CKV_AWS_261",
        .check = check_target_groups,
        .help = "Blue/green decides on health checks: an `aws_lb_target_group` of protocol "
                "HTTP/HTTPS with `health_check.enabled = false`, or with no health check `path` "
                "in its configuration (the provider then checks `/`, which proves only that the "
                "web server answers), lets a broken green receive traffic. The ECS service the "
                "target group serves is named when the plan has it.\n\n"
                "Fix: `health_check { path = \"/healthz\" }` on an endpoint that checks the "
                "service's dependencies.",
    },
    {
        .id = "tf/sqs-dead-letter",
        .title = "Production queues have a dead-letter queue",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_sqs_dlq,
        .help = "An `aws_sqs_queue` without a `redrive_policy` (or a separate "
                "`aws_sqs_queue_redrive_policy`) retries a poison message until it expires. "
                "Dead-letter queues themselves are exempt: a queue another queue's redrive "
                "policy targets (by reference or ARN), one with a `redrive_allow_policy`, or "
                "one named `*-dlq` / `*-dead-letter`.\n\n"
                "Fix: a DLQ and `redrive_policy = jsonencode({ deadLetterTargetArn = "
                "aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })`.",
    },
    {0},
};
