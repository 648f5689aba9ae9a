/* mig_dialect.c — which SQL dialect a migration directory is written for. goose and
 * golang-migrate run MySQL and SQLite migrations as well as PostgreSQL ones, and the sql/ rules
 * that judge PostgreSQL's grammar, locks and rewrites say nothing true about the others. The
 * evidence: the directory's name (db_mysql, sqlite3, mariadb), or tokens only those dialects
 * have, counted per statement from the scanner's tokens (never inside strings or comments):
 * backquoted identifiers, AUTO_INCREMENT, ENGINE=, AUTOINCREMENT, WITHOUT ROWID, INSERT OR …,
 * PRAGMA, types PostgreSQL has not (DATETIME, TINYINT, UNSIGNED, …). A directory stays PostgreSQL
 * unless at least two statements carry such evidence and they outnumber twice the statements that
 * carry PostgreSQL's own (dollar quotes, `::` casts, serial, jsonb, timestamptz, CONCURRENTLY,
 * plpgsql): one odd statement decides nothing. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/migration.h"
#include "infralint/project.h"
#include "infralint/util.h"

const char *mig_dialect_name(enum mig_dialect d)
{
    switch (d) {
    case MIG_POSTGRES: return "PostgreSQL";
    case MIG_MYSQL: return "MySQL";
    case MIG_SQLITE: return "SQLite";
    case MIG_NOT_POSTGRES: return "MySQL or SQLite";
    default: return "auto";
    }
}

enum mig_dialect mig_dialect_parse(const char *word, int *ok)
{
    static const struct {
        const char *w;
        enum mig_dialect d;
    } words[] = {{"auto", MIG_DIALECT_AUTO},   {"postgres", MIG_POSTGRES},
                 {"postgresql", MIG_POSTGRES}, {"mysql", MIG_MYSQL},
                 {"mariadb", MIG_MYSQL},       {"sqlite", MIG_SQLITE},
                 {"sqlite3", MIG_SQLITE}};
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        if (word && !strcmp(word, words[i].w)) {
            *ok = 1;
            return words[i].d;
        }
    *ok = 0;
    return MIG_DIALECT_AUTO;
}

/* What one statement shows. */
enum {
    EV_BACKQUOTE,
    EV_AUTO_INCREMENT,
    EV_ENGINE,
    EV_AUTOINCREMENT,
    EV_WITHOUT_ROWID,
    EV_INSERT_OR,
    EV_PRAGMA,
    EV_TYPE,
    EV_PG,
    EV_ANY,
    EV_N
};

static const char *const ev_text[EV_N] = {"backquoted identifiers",
                                          "AUTO_INCREMENT",
                                          "ENGINE=",
                                          "AUTOINCREMENT",
                                          "WITHOUT ROWID",
                                          "INSERT OR …",
                                          "PRAGMA",
                                          "types PostgreSQL lacks (DATETIME, TINYINT, UNSIGNED, …)",
                                          "PostgreSQL syntax",
                                          ""};

/* 1 if t is an unquoted word of w. */
static int word_in(const struct sql_token *t, const char *const *w, size_t n)
{
    if (t->kind != SQL_IDENT)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t->text, w[i]))
            return 1;
    return 0;
}

/* A word only PostgreSQL has. */
static int pg_word(const struct sql_token *t)
{
    static const char *const w[] = {"serial",  "bigserial", "smallserial",  "timestamptz",
                                    "plpgsql", "tsvector",  "concurrently", "bytea",
                                    "inet",    "regclass"};
    return word_in(t, w, ARRAY_SIZE(w));
}

/* A type name MySQL and SQLite read and PostgreSQL has not. */
static int foreign_type(const struct sql_token *t)
{
    static const char *const w[] = {"datetime", "tinyint",  "mediumint", "tinytext", "mediumtext",
                                    "longtext", "tinyblob", "longblob",  "unsigned", "nvarchar"};
    return word_in(t, w, ARRAY_SIZE(w));
}

static void scan_stmt(const struct mig_stmt *st, unsigned *counts)
{
    int seen[EV_N] = {0};
    const struct sql_token *t = st->toks;
    size_t n = st->ntoks;
    if (n && sql_tok_is(&t[0], "pragma"))
        seen[EV_PRAGMA] = 1;
    if (n > 1 && (sql_tok_is(&t[0], "insert") || sql_tok_is(&t[0], "replace")) &&
        sql_tok_is(&t[1], "or"))
        seen[EV_INSERT_OR] = 1;
    for (size_t i = 0; i < n; i++) {
        if ((t[i].kind == SQL_OTHER || t[i].kind == SQL_OP) && strchr(t[i].text, '`'))
            seen[EV_BACKQUOTE] = 1;
        else if (sql_tok_is(&t[i], "auto_increment"))
            seen[EV_AUTO_INCREMENT] = 1;
        else if (sql_tok_is(&t[i], "autoincrement"))
            seen[EV_AUTOINCREMENT] = 1;
        else if (sql_tok_is(&t[i], "engine") && i + 1 < n && sql_tok_punct(&t[i + 1], "="))
            seen[EV_ENGINE] = 1;
        else if (sql_tok_is(&t[i], "without") && i + 1 < n && sql_tok_is(&t[i + 1], "rowid"))
            seen[EV_WITHOUT_ROWID] = 1;
        else if (foreign_type(&t[i]))
            seen[EV_TYPE] = 1;
        else if (t[i].kind == SQL_DOLLAR || sql_tok_punct(&t[i], "::") || pg_word(&t[i]))
            seen[EV_PG] = 1;
    }
    for (int e = 0; e < EV_PG; e++)
        seen[EV_ANY] |= seen[e];
    for (int e = 0; e < EV_N; e++)
        counts[e] += (unsigned)seen[e];
}

/* The dialect a directory name says (one of its last three components), or AUTO. */
static enum mig_dialect dir_dialect(const char *dir, char *word, size_t n)
{
    const char *end = dir + strlen(dir);
    for (int comp = 0; comp < 3 && end > dir; comp++) {
        while (end > dir && end[-1] == '/')
            end--;
        const char *b = end;
        while (b > dir && b[-1] != '/')
            b--;
        char c[128];
        size_t len = (size_t)(end - b) < sizeof(c) - 1 ? (size_t)(end - b) : sizeof(c) - 1;
        for (size_t i = 0; i < len; i++)
            c[i] = (char)tolower((unsigned char)b[i]);
        c[len] = 0;
        enum mig_dialect d = strstr(c, "sqlite")                          ? MIG_SQLITE
                             : strstr(c, "mysql") || strstr(c, "mariadb") ? MIG_MYSQL
                             : strstr(c, "postgres") || !strcmp(c, "pg") || !strcmp(c, "pgsql")
                                 ? MIG_POSTGRES
                                 : MIG_DIALECT_AUTO;
        if (d != MIG_DIALECT_AUTO) {
            snprintf(word, n, "%.*s", (int)(end - b), b);
            return d;
        }
        end = b;
    }
    return MIG_DIALECT_AUTO;
}

static void detect(struct mig_set *s)
{
    char word[128], why[512];
    enum mig_dialect d = dir_dialect(s->dir, word, sizeof(word));
    s->dialect = MIG_POSTGRES;
    s->dialect_why = NULL;
    if (d != MIG_DIALECT_AUTO) {
        s->dialect = d;
        snprintf(why, sizeof(why), "the directory name '%s'", word);
        s->dialect_why = arena_strdup(s->arena, why);
        return;
    }
    unsigned counts[EV_N] = {0}, total = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->v[i]->nstmts; k++, total++)
            scan_stmt(&s->v[i]->stmts[k], counts);
    unsigned mysql = counts[EV_AUTO_INCREMENT] + counts[EV_ENGINE];
    unsigned sqlite = counts[EV_AUTOINCREMENT] + counts[EV_WITHOUT_ROWID] + counts[EV_INSERT_OR] +
                      counts[EV_PRAGMA];
    unsigned other = counts[EV_ANY]; /* statements with any such evidence */
    if (other < 2 || other <= 2 * counts[EV_PG])
        return;
    s->dialect = sqlite > mysql ? MIG_SQLITE : mysql ? MIG_MYSQL : MIG_NOT_POSTGRES;
    size_t len = 0;
    for (int e = 0; e < EV_PG && len < sizeof(why) - 80; e++) {
        if (!counts[e])
            continue;
        int w = snprintf(why + len, sizeof(why) - len, "%s%s in %u statement%s", len ? ", " : "",
                         ev_text[e], counts[e], counts[e] == 1 ? "" : "s");
        len += w > 0 ? (size_t)w : 0;
    }
    snprintf(why + len, sizeof(why) - len, " (of %u; %u with PostgreSQL-only syntax)", total,
             counts[EV_PG]);
    s->dialect_why = arena_strdup(s->arena, why);
}

void mig_detect_dialects(struct project *p, enum mig_dialect forced)
{
    for (size_t i = 0; i < p->nmigs; i++) {
        struct mig_set *s = p->migs[i];
        if (forced == MIG_DIALECT_AUTO) {
            detect(s);
        } else {
            s->dialect = forced;
            s->dialect_why = "the configuration (migrations.dialect)";
        }
    }
}
