/* tf_changes.c — what the plan itself does: deleting or replacing stateful resources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "rules.h"
#include "tf_util.h"

/* "engine_version, tags.Name" from replace_paths ([["engine_version"], ["tags","Name"]]). */
static void replace_paths_text(const struct plan_resource *r, struct strbuf *sb)
{
    for (size_t i = 0; i < pval_len(r->replace_paths); i++) {
        const struct pval *path = pval_idx(r->replace_paths, i);
        if (i)
            strbuf_addstr(sb, ", ");
        for (size_t k = 0; k < pval_len(path); k++) {
            const struct pval *c = pval_idx(path, k);
            double n;
            if (k)
                strbuf_addch(sb, '.');
            if (pval_str(c))
                strbuf_addstr(sb, pval_str(c));
            else if (pval_num(c, &n) == 0)
                strbuf_addf(sb, "%g", n);
        }
    }
}

static const char *reason_text(const char *reason)
{
    if (!reason)
        return NULL;
    if (!strcmp(reason, "replace_because_tainted"))
        return "the resource is tainted";
    if (!strcmp(reason, "replace_by_request"))
        return "-replace was requested";
    if (!strcmp(reason, "replace_by_triggers"))
        return "replace_triggered_by fired";
    if (!strcmp(reason, "replace_because_cannot_update"))
        return NULL; /* replace_paths says which attributes */
    return NULL;
}

static void check_destroy_stateful(struct rule_ctx *ctx, const struct subject *s)
{
    const struct plan *p = s->plan;
    enum severity sev = s->env->cls == ENV_PROD ? SEV_ERROR : SEV_WARNING;
    for (size_t i = 0; i < plan_nresources(p); i++) {
        const struct plan_resource *r = plan_resource_at(p, i);
        if ((r->action != ACT_DELETE && r->action != ACT_REPLACE) || !strcmp(r->mode, "data") ||
            !rule_opt_list_has(ctx, "types", r->type, 0))
            continue;
        if (r->action == ACT_DELETE) {
            tf_report_sev(ctx, sev, r, NULL,
                          "if intended, take a backup first and record the decision in an "
                          "ignore entry with a reason; else restore the resource in the "
                          "configuration (or `terraform state rm` to stop managing it)",
                          "plan deletes %s, a stateful resource: its data goes with it", r->type);
            continue;
        }
        struct strbuf why = STRBUF_INIT;
        replace_paths_text(r, &why);
        const char *reason = reason_text(r->action_reason);
        char *msg = NULL;
        if (why.len)
            msg = xstrfmt("because %s cannot change in place", why.buf);
        else if (reason)
            msg = xstrfmt("because %s", reason);
        tf_report_sev(ctx, sev, r, NULL,
                      "revert the attribute that forces replacement (or migrate the data "
                      "deliberately); lifecycle { prevent_destroy = true } guards against this",
                      "plan replaces %s (%s) %s: the new one starts empty", r->type,
                      r->create_before_destroy ? "create, then delete" : "delete, then create",
                      msg ? msg : "(the plan does not say which attribute forces it)");
        free(msg);
        strbuf_release(&why);
    }
}

static const struct rule_option destroy_options[] = {
    {"types", OPT_STRLIST,
     "aws_db_instance,aws_rds_cluster,aws_elasticache_replication_group,aws_elasticache_cluster,"
     "aws_s3_bucket,aws_dynamodb_table,aws_sqs_queue,aws_efs_file_system,aws_kms_key,"
     "aws_secretsmanager_secret,aws_ebs_volume,aws_backup_vault",
     "resource types whose deletion loses data"},
    {0},
};

const struct rule tf_changes_rules[] = {
    {
        .id = "tf/destroy-stateful",
        .title = "The plan does not delete or replace stateful resources",
        .severity = SEV_WARNING,
        .severity_note = "error in prod, warning elsewhere",
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "security review of plan output",
        .options = destroy_options,
        .check = check_destroy_stateful,
        .help = "A plan that deletes, or replaces (`[\"delete\",\"create\"]` or "
                "`[\"create\",\"delete\"]`), a database, cache, bucket, table, queue, file "
                "system, KMS key, secret, volume or backup vault loses its data. The message "
                "names the attributes forcing the replacement (`replace_paths`), or why it was "
                "requested (tainted, `-replace`). `forget` (Terraform 1.7 `removed` blocks) "
                "keeps the real resource and is not reported. Error in production, warning "
                "elsewhere; the list of types is the `types` option.\n\n"
                "Fix: revert the change that forces replacement, or, if the deletion is "
                "intended, back the data up and record the decision with a config `ignore` "
                "entry that has a reason; `lifecycle { prevent_destroy = true }` guards "
                "against accidents.",
    },
    {0},
};
