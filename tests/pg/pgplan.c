/* pgplan.c — what the PostgreSQL suite (tests/pg/run.py) runs: the migrations infralint reads in
 * the current directory (or the paths given), split exactly as infralint splits them, and the
 * claims the sql/ rules' messages make (rules/sql_claims.c), as JSON on stdout. The configuration
 * (.infralint.yaml, searched upward) decides what belongs to the change, as for a check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "infralint/config.h"
#include "infralint/jsonw.h"
#include "infralint/migration.h"
#include "infralint/project.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "sql_claims.h"

static const char *fact(enum sql_fact f)
{
    return f == FACT_YES ? "yes" : f == FACT_NO ? "no" : f == FACT_IF_ROWS ? "if_rows" : "any";
}

static void claims(struct jsonw *w)
{
    jsonw_array(w, "claims");
    for (size_t i = 0; i < sql_nclaims; i++) {
        const struct sql_claim *c = &sql_claims[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "rule", c->rule);
        jsonw_string(w, "match", c->match);
        jsonw_string(w, "covers", c->covers);
        jsonw_string(w, "rewrite", fact(c->rewrite));
        jsonw_string(w, "lock", c->lock);
        jsonw_string(w, "scan", fact(c->scan));
        jsonw_string(w, "fails", fact(c->fails));
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* The text as goose sends it: ENVSUB placeholders replaced by the environment's values
 * (${NAME}, ${NAME:-default}, $NAME; an unset variable is empty, as in goose). */
static char *exec_text(const struct mig_stmt *st)
{
    struct strbuf sb = STRBUF_INIT;
    size_t base = st->ntoks ? st->toks[0].off : 0, at = 0, n = strlen(st->text);
    for (size_t i = 0; i < st->ntoks; i++) {
        const struct sql_token *t = &st->toks[i];
        if (t->kind != SQL_PLACEHOLDER)
            continue;
        size_t off = t->off - base;
        strbuf_add(&sb, st->text + at, off - at);
        const char *p = st->text + off + 1, *e = st->text + off + t->len;
        if (*p == '{') {
            p++;
            e--;
        }
        size_t k = 0;
        while (p + k < e && p[k] != ':' && p[k] != '-')
            k++;
        char *name = xstrndup(p, k);
        const char *v = getenv(name);
        if (!v && p + k + 2 <= e && p[k] == ':' && p[k + 1] == '-')
            strbuf_add(&sb, p + k + 2, (size_t)(e - p - k - 2));
        else if (v)
            strbuf_addstr(&sb, v);
        free(name);
        at = off + t->len;
    }
    strbuf_add(&sb, st->text + at, n - at);
    return strbuf_detach(&sb);
}

static void statement(struct jsonw *w, const struct mig_stmt *st)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "file", st->file);
    jsonw_int(w, "line", st->line);
    jsonw_int(w, "col", st->col);
    const struct sql_token *last = st->ntoks ? &st->toks[st->ntoks - 1] : NULL;
    jsonw_int(w, "end_line", last ? last->line : st->line);
    jsonw_int(w, "end_col", last ? last->col + (unsigned)last->len : st->col);
    jsonw_int(w, "query", st->query);
    jsonw_int(w, "tx", mig_stmt_tx(st));
    jsonw_string(w, "kind", mig_kind_name(st->kind));
    jsonw_string(w, "table", st->table);
    jsonw_bool(w, "table_new", mig_table_is_new(st, st->table));
    jsonw_bool(w, "concurrently", st->concurrently);
    jsonw_bool(w, "parsed", st->parsed);
    jsonw_string(w, "text", st->text);
    char *exec = exec_text(st);
    jsonw_string(w, "exec", exec);
    free(exec);
    jsonw_array(w, "actions");
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "op", mig_op_name(a->op));
        jsonw_string(w, "constraint", mig_constraint_name(a->constraint));
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

static void migration(struct jsonw *w, const struct migration *m)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "file", m->file);
    jsonw_string(w, "down_file", m->down_file);
    jsonw_string(w, "version", m->version_text);
    jsonw_string(w, "format", mig_format_name(m->format));
    jsonw_bool(w, "no_transaction", m->no_transaction);
    jsonw_bool(w, "in_change", m->in_change);
    jsonw_bool(w, "checked", m->checked);
    jsonw_string(w, "release", m->set->release_dir ? m->set->dir : NULL); /* ship together */
    jsonw_bool(w, "refused", m->nproblems > 0 || (m->format == MIG_GOOSE && !m->has_version));
    for (int sec = MIG_UP; sec <= MIG_DOWN; sec++) {
        size_t n;
        const struct mig_stmt *v = mig_section(m, sec, &n);
        jsonw_array(w, sec == MIG_UP ? "up" : "down");
        for (size_t i = 0; i < n; i++)
            statement(w, &v[i]);
        jsonw_end(w);
    }
    jsonw_end(w);
}

int main(int argc, char **argv)
{
    struct diag_list errs = {0};
    struct config cfg;
    config_init(&cfg);
    char *cpath = config_find(".");
    if (cpath)
        config_load(&cfg, cpath, &errs);
    free(cpath);
    struct project p;
    project_init(&p);
    char *dot[] = {(char *)"."};
    struct discover_opts o = {NULL};
    discover(&p, argc > 1 ? argv + 1 : dot, argc > 1 ? (size_t)argc - 1 : 1, &o, &errs);
    struct mig_history h = {cfg.has_released_through, cfg.released_through, NULL};
    mig_apply_history(&p, &h, &errs);
    struct strbuf out = STRBUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &out);
    jsonw_object(&w, NULL);
    claims(&w);
    jsonw_int(&w, "input_errors", (long long)errs.n);
    jsonw_array(&w, "sets");
    for (size_t i = 0; i < p.nmigs; i++) {
        const struct mig_set *s = p.migs[i];
        if (s->release_dir && s->prev)
            continue; /* a version directory: with the first one of its tree */
        jsonw_object(&w, NULL);
        jsonw_string(&w, "dir", s->dir);
        jsonw_array(&w, "migrations"); /* a tree's version directories in order: one sequence */
        for (const struct mig_set *t = s; t; t = t->release_dir ? t->next : NULL)
            for (size_t k = 0; k < t->n; k++)
                migration(&w, t->v[k]);
        jsonw_end(&w);
        jsonw_end(&w);
    }
    jsonw_end(&w);
    jsonw_end(&w);
    fwrite(out.buf, 1, out.len, stdout);
    putchar('\n');
    strbuf_release(&out);
    project_release(&p);
    config_release(&cfg);
    diag_release(&errs);
    return 0;
}
