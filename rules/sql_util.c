/* sql_util.c — helpers shared by the sql/ rules. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"

#include "infralint/util.h"
#include "sql_util.h"

void sql_each_up(struct rule_ctx *ctx, const struct mig_set *s, sql_stmt_fn *fn)
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
    return create->mig == st->mig || (st->mig->in_change && create->mig->in_change);
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
