/* sql_util.h — what the sql/ rules share: walking the Up statements of the migrations a run
 * reports on, and naming what a statement touches. */
#ifndef INFRALINT_SQL_UTIL_H
#define INFRALINT_SQL_UTIL_H

#include "infralint/migration.h"
#include "infralint/rule.h"
#include "infralint/strbuf.h"

/* Called for each Up statement of each checked migration of the set. */
typedef void sql_stmt_fn(struct rule_ctx *ctx, const struct mig_stmt *st);

/* 1 if s is written for PostgreSQL; otherwise 0, and the run's skipped list says once per
 * directory which dialect was recognised from what and that PostgreSQL's rules were not
 * applied. */
int sql_postgres(struct rule_ctx *ctx, const struct mig_set *s);
/* Run fn over the Up statements of every checked migration of s (in version order), when s is
 * PostgreSQL (sql_postgres). */
void sql_each_up(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn);
/* The same in any dialect: for rules whose claim holds in every one (drops, renames). */
void sql_each_up_any(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn);
/* Run fn over every statement, Up and Down, of every checked migration of s (PostgreSQL only). */
void sql_each_stmt(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn);
/* 1 if the statement's table existed before the change (not created by it). */
int sql_existing_table(const struct mig_stmt *st);
/* 1 if an Up statement of st's migration before st, one PostgreSQL's grammar rejected (MySQL,
 * SQLite), creates table name by its tokens: the catalog cannot know it, the table is new. */
int sql_created_unparsed(const struct mig_stmt *st, const char *name);
/* sql_existing_table(st), and not created by such a statement (the drop and rename rules, which
 * run in every dialect). */
int sql_existing_any(const struct mig_stmt *st);
/* What rolls m back, for messages: "goose down", "migrate down" or "a rollback". */
const char *sql_down_cmd(const struct migration *m);
/* 1 if r (a relation about to be dropped by st) was retired before: renamed away by an earlier
 * migration under a name that says so (_old, _deprecated, …), or renamed away and its old name
 * recreated (the swap pattern). No running code queries it under its current name. */
int sql_retired(const struct mig_rel *r, const struct mig_stmt *st);
/* 1 if the CREATE that reused a renamed-away name (a mig_action's recreated) belongs to st's
 * migration, or to a later one of the change: the old name keeps working. */
int sql_recreated(const struct mig_stmt *st, const struct mig_stmt *create);
/* 1 if st copies rows out of table name: INSERT … SELECT … name …, CREATE TABLE … AS SELECT. */
int sql_copies_from(const struct mig_stmt *st, const char *name);
/* The statement of drop's migration after drop that creates table name again (CREATE TABLE,
 * or a RENAME TO it), or NULL; *copied: the migration copied name's rows out before drop. */
const struct mig_stmt *sql_recreated_after(const struct mig_stmt *drop, const char *name,
                                           int *copied);
/* 1 if an Up statement of m puts rows into table name (INSERT INTO, CREATE TABLE … AS). */
int sql_filled(const struct migration *m, const char *name);
/* 1 if the table name that drop removes is rebuilt by drop's migration: its rows copied out
 * before the drop, and the name created again (CREATE TABLE, or a RENAME TO it) after. */
int sql_rebuilt(const struct mig_stmt *drop, const char *name);
/* 1 if a RENAME TO (a, of st) whose old name a later CREATE (or RENAME) reuses is a swap that
 * keeps the rows: the migration copies rows out of the table under its old or new name. */
int sql_swap_filled(const struct mig_stmt *st, const struct mig_action *a);
/* 1 if the column that drop (a DROP COLUMN of st) removes is replaced in st's migration: a
 * column the migration added is renamed to its name after it (a type or nullability change by
 * rewrite: add, fill, drop, rename). */
int sql_column_rebuilt(const struct mig_stmt *st, const struct mig_action *drop);
/* A list of names for one message: "a, b" (the first one anchors the finding). */
struct sql_names {
    struct strbuf sb;
    const char *first;
    size_t n;
};
/* Append name to l. */
void sql_names_add(struct sql_names *l, const char *name);
/* Free l's text. */
void sql_names_release(struct sql_names *l);
/* How to run a statement outside a transaction with m's tool, for fix hints: "in a migration of
 * its own marked '-- +goose NO TRANSACTION'", "alone in a migration file of its own", … */
const char *sql_alone(const struct migration *m);
/* A fix hint formatted into the check's arena. */
const char *sql_fix(struct rule_ctx *ctx, const char *fmt, ...) IL_PRINTF(2, 3);
/* "table.column" (or the table alone) written to buf (PostgreSQL names are short: n = 256
 * always holds them); returns buf. */
const char *sql_path(char *buf, size_t n, const char *table, const char *column);

#endif
