/* sql_goose.c — migration files as goose (and golang-migrate) run them: files goose refuses or
 * skips, duplicate versions, missing rollbacks, and CONCURRENTLY inside a transaction. */
#include <stdio.h>
#include <string.h>

#include "infralint/migration.h"
#include "rules.h"
#include "sql_util.h"

/* ---- sql/goose-syntax ---- */

static void check_goose_syntax(struct rule_ctx *ctx, const struct subject *s)
{
    for (size_t i = 0; i < s->mig->n; i++) {
        const struct migration *m = s->mig->v[i];
        if (!m->checked || m->format != MIG_GOOSE)
            continue;
        for (size_t k = 0; k < m->nproblems; k++) {
            const struct mig_problem *p = &m->problems[k];
            struct anchor at = mig_file_anchor(m, NULL, p->line, p->col, NULL);
            rule_report(ctx, &at, p->fix, "%s", p->msg);
        }
        if (!m->has_version) {
            struct anchor at = mig_file_anchor(m, NULL, 1, 1, NULL);
            rule_report(ctx, &at,
                        "rename it to <version>_<description>.sql with a version of 1 or more "
                        "(goose create uses a timestamp: 20250102150405_add_column.sql)",
                        "goose cannot read a version from the name '%s' (<version>_<name>.sql, "
                        "version 1 or more): the goose command (and goose.Up) fails for the whole "
                        "directory (\"could not parse SQL migration file\"), and goose's "
                        "Provider API skips the file, so this migration never runs",
                        m->name);
        }
    }
}

/* ---- sql/duplicate-version ---- */

static int versioned(const struct migration *m)
{
    return m->has_version && m->format != MIG_PLAIN;
}

/* The set is sorted by version: migrations that share one are neighbours (plain files, which
 * have no version for the tools, may sit among them). */
static void check_duplicate_version(struct rule_ctx *ctx, const struct subject *s)
{
    const struct mig_set *set = s->mig;
    for (size_t b = 0, e; b < set->n; b = e) {
        for (e = b + 1; e < set->n && set->v[e]->has_version == set->v[b]->has_version &&
                        set->v[e]->version == set->v[b]->version;)
            e++;
        if (!set->v[b]->has_version)
            break; /* the unversioned ones come last */
        for (size_t i = b; i < e; i++) {
            const struct migration *m = set->v[i], *o = NULL;
            if (!m->checked || !versioned(m))
                continue;
            for (size_t k = b; k < e && !o; k++)
                if (k != i && versioned(set->v[k]))
                    o = set->v[k];
            if (!o)
                continue;
            struct anchor at = mig_file_anchor(m, NULL, 1, 1, NULL);
            rule_report(ctx, &at,
                        "give one of the files a version of its own (a new timestamp, or "
                        "`goose fix` for sequential versions)",
                        "version %s is also the version of %s: %s refuses to run the "
                        "directory (duplicate version)",
                        m->version_text, o->name,
                        m->format == MIG_GOOSE ? "goose" : "golang-migrate");
            struct anchor rel = mig_file_anchor(o, NULL, 1, 1, NULL);
            rule_related(ctx, &rel, "the other migration with version %s", o->version_text);
        }
    }
}

/* ---- sql/missing-down ---- */

static const char down_fix[] =
    "write the Down: the statements that undo the Up (drop what it creates, restore what it "
    "changes); if it truly cannot be undone, say so in an inline ignore with the reason";

/* Does any golang-migrate migration of s have a .down.sql? */
static int any_down(const struct mig_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i]->format == MIG_GOLANG_MIGRATE && s->v[i]->down_file)
            return 1;
    return 0;
}

/* The directory (or, for a tree of version directories, every directory of the tree) has no
 * .down.sql at all: a forward-only layout, one decision rather than one slip per file. */
static int forward_only_layout(const struct mig_set *s)
{
    if (any_down(s))
        return 0;
    if (!s->release_dir)
        return 1;
    for (const struct mig_set *p = s->prev; p; p = p->prev)
        if (any_down(p))
            return 0;
    for (const struct mig_set *n = s->next; n; n = n->next)
        if (any_down(n))
            return 0;
    return 1;
}

/* m (golang-migrate, no .down.sql) is one of a forward-only layout with more than one file. */
static int forward_only(const struct mig_set *s, const struct migration *m)
{
    return m->format == MIG_GOLANG_MIGRATE && !m->down_file && (s->n > 1 || s->release_dir) &&
           forward_only_layout(s);
}

/* One finding for a forward-only layout: at the first checked migration of the directory (of
 * the tree's first directory with one), the others as a count. */
static void report_forward_only(struct rule_ctx *ctx, const struct mig_set *s)
{
    const struct migration *first = NULL;
    for (size_t i = 0; i < s->n && !first; i++)
        if (s->v[i]->checked && forward_only(s, s->v[i]))
            first = s->v[i];
    if (!first)
        return;
    size_t files = 0, dirs = 0;
    const struct mig_set *top = s;
    while (top->release_dir && top->prev)
        top = top->prev;
    for (const struct mig_set *t = top; t; t = t->release_dir ? t->next : NULL) {
        size_t k = 0;
        for (size_t i = 0; i < t->n; i++)
            k += t->v[i]->checked && forward_only(t, t->v[i]);
        if (k && t != s && dirs == 0 && files == 0)
            return; /* an earlier directory of the tree reports it */
        files += k;
        dirs += k > 0;
    }
    struct anchor at = mig_file_anchor(first, NULL, 1, 1, NULL);
    const char *slash = strrchr(s->dir, '/');
    int plen = slash ? (int)(slash - s->dir) : 1;
    if (dirs > 1)
        rule_report(ctx, &at, down_fix,
                    "no migration in the %zu version directories of %.*s has a .down.sql (%zu "
                    "files, forward-only): migrate down cannot roll any of them back",
                    dirs, plen, slash ? s->dir : ".", files);
    else
        rule_report(ctx, &at, down_fix,
                    "no migration of %s has a .down.sql (%zu file%s, forward-only): migrate down "
                    "cannot roll any of them back",
                    s->dir, files, files == 1 ? "" : "s");
}

static void check_missing_down(struct rule_ctx *ctx, const struct subject *s)
{
    report_forward_only(ctx, s->mig);
    for (size_t i = 0; i < s->mig->n; i++) {
        const struct migration *m = s->mig->v[i];
        size_t nup;
        mig_section(m, MIG_UP, &nup);
        if (!m->checked || m->format == MIG_PLAIN || !nup)
            continue;
        if (m->format == MIG_GOOSE && !m->up_line)
            continue; /* goose refuses the file anyway: sql/goose-syntax says so */
        if (m->format == MIG_GOOSE) {
            if (!m->has_down) {
                struct anchor at = mig_file_anchor(m, NULL, m->up_line ? m->up_line : 1, 1, NULL);
                rule_report(ctx, &at, down_fix,
                            "no '-- +goose Down' section: goose down runs no SQL for this "
                            "migration yet deletes its version row, so goose believes it was "
                            "rolled back");
            } else if (!m->ndown) {
                struct anchor at = mig_file_anchor(m, NULL, m->down_line, 1, NULL);
                rule_report(ctx, &at, down_fix,
                            "the '-- +goose Down' section is empty: goose down runs no SQL yet "
                            "deletes the version row, so goose believes it was rolled back");
            } else if (m->down_placeholder) {
                size_t nd;
                const struct mig_stmt *d = mig_section(m, MIG_DOWN, &nd);
                struct anchor at = mig_file_anchor(m, NULL, m->down_line, 1, NULL);
                rule_report(ctx, &at, down_fix,
                            "the Down section only holds a placeholder (%.60s%s): goose down "
                            "undoes nothing yet deletes the version row",
                            d[0].text, strlen(d[0].text) > 60 ? "…" : "");
            }
            continue;
        }
        if (forward_only(s->mig, m))
            continue; /* one finding for the directory (or tree), below */
        if (!m->down_file) {
            struct anchor at = mig_file_anchor(m, NULL, 1, 1, NULL);
            rule_report(ctx, &at, down_fix,
                        "no .down.sql beside %s: migrate down cannot roll this migration back",
                        m->name);
        } else if (!m->ndown || m->down_placeholder) {
            struct anchor at = mig_file_anchor(m, m->down_file, 1, 1, NULL);
            rule_report(ctx, &at, down_fix,
                        "the .down.sql holds no SQL: migrate down undoes nothing yet records the "
                        "version as rolled back");
        }
    }
}

/* ---- sql/concurrently-in-transaction ---- */

/* Statements of m sent in the same goose query as st. */
static size_t query_size(const struct mig_stmt *st)
{
    const struct migration *m = st->mig;
    size_t n = 0;
    for (size_t i = 0; i < m->nstmts; i++)
        n += m->stmts[i].query == st->query && m->stmts[i].section == st->section;
    return n;
}

static void concurrently_at(struct rule_ctx *ctx, const struct mig_stmt *st, size_t tok,
                            const char *what)
{
    long tx = mig_stmt_tx(st);
    struct anchor at = mig_anchor(st, tok, NULL);
    const char *down = st->section == MIG_DOWN ? " (here: the rollback)" : "";
    if (tx == -1) {
        rule_report(ctx, &at,
                    "add '-- +goose NO TRANSACTION' at the top of the file, with the concurrent "
                    "statement in a migration of its own",
                    "%s cannot run inside a transaction block, and goose runs this file in one: "
                    "the migration fails%s",
                    what, down);
    } else if (tx > 0) {
        const struct mig_stmt *begin = &st->mig->stmts[tx - 1];
        rule_report(ctx, &at,
                    "take the statement out of the BEGIN … COMMIT block (into a migration of its "
                    "own that runs outside a transaction)",
                    "%s cannot run inside a transaction block, and the BEGIN on line %u opens "
                    "one: the migration fails%s",
                    what, begin->line, down);
    } else if (tx < -1 && st->mig->format == MIG_GOLANG_MIGRATE) {
        size_t n = query_size(st);
        rule_report(ctx, &at,
                    "put the statement alone in a migration file of its own (or enable "
                    "golang-migrate's x-multi-statement, which sends statements one by one)",
                    "golang-migrate sends this file's %zu statements to PostgreSQL as one query, "
                    "which runs as one implicit transaction: %s fails there%s",
                    n, what, down);
    } else if (tx < -1) {
        size_t n = query_size(st);
        rule_report(ctx, &at,
                    "end each statement with ';' as the last word of its own line, outside a "
                    "StatementBegin block, so that goose sends it alone",
                    "goose sends this statement together with %zu other%s in one query, and "
                    "PostgreSQL runs a multi-statement query as one implicit transaction: %s "
                    "fails there%s",
                    n - 1, n == 2 ? "" : "s", what, down);
    }
}

static void concurrently(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->concurrently)
        concurrently_at(ctx, st, 0,
                        st->kind == MK_CREATE_INDEX ? "CREATE INDEX CONCURRENTLY"
                        : st->kind == MK_DROP_INDEX ? "DROP INDEX CONCURRENTLY"
                                                    : "REINDEX CONCURRENTLY");
    for (size_t a = 0; a < st->nactions; a++)
        if (st->actions[a].op == MOP_DETACH_PARTITION && st->actions[a].concurrently)
            concurrently_at(ctx, st, st->actions[a].tok, "DETACH PARTITION … CONCURRENTLY");
}

static void check_concurrently(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_stmt(ctx, s->mig, concurrently);
}

const struct rule sql_goose_rules[] = {
    {
        .id = "sql/goose-syntax",
        .title = "goose can read the migration file",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "goose",
        .check = check_goose_syntax,
        .help = "A file with goose annotations that goose refuses — no `-- +goose Up`, an "
                "unknown or indented annotation, a second Up or Down, `StatementEnd` without "
                "`StatementBegin`, SQL before `-- +goose Up`, a statement not ended by `;` at "
                "the end of a line, a byte order mark — or whose name goose cannot parse as "
                "`<version>_<name>.sql`: the goose command (and `goose.Up`) then fails for the "
                "whole directory with \"could not parse SQL migration file\", while goose's "
                "Provider API skips the file, so the migration never runs. In a directory of goose "
                "migrations, a `.sql` file without annotations "
                "whose name goose reads as a version is reported too: goose refuses it. A "
                "`StatementBegin` without `StatementEnd` and unterminated strings are input "
                "errors (exit 2), since the file cannot be read at all.\n\n"
                "Fix: write the annotations as goose expects them (`-- +goose Up`, `-- +goose "
                "Down`, `-- +goose StatementBegin` … `-- +goose StatementEnd` around statements "
                "with semicolons inside) and name the file `<version>_<description>.sql`.",
    },
    {
        .id = "sql/duplicate-version",
        .title = "Migration versions are unique in their directory",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "goose",
        .check = check_duplicate_version,
        .help = "Two migration files in one directory with the same version (`001_a.sql` and "
                "`1_b.sql` are both version 1): goose and golang-migrate refuse to run the "
                "directory. Typical after two branches each added a migration. Files named on "
                "the command line are compared with their siblings.\n\n"
                "Fix: give one of the files a new version (a new timestamp, or `goose fix`).",
    },
    {
        .id = "sql/missing-down",
        .title = "Every migration can be rolled back",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "rollback",
        .check = check_missing_down,
        .help = "The rollback strategy relies on `goose down`. A migration without a `-- +goose "
                "Down` section, with an empty one, or with only goose's template placeholder "
                "(`SELECT 'down SQL query'`) cannot be rolled back: goose down runs no SQL yet "
                "deletes the version row, so goose believes it reverted. For golang-migrate "
                "pairs, a missing or empty `.down.sql`. Migrations whose Up is empty are not "
                "reported; plain `.sql` files named on the command line have no Down to "
                "check.\n\n"
                "Fix: write the Down section: the statements that undo the Up. If the change "
                "truly cannot be undone, say so with an inline ignore and the reason.",
    },
    {
        .id = "sql/concurrently-in-transaction",
        .title = "CONCURRENTLY runs outside a transaction",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk ban-concurrent-index-creation-in-transaction; goose",
        .check = check_concurrently,
        .help = "`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX … "
                "CONCURRENTLY` and `DETACH PARTITION … CONCURRENTLY` cannot run in a "
                "transaction block. goose runs each file in a transaction unless it is marked "
                "`-- +goose NO TRANSACTION`, so the migration fails — in Up, or in Down when "
                "you need the rollback. Even without a transaction, a statement goose sends "
                "together with others (a StatementBegin block, or several statements before "
                "the `;` that ends a line) runs in PostgreSQL's implicit transaction and fails "
                "the same way. golang-migrate sends a whole file in one query (unless its "
                "`x-multi-statement` option is on), so a CONCURRENTLY statement in a file with "
                "other statements fails in PostgreSQL's implicit transaction too. In any file, "
                "an explicit `BEGIN` … `COMMIT` block around the statement is reported (plain "
                "files named on the command line are otherwise not assumed to run in a "
                "transaction).\n\n"
                "Fix: goose: put the concurrent statement in a migration of its own marked "
                "`-- +goose NO TRANSACTION`, ending with `;` on its own line; golang-migrate: "
                "alone in a migration file of its own.",
    },
    {0},
};
