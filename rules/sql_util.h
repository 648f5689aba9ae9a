/* sql_util.h — what the sql/ rules share: walking the Up statements of the migrations a run
 * reports on, and naming what a statement touches. */
#ifndef INFRALINT_SQL_UTIL_H
#define INFRALINT_SQL_UTIL_H

#include "infralint/migration.h"
#include "infralint/rule.h"

/* Called for each Up statement of each checked migration of the set. */
typedef void sql_stmt_fn(struct rule_ctx *ctx, const struct mig_stmt *st);

/* Run fn over the Up statements of every checked migration of s (in version order). */
void sql_each_up(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn);
/* 1 if the statement's table existed before the change (not created by it). */
int sql_existing_table(const struct mig_stmt *st);
/* What rolls m back, for messages: "goose down", "migrate down" or "a rollback". */
const char *sql_down_cmd(const struct migration *m);
/* "table.column" (or the table alone) written to buf (PostgreSQL names are short: n = 256
 * always holds them); returns buf. */
const char *sql_path(char *buf, size_t n, const char *table, const char *column);

#endif
