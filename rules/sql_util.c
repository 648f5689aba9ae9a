/* sql_util.c — helpers shared by the sql/ rules. */
#include <stdio.h>

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
