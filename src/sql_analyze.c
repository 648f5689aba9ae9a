/* sql_analyze.c — statement kinds, target relations and ALTER TABLE clauses from tokens.
 * Not a SQL grammar: it reads the leading keywords PostgreSQL's grammar fixes for each statement
 * (CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table …) and, for ALTER
 * TABLE, splits the clauses at top-level commas and reads each clause's leading keywords. What
 * it does not recognise stays MK_OTHER / MOP_OTHER: rules never guess. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/regex.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "sql_analyze.h"

/* Statement kinds by their leading words, matched on the normalised text (anchored). */
static const struct {
    enum mig_kind kind;
    const char *name;
    const char *re;
} kinds[] = {
    {MK_CREATE_TABLE, "create_table",
     "create (?:or replace )?(?:(?:global|local) )?(?:temporary |temp |unlogged )?table\\b"},
    {MK_CREATE_INDEX, "create_index", "create (?:unique )?index\\b"},
    {MK_ALTER_TABLE, "alter_table", "alter table\\b"},
    {MK_DROP_TABLE, "drop_table", "drop table\\b"},
    {MK_DROP_INDEX, "drop_index", "drop index\\b"},
    {MK_ALTER_INDEX, "alter_index", "alter index\\b"},
    {MK_TRUNCATE, "truncate", "truncate\\b"},
    {MK_REINDEX, "reindex", "reindex\\b"},
    {MK_CREATE_VIEW, "create_view",
     "create (?:or replace )?(?:(?:temp|temporary) )?(?:recursive )?view\\b"},
    {MK_CREATE_MATVIEW, "create_materialized_view", "create materialized view\\b"},
    {MK_REFRESH_MATVIEW, "refresh_materialized_view", "refresh materialized view\\b"},
    {MK_DROP_VIEW, "drop_view", "drop (?:materialized )?view\\b"},
    {MK_CREATE_FUNCTION, "create_function", "create (?:or replace )?(?:function|procedure)\\b"},
    {MK_DROP_FUNCTION, "drop_function", "drop (?:function|procedure|routine)\\b"},
    {MK_CREATE_TRIGGER, "create_trigger", "create (?:or replace )?(?:constraint )?trigger\\b"},
    {MK_DROP_TRIGGER, "drop_trigger", "drop trigger\\b"},
    {MK_CREATE_TYPE, "create_type", "create (?:type|domain)\\b"},
    {MK_ALTER_TYPE, "alter_type", "alter (?:type|domain)\\b"},
    {MK_DROP_TYPE, "drop_type", "drop (?:type|domain)\\b"},
    {MK_CREATE_SEQUENCE, "create_sequence", "create (?:(?:temp|temporary|unlogged) )?sequence\\b"},
    {MK_ALTER_SEQUENCE, "alter_sequence", "alter sequence\\b"},
    {MK_DROP_SEQUENCE, "drop_sequence", "drop sequence\\b"},
    {MK_CREATE_EXTENSION, "create_extension", "create extension\\b"},
    {MK_DROP_EXTENSION, "drop_extension", "drop extension\\b"},
    {MK_CREATE_SCHEMA, "create_schema", "create schema\\b"},
    {MK_DROP_SCHEMA, "drop_schema", "drop schema\\b"},
    {MK_COMMENT, "comment", "comment on\\b"},
    {MK_GRANT, "grant", "grant\\b"},
    {MK_REVOKE, "revoke", "revoke\\b"},
    {MK_INSERT, "insert", "insert\\b"},
    {MK_UPDATE, "update", "update\\b"},
    {MK_DELETE, "delete", "delete\\b"},
    {MK_SELECT, "select", "select\\b"},
    {MK_WITH, "with", "with\\b"},
    {MK_DO, "do", "do\\b"},
    {MK_CALL, "call", "call\\b"},
    {MK_SET, "set", "(?:set|reset)\\b"},
    {MK_BEGIN, "begin", "(?:begin|start transaction)\\b"},
    {MK_COMMIT, "commit", "(?:commit|end)\\b"},
    {MK_ROLLBACK, "rollback", "(?:rollback|abort)\\b"},
    {MK_LOCK, "lock", "lock\\b"},
    {MK_VACUUM, "vacuum", "vacuum\\b"},
    {MK_ANALYZE, "analyze", "analy[sz]e\\b"},
    {MK_COPY, "copy", "copy\\b"},
};

struct sql_analyzer {
    struct regex *kind_re; /* one alternation: group k+1 is kinds[k] */
};

struct sql_analyzer *sql_analyzer_new(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "^(?:");
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
        strbuf_addf(&sb, "%s(%s)", k ? "|" : "", kinds[k].re);
    strbuf_addstr(&sb, ")");
    char err[160];
    struct sql_analyzer *an = xcalloc(1, sizeof(*an));
    an->kind_re = regex_new(sb.buf, 0, err, sizeof(err));
    if (!an->kind_re) {
        fprintf(stderr, "infralint: internal error: statement kind pattern: %s\n", err);
        abort();
    }
    strbuf_release(&sb);
    return an;
}

void sql_analyzer_free(struct sql_analyzer *an)
{
    if (!an)
        return;
    regex_free(an->kind_re);
    free(an);
}

const char *mig_kind_name(enum mig_kind k)
{
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
        if (kinds[i].kind == k)
            return kinds[i].name;
    return "other";
}

/* ---- names ---- */

static int plain_word(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '$'))
            return 0;
    return 1;
}

static void add_quoted(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addch(sb, '"');
        strbuf_addch(sb, *s);
    }
    strbuf_addch(sb, '"');
}

static void add_canonical(struct strbuf *sb, const struct sql_token *t)
{
    if (t->kind == SQL_QIDENT && !plain_word(t->text))
        add_quoted(sb, t->text);
    else
        strbuf_addstr(sb, t->text);
}

/* ---- a cursor over a statement's tokens ---- */

struct cur {
    const struct sql_token *t;
    size_t i, n; /* n: end of the range being read */
    struct mig_stmt *st;
    struct arena *a;
};

static const struct sql_token *tk(const struct cur *c, size_t k)
{
    return c->i + k < c->n ? &c->t[c->i + k] : NULL;
}

static int is(const struct cur *c, size_t k, const char *kw)
{
    return sql_tok_is(tk(c, k), kw);
}

static int is_p(const struct cur *c, size_t k, const char *p)
{
    return sql_tok_punct(tk(c, k), p);
}

/* Consume the keywords of a NULL-terminated sequence if all of them are next (through seq()). */
static int seq_v(struct cur *c, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    size_t k = 0;
    for (const char *w = first; w; w = va_arg(ap, const char *), k++)
        if (!is(c, k, w)) {
            va_end(ap);
            return 0;
        }
    va_end(ap);
    c->i += k;
    return 1;
}

/* seq(c, "not", "null"): the keywords, terminated with a null pointer of the right type. */
#define seq(c, ...) seq_v((c), __VA_ARGS__, (const char *)NULL)

static int is_name_tok(const struct sql_token *t)
{
    return t && (t->kind == SQL_IDENT || t->kind == SQL_QIDENT || t->kind == SQL_PLACEHOLDER);
}

/* One name part; adjacent placeholder/word runs (`${SCHEMA}orders`) are one part. */
static int part(struct cur *c, struct strbuf *sb)
{
    const struct sql_token *t = tk(c, 0);
    if (!is_name_tok(t))
        return 0;
    add_canonical(sb, t);
    c->i++;
    while (is_name_tok(tk(c, 0)) && tk(c, 0)->off == t->off + t->len &&
           (t->kind == SQL_PLACEHOLDER || tk(c, 0)->kind == SQL_PLACEHOLDER)) {
        t = tk(c, 0);
        add_canonical(sb, t);
        c->i++;
    }
    return 1;
}

/* A possibly qualified name (a.b.c); NULL when the next token is not a name. */
static const char *name(struct cur *c)
{
    struct strbuf sb = STRBUF_INIT;
    if (!part(c, &sb))
        return NULL;
    while (is_p(c, 0, ".") && is_name_tok(tk(c, 1))) {
        c->i++;
        strbuf_addch(&sb, '.');
        part(c, &sb);
    }
    const char *s = arena_strndup(c->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return s;
}

/* A single unqualified name (a column). */
static const char *word(struct cur *c)
{
    struct strbuf sb = STRBUF_INIT;
    if (!part(c, &sb))
        return NULL;
    const char *s = arena_strndup(c->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return s;
}

static void add_name(struct cur *c, const char *n)
{
    struct mig_stmt *st = c->st;
    const char **v = arena_alloc(c->a, (st->nnames + 1) * sizeof(*v));
    if (st->nnames)
        memcpy(v, st->names, st->nnames * sizeof(*v));
    v[st->nnames++] = n;
    st->names = v;
}

/* Tokens [from, to) as written (a token's source text; one space where the source had space or
 * comments between two tokens). */
static const char *src_slice(const struct cur *c, size_t from, size_t to)
{
    const struct mig_stmt *st = c->st;
    if (from >= to)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t base = st->toks[0].off;
    for (size_t i = from; i < to; i++) {
        const struct sql_token *t = &st->toks[i];
        if (i > from && t->off > st->toks[i - 1].off + st->toks[i - 1].len)
            strbuf_addch(&sb, ' ');
        strbuf_add(&sb, st->text + (t->off - base), t->len);
    }
    const char *s = arena_strndup(c->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return s;
}

/* Skip a parenthesised group starting at the cursor (which is on "(" or "["). */
static void skip_group(struct cur *c)
{
    int depth = 0;
    while (c->i < c->n) {
        const struct sql_token *t = tk(c, 0);
        c->i++;
        if (sql_tok_punct(t, "(") || sql_tok_punct(t, "["))
            depth++;
        else if ((sql_tok_punct(t, ")") || sql_tok_punct(t, "]")) && --depth <= 0)
            return;
    }
}

/* ---- volatility of an expression ---- */

/* VOLATILE functions of PostgreSQL and its common extensions (pg_proc.provolatile = 'v'). */
static const char *const volatile_fns[] = {
    "random",
    "random_normal",
    "setseed",
    "gen_random_uuid",
    "gen_random_bytes",
    "gen_salt",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "currval",
    "lastval",
    "setval",
    "txid_current",
    "pg_current_xact_id",
    "dblink",
    "pg_advisory_lock",
};

/* STABLE or IMMUTABLE functions used in defaults, and words that look like calls but are
 * syntax or type names (array[…], cast(… as …), varchar(10)). */
static const char *const stable_fns[] = {
    "now",
    "statement_timestamp",
    "transaction_timestamp",
    "current_timestamp",
    "localtimestamp",
    "current_time",
    "localtime",
    "current_date",
    "current_setting",
    "current_schema",
    "lower",
    "upper",
    "btrim",
    "ltrim",
    "rtrim",
    "trim",
    "concat",
    "concat_ws",
    "replace",
    "substring",
    "substr",
    "left",
    "right",
    "length",
    "char_length",
    "md5",
    "sha256",
    "encode",
    "decode",
    "format",
    "to_char",
    "to_timestamp",
    "to_date",
    "to_number",
    "to_json",
    "to_jsonb",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
    "json_object",
    "jsonb_object",
    "array_to_json",
    "row_to_json",
    "array_fill",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "date_trunc",
    "date_part",
    "timezone",
    "abs",
    "round",
    "floor",
    "ceil",
    "ceiling",
    "power",
    "sqrt",
    "mod",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    /* syntax and type names */
    "cast",
    "array",
    "row",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "extract",
    "position",
    "overlay",
    "exists",
    "any",
    "all",
    "some",
    "values",
    "interval",
    "varchar",
    "char",
    "character",
    "varying",
    "numeric",
    "decimal",
    "float",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "bit",
    "varbit",
    "in",
    "and",
    "or",
    "not",
    "is",
    "case",
    "when",
    "then",
    "else",
    "filter",
    "over",
    "within",
    "collate",
    "at",
    "like",
    "ilike",
    "similar",
    "between",
};

static int in_list(const char *s, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, l[i]))
            return 1;
    return 0;
}

/* Volatility of tokens [from, to); *fn set to the volatile or unknown function called. */
static enum mig_volatility volatility(const struct cur *c, size_t from, size_t to, const char **fn)
{
    enum mig_volatility v = from < to ? MVOL_STABLE : MVOL_NONE;
    *fn = NULL;
    for (size_t i = from; i + 1 < to; i++) {
        const struct sql_token *t = &c->t[i];
        if ((t->kind != SQL_IDENT && t->kind != SQL_QIDENT) || !sql_tok_punct(&c->t[i + 1], "("))
            continue;
        const struct sql_token *prev = i > from ? &c->t[i - 1] : NULL;
        if (sql_tok_punct(prev, "::") || sql_tok_is(prev, "as"))
            continue; /* a type with modifiers: '…'::varchar(10), cast(x as numeric(10,2)) */
        if (in_list(t->text, volatile_fns, ARRAY_SIZE(volatile_fns))) {
            *fn = t->text;
            return MVOL_VOLATILE;
        }
        if (t->kind == SQL_IDENT && in_list(t->text, stable_fns, ARRAY_SIZE(stable_fns)))
            continue;
        if (v != MVOL_UNKNOWN) {
            v = MVOL_UNKNOWN;
            *fn = t->text;
        }
    }
    return v;
}

/* ---- ALTER TABLE ---- */

static int is_serial(const char *type)
{
    static const char *const serials[] = {"serial",  "bigserial", "smallserial",
                                          "serial2", "serial4",   "serial8"};
    return in_list(type, serials, ARRAY_SIZE(serials));
}

/* Words that start a column constraint (and so end a column's type). */
static int column_constraint_word(const struct sql_token *t)
{
    static const char *const w[] = {"constraint", "not",       "null",       "check",
                                    "default",    "generated", "unique",     "primary",
                                    "references", "collate",   "deferrable", "initially"};
    return t && t->kind == SQL_IDENT && in_list(t->text, w, ARRAY_SIZE(w));
}

/* Does the DEFAULT expression end at token k (depth 0)? first: k is its first token. */
static int default_ends(const struct cur *c, size_t k, int first)
{
    const struct sql_token *t = &c->t[k];
    if (t->kind != SQL_IDENT)
        return 0;
    if (sql_tok_is(t, "null"))
        return !first;
    if (sql_tok_is(t, "not"))
        return k + 1 < c->n &&
               (sql_tok_is(&c->t[k + 1], "null") || sql_tok_is(&c->t[k + 1], "deferrable"));
    return column_constraint_word(t);
}

static void add_column(struct cur *c, struct mig_action *a)
{
    a->op = MOP_ADD_COLUMN;
    a->column = word(c);
    size_t type_from = c->i;
    int depth = 0;
    while (c->i < c->n) {
        const struct sql_token *t = tk(c, 0);
        if (sql_tok_punct(t, "(") || sql_tok_punct(t, "["))
            depth++;
        else if (sql_tok_punct(t, ")") || sql_tok_punct(t, "]"))
            depth--;
        else if (depth == 0 && column_constraint_word(t))
            break;
        c->i++;
    }
    a->type = src_slice(c, type_from, c->i);
    if (type_from < c->i && c->t[type_from].kind == SQL_IDENT && is_serial(c->t[type_from].text)) {
        a->not_null = a->has_default = a->identity = 1;
        a->vol = MVOL_VOLATILE;
        a->function = "nextval";
    }
    while (c->i < c->n) {
        if (seq(c, "not", "null")) {
            a->not_null = 1;
        } else if (seq(c, "primary", "key")) {
            a->not_null = 1;
        } else if (seq(c, "default")) {
            size_t from = c->i;
            depth = 0;
            while (c->i < c->n) {
                const struct sql_token *t = tk(c, 0);
                if (sql_tok_punct(t, "(") || sql_tok_punct(t, "["))
                    depth++;
                else if (sql_tok_punct(t, ")") || sql_tok_punct(t, "]"))
                    depth--;
                else if (depth == 0 && default_ends(c, c->i, c->i == from))
                    break;
                c->i++;
            }
            a->default_sql = src_slice(c, from, c->i);
            int is_null = c->i == from + 1 && sql_tok_is(&c->t[from], "null");
            if (!is_null && from < c->i) {
                a->has_default = 1;
                a->vol = volatility(c, from, c->i, &a->function);
            }
        } else if (seq(c, "generated")) {
            while (c->i < c->n && !is_p(c, 0, "(") && !is(c, 0, "identity"))
                c->i++;
            if (is(c, 0, "identity")) {
                a->identity = a->not_null = a->has_default = 1;
                a->vol = MVOL_VOLATILE;
                a->function = "nextval";
                c->i++;
            } else if (is_p(c, 0, "(")) {
                size_t e0 = c->i;
                skip_group(c);
                a->generated = 1;
                a->vol = volatility(c, e0, c->i, &a->function);
            }
        } else if (seq(c, "references")) {
            a->references = 1;
        } else if (seq(c, "unique")) {
            a->unique = 1;
        } else if (is_p(c, 0, "(") || is_p(c, 0, "[")) {
            skip_group(c);
        } else {
            c->i++;
        }
    }
}

static void table_constraint(struct cur *c, struct mig_action *a)
{
    a->op = MOP_ADD_CONSTRAINT;
    if (seq(c, "constraint"))
        a->name = word(c);
    if (seq(c, "check")) {
        a->constraint = MCON_CHECK;
        /* CHECK (col IS NOT NULL): the step before SET NOT NULL */
        if (is_p(c, 0, "(") && is_name_tok(tk(c, 1)) && is(c, 2, "is") && is(c, 3, "not") &&
            is(c, 4, "null") && is_p(c, 5, ")")) {
            c->i++;
            a->column = word(c);
        }
    } else if (seq(c, "unique"))
        a->constraint = MCON_UNIQUE;
    else if (seq(c, "primary", "key"))
        a->constraint = MCON_PRIMARY_KEY;
    else if (seq(c, "foreign", "key"))
        a->constraint = MCON_FOREIGN_KEY;
    else if (seq(c, "exclude"))
        a->constraint = MCON_EXCLUDE;
    else if (seq(c, "not", "null"))
        a->constraint = MCON_NOT_NULL;
    while (c->i < c->n) {
        if (is_p(c, 0, "(") || is_p(c, 0, "["))
            skip_group(c);
        else if (seq(c, "using", "index"))
            a->using_index = 1;
        else if (seq(c, "not", "valid") || seq(c, "not", "enforced"))
            a->not_valid = 1;
        else
            c->i++;
    }
}

static int starts_table_constraint(const struct cur *c)
{
    return is(c, 0, "constraint") || is(c, 0, "check") || is(c, 0, "unique") ||
           (is(c, 0, "primary") && is(c, 1, "key")) || (is(c, 0, "foreign") && is(c, 1, "key")) ||
           is(c, 0, "exclude");
}

/* One ALTER TABLE clause: tokens [c->i, c->n). */
static void clause(struct cur *c, struct mig_action *a)
{
    a->tok = c->i;
    if (seq(c, "add")) {
        int column_kw = seq(c, "column");
        if (seq(c, "if", "not", "exists"))
            a->if_not_exists = 1;
        if (!column_kw && starts_table_constraint(c))
            table_constraint(c, a);
        else
            add_column(c, a);
    } else if (seq(c, "drop")) {
        if (seq(c, "constraint")) {
            a->op = MOP_DROP_CONSTRAINT;
            a->if_exists = seq(c, "if", "exists");
            a->name = word(c);
        } else {
            seq(c, "column");
            a->op = MOP_DROP_COLUMN;
            a->if_exists = seq(c, "if", "exists");
            a->column = word(c);
        }
    } else if (seq(c, "alter")) {
        if (is(c, 0, "constraint"))
            return;
        seq(c, "column");
        a->column = word(c);
        if (seq(c, "type") || seq(c, "set", "data", "type")) {
            a->op = MOP_ALTER_TYPE;
            size_t from = c->i;
            while (c->i < c->n && !is(c, 0, "using") && !is(c, 0, "collate"))
                c->i++;
            a->type = src_slice(c, from, c->i);
        } else if (seq(c, "set", "not", "null")) {
            a->op = MOP_SET_NOT_NULL;
        } else if (seq(c, "drop", "not", "null")) {
            a->op = MOP_DROP_NOT_NULL;
        } else if (seq(c, "set", "default")) {
            a->op = MOP_SET_DEFAULT;
            a->default_sql = src_slice(c, c->i, c->n);
            a->vol = volatility(c, c->i, c->n, &a->function);
        } else if (seq(c, "drop", "default")) {
            a->op = MOP_DROP_DEFAULT;
        }
    } else if (seq(c, "validate", "constraint")) {
        a->op = MOP_VALIDATE_CONSTRAINT;
        a->name = word(c);
    } else if (seq(c, "rename")) {
        if (seq(c, "to")) {
            a->op = MOP_RENAME_TABLE;
            a->name = name(c);
        } else if (seq(c, "constraint")) {
            a->op = MOP_RENAME_CONSTRAINT;
            a->column = NULL;
            word(c);
            seq(c, "to");
            a->name = word(c);
        } else {
            seq(c, "column");
            a->op = MOP_RENAME_COLUMN;
            a->column = word(c);
            seq(c, "to");
            a->name = word(c);
        }
    } else if (seq(c, "set", "schema")) {
        a->op = MOP_SET_SCHEMA;
        a->name = word(c);
    } else if (seq(c, "attach", "partition")) {
        a->op = MOP_ATTACH_PARTITION;
        a->name = name(c);
    } else if (seq(c, "detach", "partition")) {
        a->op = MOP_DETACH_PARTITION;
        a->name = name(c);
        a->concurrently = seq(c, "concurrently");
    }
}

static void alter_table(struct cur *c)
{
    struct mig_stmt *st = c->st;
    seq(c, "alter", "table");
    if (is(c, 0, "all") && is(c, 1, "in"))
        return; /* ALTER TABLE ALL IN TABLESPACE */
    st->if_exists = seq(c, "if", "exists");
    st->only = seq(c, "only");
    st->table = name(c);
    if (!st->table)
        return;
    if (is_p(c, 0, "*"))
        c->i++;
    /* clauses, split at top-level commas */
    size_t n = 0;
    for (size_t k = c->i, depth = 0; k < st->ntoks; k++) {
        const struct sql_token *t = &st->toks[k];
        if (sql_tok_punct(t, "(") || sql_tok_punct(t, "["))
            depth++;
        else if ((sql_tok_punct(t, ")") || sql_tok_punct(t, "]")) && depth)
            depth--;
        else if (!depth && sql_tok_punct(t, ","))
            n++;
    }
    st->actions = arena_alloc(c->a, (n + 1) * sizeof(*st->actions));
    size_t end = st->ntoks;
    while (c->i < end) {
        size_t from = c->i, to = from;
        for (size_t depth = 0; to < end; to++) {
            const struct sql_token *t = &st->toks[to];
            if (sql_tok_punct(t, "(") || sql_tok_punct(t, "["))
                depth++;
            else if ((sql_tok_punct(t, ")") || sql_tok_punct(t, "]")) && depth)
                depth--;
            else if (!depth && sql_tok_punct(t, ","))
                break;
        }
        struct cur sub = *c;
        sub.i = from;
        sub.n = to;
        if (st->nactions <= n)
            clause(&sub, &st->actions[st->nactions++]);
        c->i = to < end ? to + 1 : to;
    }
}

/* ---- other statements ---- */

static void create_table(struct cur *c)
{
    while (c->i < c->n && !is(c, 0, "table"))
        c->i++;
    seq(c, "table");
    c->st->if_not_exists = seq(c, "if", "not", "exists");
    c->st->table = name(c);
    for (int depth = 0; c->i < c->n; c->i++) { /* PARTITION BY after the column list */
        if (is_p(c, 0, "(") || is_p(c, 0, "["))
            depth++;
        else if (is_p(c, 0, ")") || is_p(c, 0, "]"))
            depth--;
        else if (!depth && is(c, 0, "partition") && is(c, 1, "by"))
            c->st->partitioned = 1;
    }
}

static void create_index(struct cur *c)
{
    struct mig_stmt *st = c->st;
    seq(c, "create");
    st->unique = seq(c, "unique");
    seq(c, "index");
    st->concurrently = seq(c, "concurrently");
    st->if_not_exists = seq(c, "if", "not", "exists");
    if (!is(c, 0, "on"))
        st->index = name(c);
    if (seq(c, "on")) {
        st->only = seq(c, "only");
        st->table = name(c);
    }
}

/* A comma-separated list of names: DROP TABLE/INDEX, TRUNCATE. */
static void name_list(struct cur *c, int only_words)
{
    while (c->i < c->n) {
        if (only_words)
            seq(c, "only");
        const char *n = name(c);
        if (!n)
            break;
        add_name(c, n);
        if (!c->st->table)
            c->st->table = n;
        if (is_p(c, 0, "*"))
            c->i++;
        if (!is_p(c, 0, ","))
            break;
        c->i++;
    }
}

static void drop_table(struct cur *c)
{
    seq(c, "drop", "table");
    c->st->if_exists = seq(c, "if", "exists");
    name_list(c, 0);
}

static void drop_index(struct cur *c)
{
    struct mig_stmt *st = c->st;
    seq(c, "drop", "index");
    st->concurrently = seq(c, "concurrently");
    st->if_exists = seq(c, "if", "exists");
    name_list(c, 0);
    st->table = NULL;
    st->index = st->nnames ? st->names[0] : NULL;
}

static void alter_index(struct cur *c)
{
    struct mig_stmt *st = c->st;
    seq(c, "alter", "index");
    st->if_exists = seq(c, "if", "exists");
    st->index = name(c);
    if (st->index && seq(c, "rename", "to")) {
        st->actions = arena_alloc(c->a, sizeof(*st->actions));
        st->actions[0].op = MOP_RENAME_TABLE;
        st->actions[0].tok = c->i - 2;
        st->actions[0].name = name(c);
        st->nactions = 1;
    }
}

static void truncate_stmt(struct cur *c)
{
    seq(c, "truncate");
    seq(c, "table");
    name_list(c, 1);
}

static void reindex(struct cur *c)
{
    for (size_t k = 0; k < c->n; k++)
        if (sql_tok_is(&c->t[k], "concurrently"))
            c->st->concurrently = 1;
}

/* ---- the normalised text ---- */

static void normalise(struct mig_stmt *st, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    size_t *at = arena_alloc(a, (st->ntoks + 1) * sizeof(*at));
    for (size_t i = 0; i < st->ntoks; i++) {
        const struct sql_token *t = &st->toks[i];
        int dot = sql_tok_punct(t, ".") || (i && sql_tok_punct(&st->toks[i - 1], "."));
        if (i && !dot)
            strbuf_addch(&sb, ' ');
        at[i] = sb.len;
        switch (t->kind) {
        case SQL_STRING:
        case SQL_DOLLAR: strbuf_addstr(&sb, "'?'"); break;
        case SQL_QIDENT: add_quoted(&sb, t->text); break;
        default: strbuf_addstr(&sb, t->text); break;
        }
    }
    at[st->ntoks] = sb.len;
    st->sql = arena_strndup(a, sb.buf, sb.len);
    st->tok_at = at;
    strbuf_release(&sb);
}

void sql_analyze(struct sql_analyzer *an, struct mig_stmt *st, struct arena *a)
{
    normalise(st, a);
    struct regex_span g[ARRAY_SIZE(kinds) + 1];
    st->kind = MK_OTHER;
    if (regex_find(an->kind_re, st->sql, strlen(st->sql), 0, g, ARRAY_SIZE(g)) == 1)
        for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
            if (g[k + 1].start != REGEX_UNSET) {
                st->kind = kinds[k].kind;
                break;
            }
    struct cur c = {.t = st->toks, .i = 0, .n = st->ntoks, .st = st, .a = a};
    switch (st->kind) {
    case MK_CREATE_TABLE: create_table(&c); break;
    case MK_ALTER_TABLE: alter_table(&c); break;
    case MK_DROP_TABLE: drop_table(&c); break;
    case MK_CREATE_INDEX: create_index(&c); break;
    case MK_DROP_INDEX: drop_index(&c); break;
    case MK_ALTER_INDEX: alter_index(&c); break;
    case MK_TRUNCATE: truncate_stmt(&c); break;
    case MK_REINDEX: reindex(&c); break;
    default: break;
    }
}
