/* sql_compat.c — backward compatibility and locking of migrations' Up sections: what breaks the
 * application version still running while (and after) the migration runs, and what blocks it.
 * Every rule looks at existing tables only: a table the change itself creates is new and empty,
 * and no running code uses it yet (nor a column it adds, for the drop and rename rules). */
#include <stdio.h>
#include <string.h>

#include "infralint/migration.h"
#include "infralint/strbuf.h"
#include "rules.h"
#include "sql_util.h"

/* ---- sql/drop-column ---- */

static void drop_column(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_any(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_DROP_COLUMN || mig_action_column_is_new(st, a) ||
            sql_column_rebuilt(st, a))
            continue; /* a column the change added, or one it replaces under the same name */
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        rule_report(ctx, &at,
                    "contract step: first release a version that no longer reads or writes the "
                    "column, then drop it in a migration after that release",
                    "drops column %s while the running version may still read or write it: its "
                    "queries fail as soon as the migration commits, and %s cannot bring the data "
                    "back",
                    path, sql_down_cmd(st->mig));
    }
}

static void check_drop_column(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up_any(ctx, s->mig, drop_column);
}

/* ---- sql/drop-table ---- */

static void drop_table(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_DROP_TABLE)
        return;
    struct sql_names names = {STRBUF_INIT, NULL, 0};
    for (size_t i = 0; i < st->nnames; i++) {
        const struct mig_rel *r = mig_rel_before(st, st->names[i], 0);
        if (mig_rel_is_new(r, st) || sql_retired(r, st) || sql_rebuilt(st, st->names[i]) ||
            sql_created_unparsed(st, st->names[i]))
            continue; /* new, renamed away, or rebuilt: no running code misses it */
        int copied;
        const struct mig_stmt *again = sql_recreated_after(st, st->names[i], &copied);
        if (again && sql_filled(st->mig, st->names[i]))
            continue; /* created again and filled: a rebuild from other tables */
        if (again) {  /* the name works again, but without its rows */
            struct anchor at = mig_anchor(st, 0, st->names[i]);
            rule_report(ctx, &at,
                        "copy the rows into the new table before the drop (INSERT INTO new "
                        "SELECT … FROM old), or say in an inline ignore why they may go",
                        "drops table %s and creates it again, empty, on line %u: the running "
                        "version's rows in it are gone, and %s cannot bring them back",
                        st->names[i], again->line, sql_down_cmd(st->mig));
            continue;
        }
        sql_names_add(&names, st->names[i]);
    }
    size_t n = names.n;
    if (n) {
        struct anchor at = mig_anchor(st, 0, names.first);
        rule_report(ctx, &at,
                    "contract step: first release a version that no longer uses the table, then "
                    "drop it in a later migration (rename it to *_deprecated first to keep a way "
                    "back)",
                    "drops table%s %s: the running version's queries on %s fail, and %s cannot "
                    "bring %s data back",
                    n > 1 ? "s" : "", names.sb.buf, n > 1 ? "them" : "it", sql_down_cmd(st->mig),
                    n > 1 ? "their" : "its");
    }
    sql_names_release(&names);
}

static void check_drop_table(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up_any(ctx, s->mig, drop_table);
}

/* ---- sql/rename-column, sql/rename-table ---- */

static void rename_column(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_any(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_RENAME_COLUMN || mig_action_column_is_new(st, a))
            continue; /* a column the change added: no running code uses it */
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        rule_report(ctx, &at,
                    "expand/contract: add the new column, write both and backfill, switch reads "
                    "to the new column, drop the old one in a later release",
                    "renames column %s to %s: the running version still uses the old name, and "
                    "its queries fail until every instance is replaced",
                    path, a->name ? a->name : "a new name");
    }
}

static void check_rename_column(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up_any(ctx, s->mig, rename_column);
}

static void rename_table(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_any(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_RENAME_TABLE)
            continue;
        struct anchor at = mig_anchor(st, a->tok, st->table);
        if (sql_recreated(st, a->recreated)) {
            if (a->recreated->mig != st->mig || sql_swap_filled(st, a) ||
                sql_filled(st->mig, st->table))
                continue; /* a swap: the old name works, with rows copied into it */
            rule_report(ctx, &at,
                        "copy the rows into the new table in the same migration (INSERT INTO "
                        "new SELECT … FROM old), or create the new table under a new name and "
                        "move the code over first",
                        "renames table %s to %s and creates a new, empty %s on line %u: the "
                        "running version's queries on %s no longer see its rows, which are now "
                        "in %s",
                        st->table, a->name ? a->name : "a new name", st->table, a->recreated->line,
                        st->table, a->name ? a->name : "the renamed table");
            continue;
        }
        rule_report(ctx, &at,
                    "expand/contract: create the new table (or rename and leave a view under "
                    "the old name), move reads and writes over, drop the old name in a later "
                    "release",
                    "renames table %s to %s: the running version still queries %s and fails "
                    "until every instance is replaced",
                    st->table, a->name ? a->name : "a new name", st->table);
    }
}

static void check_rename_table(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up_any(ctx, s->mig, rename_table);
}

/* ---- sql/change-column-type ---- */

enum rewrite { RW_NO, RW_YES, RW_UNKNOWN, RW_TIMEZONE };

static int type_is(const struct mig_type *t, const char *name)
{
    return t && t->name && !strcmp(t->name, name);
}

static int type_in(const struct mig_type *t, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (type_is(t, names[i]))
            return 1;
    return 0;
}

/* PostgreSQL's built-in types (a name outside this list may be a domain or an extension's). */
static const char *const builtin_types[] = {
    "int2",      "int4",        "int8",     "numeric",  "float4", "float8", "money",
    "text",      "varchar",     "bpchar",   "bool",     "date",   "time",   "timetz",
    "timestamp", "timestamptz", "interval", "uuid",     "json",   "jsonb",  "bytea",
    "inet",      "cidr",        "macaddr",  "macaddr8", "bit",    "varbit", "oid",
    "xml",       "tsvector",    "point",    "char",     "name",   "citext",
};

/* Types whose length/precision modifier can grow without a rewrite (PostgreSQL's typmod
 * support functions): varchar, varbit, numeric (same scale), the time types. */
static enum rewrite same_type(const struct mig_type *o, const struct mig_type *n)
{
    static const char *const times[] = {"timestamp", "timestamptz", "time", "timetz"};
    if (o->nmods == n->nmods && o->mods[0] == n->mods[0] && o->mods[1] == n->mods[1])
        return RW_NO; /* the same type: nothing to convert */
    if (!n->nmods && (type_is(n, "varchar") || type_is(n, "varbit") || type_is(n, "numeric") ||
                      type_in(n, times, ARRAY_SIZE(times)) || type_is(n, "interval")))
        return RW_NO; /* the limit dropped */
    if (!o->nmods || !n->nmods)
        return type_in(n, builtin_types, ARRAY_SIZE(builtin_types)) ? RW_YES : RW_UNKNOWN;
    if (type_is(n, "varchar") || type_is(n, "varbit") || type_in(n, times, ARRAY_SIZE(times)))
        return n->mods[0] >= o->mods[0] ? RW_NO : RW_YES;
    if (type_is(n, "numeric")) {
        long os = o->nmods > 1 ? o->mods[1] : 0, ns = n->nmods > 1 ? n->mods[1] : 0;
        return ns == os && n->mods[0] >= o->mods[0] ? RW_NO : RW_YES;
    }
    return type_in(n, builtin_types, ARRAY_SIZE(builtin_types)) ? RW_YES : RW_UNKNOWN;
}

/* Does changing a column from o to n rewrite the table? (Measured on PostgreSQL 15: binary
 * coercible types and modifiers that only grow do not; the PostgreSQL suite checks it.) */
static enum rewrite type_change(const struct mig_type *o, const struct mig_type *n, int using_expr)
{
    if (!o || !o->name || !n->name)
        return RW_UNKNOWN;
    if (using_expr)
        return RW_YES;
    if (o->array != n->array)
        return RW_YES;
    if (!strcmp(o->name, n->name))
        return o->array && (o->nmods != n->nmods || o->mods[0] != n->mods[0] ||
                            o->mods[1] != n->mods[1])
                   ? RW_YES
                   : same_type(o, n);
    if (o->array)
        return RW_YES; /* arrays convert element by element */
    if ((type_is(o, "varchar") || type_is(o, "text")) &&
        (type_is(n, "text") || (type_is(n, "varchar") && !n->nmods)))
        return RW_NO; /* binary coercible, no limit to check */
    if (type_is(o, "cidr") && type_is(n, "inet"))
        return RW_NO;
    if (type_is(o, "bit") && type_is(n, "varbit") && (!n->nmods || n->mods[0] >= o->mods[0]))
        return RW_NO;
    if ((type_is(o, "int4") && type_is(n, "oid")) || (type_is(o, "oid") && type_is(n, "int4")))
        return RW_NO;
    if ((type_is(o, "timestamp") && type_is(n, "timestamptz")) ||
        (type_is(o, "timestamptz") && type_is(n, "timestamp")))
        return (o->nmods && (!n->nmods || n->mods[0] < o->mods[0])) ? RW_YES : RW_TIMEZONE;
    if (type_in(o, builtin_types, ARRAY_SIZE(builtin_types)) &&
        type_in(n, builtin_types, ARRAY_SIZE(builtin_types)))
        return RW_YES;
    return RW_UNKNOWN; /* a domain or an extension's type: it may convert without a rewrite */
}

/* A type as PostgreSQL's documentation names it (integer, not int4). */
static const char *type_display(const struct mig_type *t, char *buf, size_t n)
{
    static const char *const names[][2] = {
        {"int2", "smallint"},           {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
        {"float8", "double precision"}, {"bool", "boolean"}, {"bpchar", "char"}};
    struct mig_type d = *t;
    for (size_t i = 0; d.name && i < ARRAY_SIZE(names); i++)
        if (!strcmp(d.name, names[i][0]))
            d.name = names[i][1];
    return mig_type_str(&d, buf, n);
}

static const char change_type_fix[] =
    "expand/contract: add a column of the new type, backfill it in batches and write both, switch "
    "reads over, drop the old column in a later release";

static void change_type(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_ALTER_TYPE)
            continue;
        enum rewrite rw = type_change(a->old_type, &a->new_type, a->using_expr);
        const struct mig_stmt *dom = a->domain;
        if (dom && !a->using_expr && !a->new_type.array) {
            /* PostgreSQL checks a domain's constraints by rewriting the table; a domain without
             * any converts as its base type does */
            rw = dom->domain_constrained
                     ? RW_YES
                     : type_change(a->old_type, &dom->domain_base, a->using_expr);
        }
        if (rw == RW_NO)
            continue; /* binary coercible or a wider limit: only a brief lock */
        char path[256], old[96];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        const char *to = a->type ? a->type : "another type";
        if (a->old_type)
            type_display(a->old_type, old, sizeof(old));
        if (dom && dom->domain_constrained && !a->using_expr && !a->new_type.array)
            rule_report(ctx, &at, change_type_fix,
                        "changes the type of %s to the domain %s (line %u of %s), which has "
                        "constraints: PostgreSQL checks them by rewriting the table and its "
                        "indexes under an ACCESS EXCLUSIVE lock that blocks every read and "
                        "write, and the migration fails on a row that violates them",
                        path, to, dom->line, dom->mig->name);
        else if (rw == RW_YES && a->old_type)
            rule_report(ctx, &at, change_type_fix,
                        "changes the type of %s from %s to %s: PostgreSQL rewrites the table and "
                        "its indexes under an ACCESS EXCLUSIVE lock that blocks every read and "
                        "write, and the running version may not handle the new type",
                        path, old, to);
        else if (rw == RW_TIMEZONE)
            rule_report(ctx, &at, change_type_fix,
                        "changes the type of %s from %s to %s: unless the session's TimeZone is "
                        "UTC, PostgreSQL rewrites the table and its indexes under an ACCESS "
                        "EXCLUSIVE lock that blocks every read and write, and the running "
                        "version reads and writes the values differently",
                        path, old, to);
        else
            rule_report(ctx, &at, change_type_fix,
                        "changes the type of %s to %s: unless the old type converts to it without "
                        "a rewrite (varchar to text, a longer varchar, a wider numeric), "
                        "PostgreSQL rewrites the table and its indexes under an ACCESS EXCLUSIVE "
                        "lock that blocks every read and write, and the running version may not "
                        "handle the new type",
                        path, to);
    }
}

static void check_change_type(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, change_type);
}

/* ---- sql/add-required-column, sql/volatile-default ---- */

/* "the volatile DEFAULT gen_random_uuid()" / "the DEFAULT f(), which …" */
static void default_text(char *buf, size_t n, const struct mig_action *a)
{
    if (a->identity)
        snprintf(buf, n, "values from a sequence (%s)", a->type ? a->type : "identity");
    else if (a->vol == MVOL_UNKNOWN)
        snprintf(buf, n,
                 "the DEFAULT %s(), which PostgreSQL treats as VOLATILE unless it was declared "
                 "STABLE or IMMUTABLE",
                 a->function);
    else
        snprintf(buf, n, "the volatile DEFAULT %s()", a->function ? a->function : "");
}

static void required_column(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_ADD_COLUMN || !a->not_null || a->generated)
            continue; /* a generated column computes its values: sql/volatile-default */
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        if (!a->has_default) {
            rule_report(ctx, &at,
                        "expand step: add the column nullable (or with a constant DEFAULT), "
                        "release code that writes it, backfill, then add NOT NULL in a later "
                        "migration",
                        "adds NOT NULL column %s without a DEFAULT: the migration fails if the "
                        "table has rows, and the running version's INSERTs that do not set the "
                        "column fail",
                        path);
        } else if (a->vol == MVOL_VOLATILE || a->vol == MVOL_UNKNOWN) {
            char why[256];
            default_text(why, sizeof(why), a);
            rule_report(ctx, &at,
                        "expand step: add the column nullable without a default, SET DEFAULT "
                        "for new rows, backfill existing rows in batches, then enforce NOT NULL "
                        "in a later migration",
                        "adds NOT NULL column %s with %s: PostgreSQL rewrites the whole table to "
                        "fill it, holding an ACCESS EXCLUSIVE lock that blocks the running "
                        "version's reads and writes",
                        path, why);
        }
    }
}

static void check_required_column(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, required_column);
}

static void volatile_default(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_ADD_COLUMN || (a->not_null && !a->generated))
            continue; /* NOT NULL with a volatile default: sql/add-required-column */
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        if (a->generated) {
            rule_report(ctx, &at,
                        "add a plain column, fill it for new rows (trigger or application) and "
                        "backfill existing rows in batches",
                        "adds stored generated column %s: PostgreSQL rewrites the whole table to "
                        "compute it, under an ACCESS EXCLUSIVE lock that blocks reads and writes",
                        path);
        } else if (a->has_default && (a->vol == MVOL_VOLATILE || a->vol == MVOL_UNKNOWN)) {
            char why[256];
            default_text(why, sizeof(why), a);
            rule_report(ctx, &at,
                        "expand step: add the column without a default, then ALTER COLUMN … SET "
                        "DEFAULT (new rows only) and backfill existing rows in batches",
                        "adds column %s with %s: PostgreSQL rewrites the whole table to compute "
                        "a value for every row, under an ACCESS EXCLUSIVE lock that blocks reads "
                        "and writes",
                        path, why);
        }
    }
}

static void check_volatile_default(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, volatile_default);
}

/* ---- sql/set-not-null ---- */

/* Did an earlier statement of st's migration give the column a DEFAULT? */
static int default_set_before(const struct mig_stmt *st, const char *column)
{
    size_t n;
    const struct mig_stmt *up = mig_section(st->mig, MIG_UP, &n);
    for (size_t k = 0; k < n && &up[k] != st; k++) {
        if (up[k].kind != MK_ALTER_TABLE || !mig_name_eq(up[k].table, st->table))
            continue;
        for (size_t i = 0; i < up[k].nactions; i++) {
            const struct mig_action *a = &up[k].actions[i];
            if (a->column && !strcmp(a->column, column) &&
                (a->op == MOP_SET_DEFAULT || (a->op == MOP_ADD_COLUMN && a->has_default)))
                return 1;
        }
    }
    return 0;
}

static void set_not_null(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_SET_NOT_NULL || !a->column || a->prepared || a->noop)
            continue; /* a validated CHECK (column IS NOT NULL): PostgreSQL skips the scan */
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        rule_report(ctx, &at,
                    "once every running version writes the column: ADD CONSTRAINT … CHECK (col "
                    "IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET "
                    "NOT NULL (PostgreSQL 12+ skips the scan) and drop the check",
                    default_set_before(st, a->column)
                        ? "SET NOT NULL on %s scans the whole table under an ACCESS EXCLUSIVE "
                          "lock that blocks reads and writes, and the running version fails if "
                          "it still writes NULL explicitly"
                        : "SET NOT NULL on %s scans the whole table under an ACCESS EXCLUSIVE "
                          "lock that blocks reads and writes, and the running version fails if "
                          "it still writes rows without the column",
                    path);
    }
}

static void check_set_not_null(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, set_not_null);
}

/* ---- sql/index-not-concurrent ---- */

static const char *concurrent_fix(struct rule_ctx *ctx, const struct migration *m, int drop)
{
    return sql_fix(ctx, "%s INDEX CONCURRENTLY, %s", drop ? "DROP" : "CREATE", sql_alone(m));
}

static const char partition_fix[] =
    "CREATE INDEX … ON ONLY the parent (instant, invalid until complete), CREATE INDEX "
    "CONCURRENTLY on each partition, then ALTER INDEX parent_index ATTACH PARTITION for each";

static void index_not_concurrent(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    /* ON ONLY a parent builds nothing: the recipe's first step */
    /* IF NOT EXISTS on an index the migrations already created builds nothing */
    int exists = st->if_not_exists && st->index && mig_rel_before(st, st->index, 1);
    if (st->kind == MK_CREATE_INDEX && !st->concurrently && !st->only && !exists &&
        sql_existing_table(st)) {
        struct anchor at = mig_anchor(st, 0, st->index ? st->index : st->table);
        const struct mig_rel *t = mig_rel_before(st, st->table, 0);
        if (t && t->kind == MREL_PARTITIONED)
            rule_report(ctx, &at, partition_fix,
                        "CREATE INDEX on %s, a partitioned table, builds the index on every "
                        "partition while holding SHARE locks that block writes to them "
                        "(CONCURRENTLY is not supported on a partitioned table)",
                        st->table);
        else
            rule_report(ctx, &at, concurrent_fix(ctx, st->mig, 0),
                        "CREATE INDEX on %s without CONCURRENTLY holds a SHARE lock that blocks "
                        "every INSERT, UPDATE and DELETE on the table until the index is built",
                        st->table);
        return;
    }
    if (st->kind != MK_DROP_INDEX || st->concurrently)
        return;
    for (size_t i = 0; i < st->nnames; i++) {
        const struct mig_rel *ix = mig_rel_before(st, st->names[i], 1);
        if (mig_rel_is_new(ix, st) || (ix && mig_rel_is_new(ix->table, st)))
            continue;
        struct anchor at = mig_anchor(st, 0, st->names[i]);
        if (ix && ix->table && ix->table->kind == MREL_PARTITIONED)
            continue; /* a partitioned index cannot be dropped CONCURRENTLY */
        rule_report(ctx, &at, concurrent_fix(ctx, st->mig, 1),
                    "DROP INDEX %s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its "
                    "table: every read and write waits, also while it waits for running queries",
                    st->names[i]);
        return;
    }
}

static void check_index_not_concurrent(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, index_not_concurrent);
}

/* ---- sql/constraint-not-valid ---- */

static void constraint_not_valid(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    const struct migration *m = st->mig;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op == MOP_ADD_CONSTRAINT && !a->not_valid && !a->using_index &&
            (a->constraint == MCON_FOREIGN_KEY || a->constraint == MCON_CHECK)) {
            int fk = a->constraint == MCON_FOREIGN_KEY;
            struct anchor at = mig_anchor(st, a->tok, a->name ? a->name : st->table);
            rule_report(ctx, &at,
                        "add it with NOT VALID (new rows are checked at once), then VALIDATE "
                        "CONSTRAINT in a later migration: that only takes a SHARE UPDATE "
                        "EXCLUSIVE lock",
                        fk ? "adds FOREIGN KEY %s%son %s without NOT VALID: PostgreSQL checks "
                             "every existing row while holding a SHARE ROW EXCLUSIVE lock on "
                             "both tables, blocking writes to them"
                           : "adds CHECK constraint %s%son %s without NOT VALID: PostgreSQL "
                             "scans every row under an ACCESS EXCLUSIVE lock that blocks reads "
                             "and writes",
                        a->name ? a->name : "", a->name ? " " : "", st->table);
        } else if (a->op == MOP_ADD_COLUMN && a->references && !a->not_valid &&
                   !mig_action_column_is_new(st, a)) {
            char path[256];
            struct anchor at =
                mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
            const char *ref = a->ref_table ? a->ref_table : "the referenced table";
            if (a->has_default)
                rule_report(ctx, &at,
                            "add the column without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY "
                            "… NOT VALID and VALIDATE CONSTRAINT in a later migration",
                            "adds column %s with a DEFAULT and an inline REFERENCES %s: PostgreSQL "
                            "checks every existing row against %s while holding an ACCESS "
                            "EXCLUSIVE lock on %s and a SHARE ROW EXCLUSIVE lock on %s (writes to "
                            "both wait)",
                            path, ref, ref, st->table, ref);
            else
                rule_report(ctx, &at,
                            "add the column without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY "
                            "… NOT VALID in a migration of its own (and VALIDATE CONSTRAINT in a "
                            "later one)",
                            "adds column %s with an inline REFERENCES %s: besides the ACCESS "
                            "EXCLUSIVE lock on %s, PostgreSQL locks %s SHARE ROW EXCLUSIVE, so "
                            "writes to it wait until the migration commits",
                            path, ref, st->table, ref);
        } else if (a->op == MOP_VALIDATE_CONSTRAINT && a->name && mig_stmt_tx(st)) {
            const struct mig_action *add = a->added_action;
            const struct mig_stmt *o = a->added;
            if (!o || o->mig != st->mig || mig_stmt_tx(o) != mig_stmt_tx(st))
                continue;
            struct anchor at = mig_anchor(st, a->tok, a->name);
            rule_report(ctx, &at,
                        m->format == MIG_GOOSE && !m->no_transaction
                            ? "move VALIDATE CONSTRAINT to a later migration (or run this one "
                              "with '-- +goose NO TRANSACTION')"
                            : "move VALIDATE CONSTRAINT to a later migration, outside the "
                              "transaction that adds the constraint",
                        "VALIDATE CONSTRAINT %s runs in the same transaction as the ADD "
                        "CONSTRAINT … NOT VALID on line %u: the %s lock the ADD took is held "
                        "while validation scans the table, so NOT VALID gains nothing",
                        a->name, o->toks[add->tok].line,
                        add->constraint == MCON_FOREIGN_KEY ? "SHARE ROW EXCLUSIVE"
                                                            : "ACCESS EXCLUSIVE");
            struct anchor rel = mig_anchor(o, add->tok, NULL);
            rule_related(ctx, &rel, "the constraint is added here");
        }
    }
}

static void check_constraint_not_valid(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, constraint_not_valid);
}

/* ---- sql/unique-constraint ---- */

static void unique_constraint(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        int constraint =
            a->op == MOP_ADD_CONSTRAINT && a->constraint == MCON_UNIQUE && !a->using_index;
        int column = a->op == MOP_ADD_COLUMN && a->unique;
        if (!constraint && !column)
            continue;
        char path[256];
        struct anchor at = mig_anchor(st, a->tok,
                                      column ? sql_path(path, sizeof(path), st->table, a->column)
                                             : (a->name ? a->name : st->table));
        rule_report(ctx, &at,
                    sql_fix(ctx,
                            "CREATE UNIQUE INDEX CONCURRENTLY %s, then ALTER TABLE … ADD "
                            "CONSTRAINT name UNIQUE USING INDEX index_name",
                            sql_alone(st->mig)),
                    column ? "adds column %s%s%s with UNIQUE: PostgreSQL builds its index while "
                             "holding an ACCESS EXCLUSIVE lock on the table, blocking every read "
                             "and write until it is done"
                           : "adds UNIQUE constraint %s%son %s: PostgreSQL builds its index while "
                             "holding an ACCESS EXCLUSIVE lock on the table, blocking every read "
                             "and write until it is done",
                    column    ? path
                    : a->name ? a->name
                              : "",
                    column || !a->name ? "" : " ", column ? "" : st->table);
    }
}

static void check_unique_constraint(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, unique_constraint);
}

/* ---- sql/add-primary-key ---- */

static void add_primary_key(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_ADD_CONSTRAINT || a->constraint != MCON_PRIMARY_KEY || a->using_index)
            continue;
        struct anchor at = mig_anchor(st, a->tok, a->name ? a->name : st->table);
        rule_report(ctx, &at,
                    sql_fix(ctx,
                            "CREATE UNIQUE INDEX CONCURRENTLY on the key columns %s, then ALTER "
                            "TABLE … ADD CONSTRAINT name PRIMARY KEY USING INDEX index_name (with "
                            "the columns already NOT NULL)",
                            sql_alone(st->mig)),
                    "adds PRIMARY KEY %s%son %s: PostgreSQL scans the whole table and builds the "
                    "key's unique index while holding an ACCESS EXCLUSIVE lock that blocks every "
                    "read and write until it is done",
                    a->name ? a->name : "", a->name ? " " : "", st->table);
    }
}

static void check_add_primary_key(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, add_primary_key);
}

/* ---- sql/drop-not-null ---- */

static void drop_not_null(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_ALTER_TABLE || !sql_existing_table(st))
        return;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op != MOP_DROP_NOT_NULL || a->noop || mig_action_column_is_new(st, a))
            continue;
        char path[256];
        struct anchor at =
            mig_anchor(st, a->tok, sql_path(path, sizeof(path), st->table, a->column));
        rule_report(ctx, &at,
                    "check that the running version reads the column as optional before new "
                    "code writes NULL into it (or say so in an inline ignore)",
                    "drops NOT NULL on %s: once new code writes NULL, the running version may "
                    "read NULL where it expects a value",
                    path);
    }
}

static void check_drop_not_null(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, drop_not_null);
}

/* ---- sql/truncate ---- */

static void truncate_table(struct rule_ctx *ctx, const struct mig_stmt *st)
{
    if (st->kind != MK_TRUNCATE)
        return;
    struct sql_names names = {STRBUF_INIT, NULL, 0};
    for (size_t i = 0; i < st->nnames; i++) {
        if (mig_table_is_new(st, st->names[i]))
            continue;
        sql_names_add(&names, st->names[i]);
    }
    size_t n = names.n;
    if (n) {
        struct anchor at = mig_anchor(st, 0, names.first);
        rule_report(ctx, &at,
                    "delete only what must go (in batches, with a WHERE), or stop using the "
                    "table and drop it in a later release; if the data is disposable, say so in "
                    "an inline ignore with the reason",
                    "truncates %s: every row is deleted under an ACCESS EXCLUSIVE lock, the "
                    "running version loses %s data, and %s cannot bring it back",
                    names.sb.buf, n > 1 ? "their" : "its", sql_down_cmd(st->mig));
    }
    sql_names_release(&names);
}

static void check_truncate(struct rule_ctx *ctx, const struct subject *s)
{
    sql_each_up(ctx, s->mig, truncate_table);
}

#define COMPAT_NOTE                                                                                \
    "Only Up sections are checked (a Down section undoes its Up), and only existing tables: a "    \
    "table created in the same migration, or in an earlier migration of the change (after "        \
    "`migrations.released_through`, or changed since `--since`), is new, and no running code "     \
    "uses it yet."
#define NEW_COLUMN "A column added (ADD COLUMN) by the change the same way is new too."

const struct rule sql_compat_rules[] = {
    {
        .id = "sql/drop-column",
        .title = "A migration does not drop a column the running version may use",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "rollback; squawk ban-drop-column",
        .check = check_drop_column,
        .help =
            "`ALTER TABLE … DROP COLUMN` breaks the application version that is still "
            "running while the migration is applied (and the one traffic shifts back to on "
            "a rollback): its queries that name the column fail. " COMPAT_NOTE " " NEW_COLUMN "\n\n"
            "Fix: contract in two releases: first deploy a version that no longer reads or "
            "writes the column, then drop it in a migration after that release.",
    },
    {
        .id = "sql/drop-table",
        .title = "A migration does not drop a table in its Up section",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk ban-drop-table",
        .check = check_drop_table,
        .help =
            "`DROP TABLE` in an Up section breaks every running query on the table and "
            "loses its data: `goose down` cannot bring it back. A table that was retired "
            "first is not reported: renamed away by an earlier migration to a name that says "
            "so (`_old`, `_deprecated`, `_backup`, `_legacy`, `_archive`, `old_…`), or "
            "renamed away and its old name recreated (the swap: `ALTER TABLE t RENAME TO "
            "t_old; CREATE TABLE t (…); INSERT … SELECT …; DROP TABLE t_old`). " COMPAT_NOTE "\n\n"
            "Fix: contract step: release a version that no longer uses the table, then drop "
            "it in a later migration (renaming it to `*_deprecated` first keeps a way "
            "back).",
    },
    {
        .id = "sql/rename-column",
        .title = "A migration does not rename a column",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk renaming-column",
        .check = check_rename_column,
        .help = "`ALTER TABLE … RENAME [COLUMN] a TO b` is instant, and instantly breaks the "
                "running version, which still uses the old name. " COMPAT_NOTE " " NEW_COLUMN "\n\n"
                "Fix: expand/contract: add the new column, write both and backfill, switch "
                "reads to the new column, and drop the old one in a later release.",
    },
    {
        .id = "sql/rename-table",
        .title = "A migration does not rename a table",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk renaming-table",
        .check = check_rename_table,
        .help = "`ALTER TABLE … RENAME TO` breaks the running version, which still queries "
                "the old name. Not when the same migration (or a later one of the change) "
                "creates a table, view or materialized view under the old name again (the swap "
                "pattern): the name keeps working. " COMPAT_NOTE "\n\n"
                "Fix: expand/contract: create the new table (or rename it and leave a view "
                "under the old name), move reads and writes over, and drop the old name in a "
                "later release.",
    },
    {
        .id = "sql/change-column-type",
        .title = "A migration does not change a column's type in place",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk changing-column-type",
        .check = check_change_type,
        .help = "`ALTER COLUMN … TYPE` (or `SET DATA TYPE`) rewrites the table and its indexes "
                "under an ACCESS EXCLUSIVE lock, blocking every read and write for the duration, "
                "and the running version may not handle the new type — unless PostgreSQL can "
                "keep the stored values as they are. These changes only take the lock briefly "
                "(no rewrite, no scan) and are not reported: `varchar(n)` or `varchar` to "
                "`text`, `text` to `varchar`, `varchar(n)` to `varchar(m)` with m ≥ n, dropping "
                "a length limit (`varchar(n)` to `varchar`, `numeric(p, s)` to `numeric`), "
                "`numeric(p, s)` to `numeric(p', s)` with p' ≥ p (same scale), `varbit(n)` to a "
                "longer or unlimited `varbit`, `bit(n)` to `varbit`, a higher precision of "
                "`timestamp`, `timestamptz`, `time` and `interval`, `cidr` to `inet`, and the "
                "same type again. Everything else rewrites: `int` to `bigint`, a shorter "
                "`varchar`, a `numeric` with another scale, `char(n)` to anything, `json` to "
                "`jsonb`, arrays of another element type, any `USING` expression that computes "
                "new values. `timestamp` to `timestamptz` (and back) rewrites unless the "
                "session's TimeZone is UTC. The old type comes from the migrations that created "
                "or changed the column; when none of them is loaded, the message says the change "
                "may not rewrite. " COMPAT_NOTE "\n\n"
                "Fix: expand/contract: add a column of the new type, backfill it in batches "
                "while writing both, switch reads over, and drop the old column in a later "
                "release.",
    },
    {
        .id = "sql/add-required-column",
        .title = "A new NOT NULL column has a non-volatile DEFAULT",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk adding-required-field",
        .check = check_required_column,
        .help =
            "`ADD COLUMN … NOT NULL` without a DEFAULT fails on a table that has rows, and "
            "once it exists the running version's INSERTs that do not name the column "
            "fail. With a volatile DEFAULT (`gen_random_uuid()`, `nextval()`, a serial or "
            "identity column, or a function infralint does not know, which PostgreSQL "
            "treats as VOLATILE unless declared otherwise) PostgreSQL rewrites the whole "
            "table to fill it under an ACCESS EXCLUSIVE lock. A constant or STABLE default "
            "(`0`, `'new'`, `now()`) is stored once and is instant on PostgreSQL 11+. " COMPAT_NOTE
            "\n\n"
            "Fix: expand step: add the column nullable (or with a constant DEFAULT), "
            "release code that writes it, backfill in batches, and add NOT NULL in a later "
            "migration.",
    },
    {
        .id = "sql/set-not-null",
        .title = "SET NOT NULL is prepared by a validated CHECK constraint",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk adding-not-nullable-field",
        .check = check_set_not_null,
        .help = "`ALTER COLUMN … SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE "
                "lock, and breaks a running version that still writes rows without the column. "
                "It is not reported when an earlier statement or migration added a validated "
                "`CHECK (column IS NOT NULL)` on the table: PostgreSQL 12+ then skips the "
                "scan. " COMPAT_NOTE "\n\n"
                "Fix: once every running version writes the column: `ADD CONSTRAINT … CHECK "
                "(column IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` in a later migration, "
                "then `SET NOT NULL` and drop the check.",
    },
    {
        .id = "sql/index-not-concurrent",
        .title = "Indexes on existing tables are created and dropped CONCURRENTLY",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk require-concurrent-index-creation, require-concurrent-index-deletion",
        .check = check_index_not_concurrent,
        .help = "`CREATE INDEX` without `CONCURRENTLY` holds a SHARE lock that blocks every "
                "write to the table until the index is built; `DROP INDEX` without "
                "`CONCURRENTLY` takes an ACCESS EXCLUSIVE lock on the table. An index on a "
                "relation created in the change — a table, a partition, a materialized view, a "
                "table created `AS SELECT` — (or an index the change created) is not reported, "
                "nor `CREATE INDEX … ON ONLY` a partitioned parent (which builds nothing); on a "
                "partitioned table, where CONCURRENTLY is not supported, the message gives the "
                "per-partition recipe. CONCURRENTLY cannot run in a transaction: see "
                "`sql/concurrently-in-transaction`.\n\n"
                "Fix: `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY` in a migration of "
                "its own (goose: marked `-- +goose NO TRANSACTION`; golang-migrate: alone in its "
                "file).",
    },
    {
        .id = "sql/constraint-not-valid",
        .title = "Foreign keys and CHECK constraints are added NOT VALID, validated later",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk adding-foreign-key-constraint, constraint-missing-not-valid",
        .check = check_constraint_not_valid,
        .help = "`ADD CONSTRAINT … FOREIGN KEY` checks every row while holding a SHARE ROW "
                "EXCLUSIVE lock on both tables (writes wait); `ADD CONSTRAINT … CHECK` scans "
                "the table under an ACCESS EXCLUSIVE lock (reads wait too). With `NOT VALID` the "
                "constraint applies to new rows at once and the check of old rows moves to "
                "`VALIDATE CONSTRAINT`, which only takes a SHARE UPDATE EXCLUSIVE lock — unless "
                "it runs in the same transaction as the ADD (one goose file without `NO "
                "TRANSACTION`), which is reported too. A column added with an inline "
                "`REFERENCES` locks the referenced table SHARE ROW EXCLUSIVE until the migration "
                "commits, and with a DEFAULT every existing row is checked too. " COMPAT_NOTE "\n\n"
                "Fix: add the constraint with `NOT VALID`, then `VALIDATE CONSTRAINT` in a later "
                "migration.",
    },
    {
        .id = "sql/unique-constraint",
        .title = "UNIQUE constraints are added from an index built concurrently",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk disallowed-unique-constraint",
        .check = check_unique_constraint,
        .help = "`ADD CONSTRAINT … UNIQUE` (and `ADD COLUMN … UNIQUE`) builds the unique index "
                "while holding an ACCESS EXCLUSIVE lock on the table: every read and write "
                "waits until the whole table is indexed. `UNIQUE USING INDEX` is not "
                "reported. " COMPAT_NOTE "\n\n"
                "Fix: `CREATE UNIQUE INDEX CONCURRENTLY` in a migration of its own (goose: "
                "`-- +goose NO TRANSACTION`; golang-migrate: alone in its file), then `ALTER TABLE "
                "… ADD CONSTRAINT name UNIQUE USING INDEX index_name`.",
    },
    {
        .id = "sql/volatile-default",
        .title = "A new column's DEFAULT does not force a table rewrite",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk adding-field-with-default",
        .check = check_volatile_default,
        .help = "`ADD COLUMN … DEFAULT` a VOLATILE function — `random()`, `gen_random_uuid()`, "
                "`uuid_generate_v4()`, `clock_timestamp()`, `timeofday()`, `nextval()`, or a "
                "function infralint does not know (VOLATILE unless declared otherwise) — "
                "rewrites the whole table under an ACCESS EXCLUSIVE lock to compute a value for "
                "every row; so does a `GENERATED … STORED` column. `now()` and "
                "`CURRENT_TIMESTAMP` are STABLE: PostgreSQL 11+ stores them as a fast default. "
                "A NOT NULL column with such a default is reported as "
                "`sql/add-required-column` instead. " COMPAT_NOTE "\n\n"
                "Fix: expand step: add the column without a default, `ALTER COLUMN … SET "
                "DEFAULT` for new rows, and backfill existing rows in batches.",
    },
    {
        .id = "sql/add-primary-key",
        .title = "Primary keys on existing tables are added from an index built concurrently",
        .severity = SEV_WARNING,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "squawk adding-serial-primary-key-field",
        .check = check_add_primary_key,
        .help = "`ALTER TABLE … ADD PRIMARY KEY (…)` on a table that has rows scans the whole "
                "table (the key columns must be NOT NULL) and builds the key's unique index "
                "while holding an ACCESS EXCLUSIVE lock: every read and write waits until the "
                "whole table is indexed. `ADD CONSTRAINT … PRIMARY KEY USING INDEX` of an index "
                "built concurrently only takes the lock briefly and is not reported. A column "
                "added with an inline `PRIMARY KEY` is reported by `sql/add-required-column` "
                "(it is NOT NULL too). " COMPAT_NOTE "\n\n"
                "Fix: `CREATE UNIQUE INDEX CONCURRENTLY` on the key columns (goose: in a "
                "migration marked `-- +goose NO TRANSACTION`; golang-migrate: alone in its "
                "file), then `ALTER TABLE … ADD CONSTRAINT name PRIMARY KEY USING INDEX "
                "index_name` once the columns are NOT NULL.",
    },
    {
        .id = "sql/drop-not-null",
        .title = "Dropping NOT NULL is a contract change the running version must accept",
        .severity = SEV_NOTE,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "squawk ban-drop-not-null",
        .check = check_drop_not_null,
        .help =
            "`ALTER COLUMN … DROP NOT NULL` is instant (a brief ACCESS EXCLUSIVE lock, no "
            "scan, no rewrite) and breaks nothing by itself, but once new code writes NULL "
            "into the column, the version still running may read NULL where it expects a "
            "value. A note for the pedantic persona: most such changes are deliberate. " COMPAT_NOTE
            " " NEW_COLUMN "\n\n"
            "Fix: make sure the running version treats the column as optional before new "
            "code writes NULL into it, or record that it does in an inline ignore.",
    },
    {
        .id = "sql/truncate",
        .title = "A migration does not TRUNCATE a table in its Up section",
        .severity = SEV_ERROR,
        .kinds = KIND_MIGRATIONS,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "destructive",
        .check = check_truncate,
        .help = "`TRUNCATE` deletes every row under an ACCESS EXCLUSIVE lock; the running "
                "version loses its data and `goose down` cannot bring it back. " COMPAT_NOTE "\n\n"
                "Fix: delete only what must go (in batches, with a WHERE), or stop using the "
                "table and drop it in a later release; when the data is disposable, record that "
                "in an inline ignore with the reason.",
    },
    {0},
};
