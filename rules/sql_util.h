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
/* Run fn over every statement, Up and Down, of every checked migration of s. */
void sql_each_stmt(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn);
/* 1 if the statement's table existed before the change (not created by it). */
int sql_existing_table(const struct mig_stmt *st);
/* What rolls m back, for messages: "goose down", "migrate down" or "a rollback". */
const char *sql_down_cmd(const struct migration *m);
/* 1 if r (a relation about to be dropped by st) was retired before: renamed away by an earlier
 * migration under a name that says so (_old, _deprecated, …), or renamed away and its old name
 * recreated (the swap pattern). No running code queries it under its current name. */
int sql_retired(const struct mig_rel *r, const struct mig_stmt *st);
/* 1 if the CREATE that reused a renamed-away name (a mig_action's recreated) belongs to st's
 * migration, or to a later one of the change: the old name keeps working. */
int sql_recreated(const struct mig_stmt *st, const struct mig_stmt *create);
/* How to run a statement outside a transaction with m's tool, for fix hints: "in a migration of
 * its own marked '-- +goose NO TRANSACTION'", "alone in a migration file of its own", … */
const char *sql_alone(const struct migration *m);
/* A fix hint formatted into the check's arena. */
const char *sql_fix(struct rule_ctx *ctx, const char *fmt, ...) IL_PRINTF(2, 3);
/* "table.column" (or the table alone) written to buf (PostgreSQL names are short: n = 256
 * always holds them); returns buf. */
const char *sql_path(char *buf, size_t n, const char *table, const char *column);

#endif
