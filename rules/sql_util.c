/* sql_util.c — helpers shared by the sql/ rules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"

#include "infralint/util.h"
#include "sql_util.h"

int sql_postgres(struct rule_ctx *ctx, const struct mig_set *s)
{
    if (s->dialect == MIG_POSTGRES || s->dialect == MIG_DIALECT_AUTO)
        return 1;
    char *why = xstrfmt("recognised as %s from %s: sql/syntax and the lock, rewrite and "
                        "backfill rules judge PostgreSQL and were not applied (the goose file, "
                        "rollback, drop and rename rules were); set migrations.dialect in "
                        ".infralint.yaml if this is wrong",
                        mig_dialect_name(s->dialect), s->dialect_why ? s->dialect_why : "?");
    rule_skip_note(ctx, s->dir, "PostgreSQL rules", why);
    free(why);
    return 0;
}

void sql_each_up(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn)
{
    if (sql_postgres(ctx, s))
        sql_each_up_any(ctx, s, fn);
}

void sql_each_up_any(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct migration *m = s->v[i];
        if (!m->checked)
            continue;
        size_t n;
        const struct mig_stmt *up = mig_section(m, MIG_UP, &n);
        for (size_t k = 0; k < n; k++)
            fn(ctx, &up[k]);
    }
}

void sql_each_stmt(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn)
{
    if (!sql_postgres(ctx, s))
        return;
    for (size_t i = 0; i < s->n; i++) {
        const struct migration *m = s->v[i];
        for (size_t k = 0; m->checked && k < m->nstmts; k++)
            fn(ctx, &m->stmts[k]);
    }
}

int sql_existing_table(const struct mig_stmt *st)
{
    return st->table && !mig_table_is_new(st, st->table);
}

const char *sql_down_cmd(const struct migration *m)
{
    return m->format == MIG_GOOSE            ? "goose down"
           : m->format == MIG_GOLANG_MIGRATE ? "migrate down"
                                             : "a rollback";
}

const char *sql_path(char *buf, size_t n, const char *table, const char *column)
{
    if (column)
        snprintf(buf, n, "%s.%s", table ? table : "?", column);
    else
        snprintf(buf, n, "%s", table ? table : "?");
    return buf;
}

int sql_retired(const struct mig_rel *r, const struct mig_stmt *st)
{
    if (!r || !r->retired || !r->renamed)
        return 0;
    return r->recreated || r->renamed->mig != st->mig;
}

int sql_recreated(const struct mig_stmt *st, const struct mig_stmt *create)
{
    if (!create)
        return 0;
    return mig_same_release(create->mig, st->mig) || (st->mig->in_change && create->mig->in_change);
}

const char *sql_alone(const struct migration *m)
{
    return m->format == MIG_GOOSE ? "in a migration of its own marked '-- +goose NO TRANSACTION'"
           : m->format == MIG_GOLANG_MIGRATE
               ? "alone in a migration file of its own (golang-migrate sends a file in one "
                 "query, which PostgreSQL runs as one transaction when it holds several "
                 "statements)"
               : "outside any transaction block";
}

const char *sql_fix(struct rule_ctx *ctx, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    const char *s = arena_strndup(rule_arena(ctx), sb.buf, sb.len);
    strbuf_release(&sb);
    return s;
}

int sql_copies_from(const struct mig_stmt *st, const char *name)
{
    if ((st->kind != MK_INSERT && !(st->kind == MK_CREATE_TABLE && st->as_select)) || !name)
        return 0;
    int select = 0;
    for (size_t i = 0; i < st->ntoks; i++) {
        const struct sql_token *t = &st->toks[i];
        if (sql_tok_is(t, "select"))
            select = 1;
        else if (select && (t->kind == SQL_IDENT || t->kind == SQL_QIDENT) &&
                 mig_name_eq(t->text, name))
            return 1;
    }
    return 0;
}

/* Does st put rows into table name: INSERT INTO name …, or CREATE TABLE name AS …? */
static int fills(const struct mig_stmt *st, const char *name)
{
    if (st->kind == MK_CREATE_TABLE)
        return st->as_select && st->table && mig_name_eq(st->table, name);
    if (st->kind != MK_INSERT || st->ntoks < 3 || !sql_tok_is(&st->toks[1], "into"))
        return 0;
    size_t k = st->ntoks > 4 && sql_tok_punct(&st->toks[3], ".") ? 4 : 2; /* schema.name */
    return mig_name_eq(st->toks[k].text, name);
}

int sql_filled(const struct migration *m, const char *name)
{
    size_t n;
    const struct mig_stmt *up = mig_section(m, MIG_UP, &n);
    for (size_t i = 0; i < n; i++)
        if (fills(&up[i], name))
            return 1;
    return 0;
}

/* Does a statement PostgreSQL's grammar rejected (MySQL, SQLite) read CREATE [TEMP] TABLE
 * [IF NOT EXISTS] name, by its tokens? */
static int tokens_create(const struct mig_stmt *st, const char *name)
{
    const struct sql_token *t = st->toks;
    size_t n = st->ntoks, i = 1;
    if (st->parsed || n < 3 || !sql_tok_is(&t[0], "create"))
        return 0;
    if (sql_tok_is(&t[i], "temp") || sql_tok_is(&t[i], "temporary"))
        i++;
    if (i >= n || !sql_tok_is(&t[i++], "table"))
        return 0;
    if (i + 2 < n && sql_tok_is(&t[i], "if") && sql_tok_is(&t[i + 1], "not") &&
        sql_tok_is(&t[i + 2], "exists"))
        i += 3;
    while (i < n && t[i].kind == SQL_OP && strchr(t[i].text, '`'))
        i++; /* `name` */
    if (i + 2 < n && sql_tok_punct(&t[i + 1], "."))
        i += 2;
    return i < n && (t[i].kind == SQL_IDENT || t[i].kind == SQL_QIDENT) &&
           mig_name_eq(t[i].text, name);
}

int sql_created_unparsed(const struct mig_stmt *st, const char *name)
{
    size_t n;
    const struct mig_stmt *up = mig_section(st->mig, MIG_UP, &n);
    for (size_t i = 0; i < n && up[i].nth < st->nth; i++)
        if (name && tokens_create(&up[i], name))
            return 1;
    return 0;
}

int sql_existing_any(const struct mig_stmt *st)
{
    return sql_existing_table(st) && !sql_created_unparsed(st, st->table);
}

/* Does st establish name: CREATE TABLE name, or a RENAME TO name? */
static int names_table(const struct mig_stmt *st, const char *name)
{
    if (tokens_create(st, name))
        return 1;
    if (st->kind == MK_CREATE_TABLE)
        return st->table && mig_name_eq(st->table, name);
    if (st->kind != MK_ALTER_TABLE)
        return 0;
    for (size_t i = 0; i < st->nactions; i++)
        if (st->actions[i].op == MOP_RENAME_TABLE && st->actions[i].name &&
            mig_name_eq(st->actions[i].name, name))
            return 1;
    return 0;
}

const struct mig_stmt *sql_recreated_after(const struct mig_stmt *drop, const char *name,
                                           int *copied)
{
    size_t n;
    const struct mig_stmt *up = mig_section(drop->mig, MIG_UP, &n);
    *copied = 0;
    for (size_t i = 0; i < n; i++) {
        if (&up[i] == drop)
            continue;
        if (up[i].nth < drop->nth)
            *copied |= sql_copies_from(&up[i], name);
        else if (names_table(&up[i], name))
            return &up[i];
    }
    return NULL;
}

int sql_rebuilt(const struct mig_stmt *drop, const char *name)
{
    int copied;
    return sql_recreated_after(drop, name, &copied) && copied;
}

int sql_swap_filled(const struct mig_stmt *st, const struct mig_action *a)
{
    const struct mig_stmt *create = a->recreated;
    if (!create || !a->name)
        return 0;
    size_t n;
    const struct mig_stmt *up = mig_section(create->mig, MIG_UP, &n);
    for (size_t i = 0; i < n; i++)
        if (sql_copies_from(&up[i], a->name) || sql_copies_from(&up[i], st->table))
            return 1;
    return 0;
}

int sql_column_rebuilt(const struct mig_stmt *st, const struct mig_action *drop)
{
    const struct migration *m = st->mig;
    for (size_t i = st->nth + 1; i < m->nstmts && m->stmts[i].section == MIG_UP; i++) {
        const struct mig_stmt *o = &m->stmts[i];
        if (o->kind != MK_ALTER_TABLE || !mig_name_eq(o->table, st->table))
            continue;
        for (size_t k = 0; k < o->nactions; k++) {
            const struct mig_action *a = &o->actions[k];
            if (a->op == MOP_RENAME_COLUMN && a->name && drop->column &&
                !strcmp(a->name, drop->column) && mig_action_column_is_new(o, a))
                return 1;
        }
    }
    return 0;
}

void sql_names_add(struct sql_names *l, const char *name)
{
    strbuf_addf(&l->sb, "%s%s", l->n ? ", " : "", name);
    l->first = l->first ? l->first : name;
    l->n++;
}

void sql_names_release(struct sql_names *l)
{
    strbuf_release(&l->sb);
}
