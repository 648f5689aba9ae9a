/* sql_data.c — data changes in migrations: UPDATE and DELETE of existing tables that touch more
 * than a few rows inside the migration's transaction (backfills). */
#include <stdio.h>
#include <string.h>

#include "infralint/migration.h"
#include "rules.h"
#include "sql_util.h"

/* ---- sql/backfill ---- */

/* Does an ALTER TABLE clause take an ACCESS EXCLUSIVE lock? (Not VALIDATE, a foreign key, or
 * the partition clauses, which take weaker ones; not the clauses infralint does not name.) */
static int exclusive(const struct mig_action *a)
{
    switch (a->op) {
    case MOP_OTHER:
    case MOP_VALIDATE_CONSTRAINT:
    case MOP_ATTACH_PARTITION:
    case MOP_DETACH_PARTITION: return 0;
    case MOP_ADD_CONSTRAINT: return a->constraint != MCON_FOREIGN_KEY;
    default: return 1;
    }
}

/* An earlier statement of st's transaction that took an ACCESS EXCLUSIVE lock on table (an
 * ALTER TABLE of it), or NULL: that lock is held while the backfill runs. */
static const struct mig_stmt *locked_before(const struct mig_stmt *st, const char *table)
{
    size_t n;
    const struct mig_stmt *sec = mig_section(st->mig, st->section, &n);
    for (size_t i = 0; i < n && &sec[i] != st; i++) {
        if (sec[i].kind != MK_ALTER_TABLE || mig_stmt_tx(&sec[i]) != mig_stmt_tx(st) ||
            !mig_name_eq(sec[i].table, table))
            continue;
        for (size_t k = 0; k < sec[i].nactions; k++)
            if (exclusive(&sec[i].actions[k]))
                return &sec[i];
    }
    return NULL;
}

static void backfill(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if ((st->kind != MK_UPDATE && st->kind != MK_DELETE) || st->where == MWHERE_NARROW ||
        !mig_stmt_tx(st) || !sql_existing_table(st))
        return;
    const struct migration *m = st->mig;
    const char *verb = st->kind == MK_UPDATE ? "UPDATE" : "DELETE";
    const char *rows = st->where == MWHERE_NONE ? "every row of " : "";
    const char *fix =
        m->format == MIG_GOOSE
            ? "move the backfill to a migration marked '-- +goose NO TRANSACTION' that works in "
              "batches (WHERE id > last_id … LIMIT per statement), or to a job, and keep schema "
              "changes in migrations of their own"
            : "move the backfill to a migration file of its own (or a job) that works in batches "
              "(WHERE id > last_id … LIMIT per statement), and keep schema changes in files of "
              "their own";
    struct anchor at = mig_anchor(st, 0, st->table);
    const struct mig_stmt *lock = locked_before(st, st->table);
    const char *where = st->where == MWHERE_NONE
                            ? ""
                            : " with a WHERE that may match most rows (it pins none by a constant)";
    if (lock)
        rule_report(ctx, &at, fix,
                    "%s of %s%s%s, in the migration's transaction: the ACCESS EXCLUSIVE lock the "
                    "ALTER TABLE on line %u took is held until the backfill is done, so every "
                    "read and write of the table waits for it",
                    verb, rows, st->table, where, lock->line);
    else
        rule_report(ctx, &at, fix,
                    "%s of %s%s%s, in the migration's transaction: each row it touches stays "
                    "locked against the running version's writes until the migration commits, "
                    "and the change reaches the WAL (and replicas) in one burst",
                    verb, rows, st->table, where);
}

static void check_backfill(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, backfill);
}

const struct rule sql_data_rules[] = {
    {
        .id = "sql/backfill",
        .title = "Backfills of existing tables run in batches, outside the migration's transaction",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "strong_migrations: backfilling data (squawk has no equivalent)",
        .check = check_backfill,
        .help = "An `UPDATE` or `DELETE` of an existing table without a WHERE that pins rows by "
                "a constant (`id = 42`, `status IN ('a', 'b')`), run inside the migration's "
                "transaction — goose's own, an explicit `BEGIN` block, or the implicit "
                "transaction of a golang-migrate file (or a goose query) of several statements "
                "— keeps every row it touches locked against the running version's writes "
                "until the migration commits, and writes all the new row versions to the WAL in "
                "one burst (replicas lag). After an `ALTER TABLE` of the same table in the same "
                "transaction it is worse: the ACCESS EXCLUSIVE lock the ALTER took is held for "
                "the whole backfill, so reads wait too. A statement that runs alone (a goose "
                "`NO TRANSACTION` file, a golang-migrate file with one statement) and tables "
                "created in the change are not reported.\n\n"
                "Fix: move the backfill to a migration that runs outside a transaction (goose: "
                "`-- +goose NO TRANSACTION`; golang-migrate: a file of its own) and works in "
                "batches, or to a background job; keep schema changes in migrations of their "
                "own.",
    },
    {0},
};
