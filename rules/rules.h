/* rules.h — the family tables rules/registry.c lists (each closed by a zeroed sentinel). */
#ifndef INFRALINT_RULES_H
#define INFRALINT_RULES_H

#include "infralint/rule.h"

extern const struct rule tf_state_rules[];
extern const struct rule tf_ha_rules[];
extern const struct rule tf_deploy_rules[];
extern const struct rule tf_security_rules[];
extern const struct rule tf_changes_rules[];
extern const struct rule tf_s3_rules[];
extern const struct rule tf_iam_rules[];
extern const struct rule tf_network_rules[];
extern const struct rule tf_datastore_rules[];
extern const struct rule tf_ecs_rules[];
extern const struct rule sql_goose_rules[];
extern const struct rule sql_compat_rules[];
extern const struct rule sql_data_rules[];
extern const struct rule sql_syntax_rules[];
extern const struct rule gha_syntax_rules[];
extern const struct rule gha_flow_rules[];
extern const struct rule gha_security_rules[];
extern const struct rule gha_expr_rules[];
extern const struct rule gha_terraform_rules[];
extern const struct rule x_migrations_rules[];
extern const struct rule x_deploy_rules[];
extern const struct rule gha_actions_rules[];
extern const struct rule gha_events_rules[];
extern const struct rule gha_jobs_rules[];
extern const struct rule gha_shell_rules[];
extern const struct rule infralint_rules[];

#endif
