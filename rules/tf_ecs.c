/* tf_ecs.c — ECS clusters and task definitions: Container Insights in production, privileged
 * containers, credentials passed as plain environment values, images by mutable tag in
 * production. `container_definitions` is a JSON string: it is parsed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/util.h"
#include "infralint/workflow.h"
#include "rules.h"
#include "tf_util.h"

/* ---- tf/ecs-container-insights ---- */

static int insights_on(const struct pval *settings)
{
    for (size_t i = 0; i < pval_len(settings); i++) {
        const struct pval *s = pval_idx(settings, i);
        const char *name = pval_str(pval_get(s, "name"));
        const char *value = pval_str(pval_get(s, "value"));
        if (name && value && !strcmp(name, "containerInsights") &&
            (!strcmp(value, "enabled") || !strcmp(value, "enhanced")))
            return 1;
    }
    return 0;
}

static void check_insights(struct rule_ctx *ctx, const struct subject *s)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, s->plan, "aws_ecs_account_setting_default"); (r = tf_next(&it));)
        if (!str_cmp0(plan_string(r, "name"), "containerInsights") &&
            (tf_str_is(r, "value", "enabled,enhanced")))
            return; /* on by default for the account's new clusters */
    for (tf_iter_init(&it, s->plan, "aws_ecs_cluster"); (r = tf_next(&it));) {
        struct attr a = plan_attr(r, "setting");
        if (a.state == ATTR_UNKNOWN) {
            if (plan_configured(r, "setting"))
                tf_unknown(ctx, r, "setting");
            else
                tf_report(ctx, r, "setting",
                          "add setting { name = \"containerInsights\" value = \"enabled\" }",
                          "production cluster without Container Insights: no per-task CPU, "
                          "memory and restart metrics to diagnose an incident");
            continue;
        }
        if (a.state == ATTR_KNOWN && insights_on(a.v))
            continue;
        tf_report(ctx, r, "setting",
                  "add setting { name = \"containerInsights\" value = \"enabled\" }",
                  "production cluster without Container Insights: no per-task CPU, memory and "
                  "restart metrics to diagnose an incident");
    }
}

/* ---- the containers of task definitions ---- */

typedef void container_fn(struct rule_ctx *ctx, const struct plan_resource *r, size_t i,
                          const struct pval *c);

static void each_container(struct rule_ctx *ctx, const struct plan *p, container_fn *fn)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, p, "aws_ecs_task_definition"); (r = tf_next(&it));) {
        struct attr a = plan_attr(r, "container_definitions");
        if (a.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, r, "container_definitions");
            continue;
        }
        if (a.state != ATTR_KNOWN || a.sensitive)
            continue;
        const struct pval *defs = plan_json_decode(r, a.v);
        for (size_t i = 0; pval_type(defs) == PV_ARRAY && i < pval_len(defs); i++)
            fn(ctx, r, i, pval_idx(defs, i));
    }
}

static const char *container_name(const struct pval *c)
{
    const char *n = pval_str(pval_get(c, "name"));
    return n ? n : "(unnamed)";
}

/* ---- tf/ecs-privileged ---- */

static void privileged(struct rule_ctx *ctx, const struct plan_resource *r, size_t i,
                       const struct pval *c)
{
    if (!pval_is_true(pval_get(c, "privileged")))
        return;
    char path[64];
    snprintf(path, sizeof(path), "container_definitions[%zu].privileged", i);
    tf_report(ctx, r, path,
              "remove privileged; grant the one capability needed with linuxParameters "
              "capabilities add",
              "container %s runs privileged: root on the host, with every device and "
              "capability",
              container_name(c));
}

static void check_privileged(struct rule_ctx *ctx, const struct subject *s)
{
    each_container(ctx, s->plan, privileged);
}

/* ---- tf/ecs-secret-in-environment ---- */

/* A value that names a secret rather than being one (an ARN, a reference, a flag). */
static int not_a_secret(const char *v)
{
    return !v || !*v || starts_with(v, "arn:") || strstr(v, "${") || strstr(v, "{{") ||
           !strcmp(v, "true") || !strcmp(v, "false");
}

static void env_secret(struct rule_ctx *ctx, const struct plan_resource *r, size_t i,
                       const struct pval *c)
{
    const struct pval *env = pval_get(c, "environment");
    for (size_t k = 0; k < pval_len(env); k++) {
        const struct pval *e = pval_idx(env, k);
        const char *name = pval_str(pval_get(e, "name"));
        if (!name || !wf_is_credential_key(name) || not_a_secret(pval_str(pval_get(e, "value"))))
            continue;
        char path[96];
        snprintf(path, sizeof(path), "container_definitions[%zu].environment[%zu]", i, k);
        tf_report(ctx, r, path,
                  "move it to the container's secrets (valueFrom a Secrets Manager secret or "
                  "SSM SecureString parameter), then rotate it",
                  "container %s gets %s as a plain environment value (not shown): it is stored "
                  "in the task definition, the plan and the state, readable by anyone who can "
                  "describe task definitions",
                  container_name(c), name);
    }
}

static void check_env_secrets(struct rule_ctx *ctx, const struct subject *s)
{
    each_container(ctx, s->plan, env_secret);
}

/* ---- tf/ecs-mutable-image ---- */

struct image_check {
    const struct plan *plan;
};

/* The tag of an image reference ("" when none); NULL when it is pinned by digest. */
static const char *image_tag(const char *image)
{
    if (strstr(image, "@sha256:"))
        return NULL;
    const char *slash = strrchr(image, '/');
    const char *colon = strrchr(slash ? slash : image, ':');
    return colon ? colon + 1 : "";
}

/* A MUTABLE ECR repository of the plan that image comes from, or NULL. */
static const struct plan_resource *mutable_repo(const struct plan *p, const char *image)
{
    struct tf_iter it;
    const struct plan_resource *r;
    for (tf_iter_init(&it, p, "aws_ecr_repository"); (r = tf_next(&it));) {
        const char *url = plan_string(r, "repository_url");
        size_t n = url ? strlen(url) : 0;
        if (!n || strncmp(image, url, n) || image[n] != ':')
            continue;
        return tf_str_is(r, "image_tag_mutability", "IMMUTABLE") ? NULL : r;
    }
    return NULL;
}

static void mutable_image(struct rule_ctx *ctx, const struct plan_resource *r, size_t i,
                          const struct pval *c)
{
    const char *image = pval_str(pval_get(c, "image"));
    if (!image || !*image)
        return;
    const char *tag = image_tag(image);
    if (!tag)
        return;
    char path[64];
    snprintf(path, sizeof(path), "container_definitions[%zu].image", i);
    if (!*tag || !strcmp(tag, "latest")) {
        tf_report(ctx, r, path,
                  "deploy an image by digest (repo@sha256:…) or by an immutable release tag",
                  "container %s runs image %.200s%s: a new push changes what runs on the next "
                  "task start, and a rollback cannot return to the old image",
                  container_name(c), image, *tag ? "" : " (no tag: latest)");
        return;
    }
    const struct plan_resource *repo = mutable_repo(r->plan, image);
    if (repo)
        tf_report(ctx, r, path,
                  "set image_tag_mutability = \"IMMUTABLE\" on the repository, or deploy by "
                  "digest",
                  "container %s runs tag %.80s of %s, whose tags are MUTABLE: the tag can be "
                  "pushed over, so what runs is not what was reviewed",
                  container_name(c), tag, repo->address);
}

static void check_mutable_image(struct rule_ctx *ctx, const struct subject *s)
{
    each_container(ctx, s->plan, mutable_image);
}

const struct rule tf_ecs_rules[] = {
    {
        .id = "tf/ecs-container-insights",
        .title = "Production ECS clusters have Container Insights",
        .severity = SEV_NOTE,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_65, AVD-AWS-0034",
        .check = check_insights,
        .help = "Container Insights records per-task CPU, memory, network and restarts; "
                "without it a production incident on the cluster is hard to diagnose. An "
                "`aws_ecs_cluster` passes with `setting { name = \"containerInsights\" value = "
                "\"enabled\" }` (or `enhanced`); an `aws_ecs_account_setting_default` turning "
                "it on for the account counts for every cluster of the plan.\n\n"
                "Fix: `setting { name = \"containerInsights\" value = \"enabled\" }`.",
    },
    {
        .id = "tf/ecs-privileged",
        .title = "Task definitions run no privileged containers",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "CKV_AWS_97 (related), CKV_AWS_334, AVD-AWS-0035",
        .check = check_privileged,
        .help = "A container definition with `\"privileged\": true` (in the JSON of "
                "`container_definitions`) runs as root on the host with every device and "
                "capability: escaping the container is trivial. Definitions known only after "
                "apply are skipped.\n\n"
                "Fix: remove `privileged`; add the one capability needed through "
                "`linuxParameters.capabilities.add`.",
    },
    {
        .id = "tf/ecs-secret-in-environment",
        .title = "Task definitions pass credentials as secrets, not environment values",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "checkov secret scanning of task definitions (CKV_SECRET_*), AVD-AWS-0036",
        .check = check_env_secrets,
        .help =
            "An `environment` entry of a container definition whose name says credential "
            "(`…PASSWORD`, `…SECRET`, `…TOKEN`, `…API_KEY`, `…ACCESS_KEY`, `…PRIVATE_KEY`, "
            "`…CLIENT_SECRET`, camelCase too; not `…_ARN`, `…_ID`, `…_NAME`) with a literal "
            "value puts the secret in the task definition, the plan and the state, readable "
            "by anyone who can describe task definitions. Values that only name a secret "
            "(ARNs, `${…}` templates) and `true`/`false` are not reported. The value is "
            "never printed.\n\n"
            "Fix: `secrets = [{ name = \"DB_PASSWORD\", valueFrom = \"arn:aws:secretsmanager:…\" "
            "}]`, then rotate the exposed value.",
    },
    {
        .id = "tf/ecs-mutable-image",
        .title = "Production tasks run images that cannot change under them",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_PROD,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green on ECS with automatic rollback; CKV_AWS_51 "
                  "(ECR tag immutability), AVD-AWS-0031",
        .check = check_mutable_image,
        .help = "A production container whose `image` has no tag or `:latest`, or a tag of an "
                "ECR repository in the plan whose `image_tag_mutability` is `MUTABLE` (the "
                "default), can change on the next push: tasks started later (scaling, "
                "replacement) run other code than the one reviewed, and a rollback cannot "
                "return to the old image. Images pinned by digest (`@sha256:`) pass; a tag of "
                "a registry not in the plan is not judged.\n\n"
                "Fix: deploy by digest, or set `image_tag_mutability = \"IMMUTABLE\"` and use "
                "release tags.",
    },
    {0},
};
