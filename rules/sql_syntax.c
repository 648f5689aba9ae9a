/* sql_syntax.c — statements PostgreSQL's grammar rejects, in Up and in Down sections. */
#include <stdio.h>

#include "infralint/migration.h"
#include "rules.h"
#include "sql_util.h"

/* ---- sql/syntax ---- */

/* goose refuses the file at st already (a statement not ended by ';': sql/goose-syntax says
 * so at st's first line), and what PostgreSQL would say about the run-on text is the same
 * root cause. */
static int goose_refused_at(const struct mig_stmt *st)
{
    const struct migration *m = st->mig;
    for (size_t i = 0; m->format == MIG_GOOSE && i < m->nproblems; i++)
        if (m->problems[i].line == st->line)
            return 1;
    return 0;
}

static void syntax(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (!st->syntax || goose_refused_at(st))
        return;
    const struct migration *m = st->mig;
    struct anchor at = mig_anchor(st, 0, NULL);
    at.line = st->syntax->line;
    at.col = st->syntax->col;
    rule_report(ctx, &at, "correct the statement (psql shows the same error when it runs it)",
                "PostgreSQL rejects this statement: %s, so %s fails here", st->syntax->msg,
                st->section == MIG_DOWN           ? sql_down_cmd(m)
                : m->format == MIG_GOOSE          ? "goose up"
                : m->format == MIG_GOLANG_MIGRATE ? "migrate up"
                                                  : "the migration");
}

static void check_syntax(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_stmt(ctx, s->mig, syntax);
}

const struct rule sql_syntax_rules[] = {
    {
        .id = "sql/syntax",
        .title = "PostgreSQL can parse every statement of Up and Down",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "PostgreSQL's grammar (libpg_query); squawk syntax-error",
        .check = check_syntax,
        .help = "Every statement of a migration, in its Up and in its Down section, is parsed "
                "by PostgreSQL's own parser (libpg_query, the PostgreSQL 15 grammar). A statement "
                "it rejects fails the migration when it runs — a broken Down fails exactly when "
                "a rollback is needed — and is reported at the parser's position with "
                "PostgreSQL's message (a string constant there is never quoted). One bad "
                "statement does not hide the findings of the others. goose ENVSUB placeholders "
                "and `${VAR}` templates are read as names or values (or as nothing) before "
                "parsing, and a statement whose meaning depends on them is never reported; "
                "comments such as `/* TEMPLATE: schema */` are comments to PostgreSQL too. "
                "Syntax newer than PostgreSQL 15 (for example PostgreSQL 16's `1_000` numbers "
                "or PostgreSQL 18's VIRTUAL generated columns) is reported as well: suppress it "
                "with an inline ignore when the server is newer.\n\n"
                "Fix: correct the statement; `psql` shows the same error.",
    },
    {0},
};
