/* registry.c — the one table of every built-in rule: the family tables, in order. */
#include <string.h>

#include "infralint/rule.h"
#include "infralint/util.h"
#include "rules.h"

static const struct rule *const families[] = {
    tf_state_rules,  tf_ha_rules,        tf_deploy_rules,     tf_security_rules,  tf_changes_rules,
    tf_s3_rules,     tf_iam_rules,       tf_network_rules,    tf_datastore_rules, tf_ecs_rules,
    sql_goose_rules, sql_compat_rules,   sql_syntax_rules,    sql_data_rules,     gha_syntax_rules,
    gha_flow_rules,  gha_security_rules, gha_expr_rules,      gha_actions_rules,  gha_events_rules,
    gha_jobs_rules,  gha_shell_rules,    gha_terraform_rules, x_migrations_rules, x_deploy_rules,
    infralint_rules,
};

const struct rule **registry_rules(size_t *n)
{
    size_t count = 0;
    for (size_t f = 0; f < ARRAY_SIZE(families); f++)
        for (const struct rule *r = families[f]; r->id; r++)
            count++;
    const struct rule **all = xcalloc(count + 1, sizeof(*all));
    *n = 0;
    for (size_t f = 0; f < ARRAY_SIZE(families); f++)
        for (const struct rule *r = families[f]; r->id; r++)
            all[(*n)++] = r;
    return all;
}

const struct rule *registry_find(const char *id)
{
    for (size_t f = 0; f < ARRAY_SIZE(families); f++)
        for (const struct rule *r = families[f]; r->id; r++)
            if (!strcmp(r->id, id))
                return r;
    return NULL;
}
