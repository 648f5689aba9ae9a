/* sql_analyze.c — what one statement does, read from PostgreSQL's parse tree.
 * The statement's text (ENVSUB placeholders and ${VAR} templates masked by text of the same
 * length, so that offsets stay the file's) goes through libpg_query; kinds, names, flags, types,
 * defaults and WHERE clauses come from the tree. Tokens only give positions: the tree's byte
 * locations are mapped back to them, and an ALTER TABLE clause starts where the lexical split at
 * top-level commas says (the grammar's list of commands is that same comma-separated list). A
 * statement the grammar rejects keeps kind MK_OTHER and carries the syntax error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "sql_analyze.h"
#include "sql_parse.h"

struct sql_analyzer {
    int unused;
};

struct sql_analyzer *sql_analyzer_new(void)
{
    return xcalloc(1, sizeof(struct sql_analyzer));
}

void sql_analyzer_free(struct sql_analyzer *an)
{
    if (!an)
        return;
    free(an);
}

static const struct {
    enum mig_kind kind;
    const char *name;
} kind_names[] = {
    {MK_CREATE_TABLE, "create_table"},
    {MK_CREATE_INDEX, "create_index"},
    {MK_ALTER_TABLE, "alter_table"},
    {MK_DROP_TABLE, "drop_table"},
    {MK_DROP_INDEX, "drop_index"},
    {MK_ALTER_INDEX, "alter_index"},
    {MK_TRUNCATE, "truncate"},
    {MK_REINDEX, "reindex"},
    {MK_CREATE_VIEW, "create_view"},
    {MK_CREATE_MATVIEW, "create_materialized_view"},
    {MK_REFRESH_MATVIEW, "refresh_materialized_view"},
    {MK_DROP_VIEW, "drop_view"},
    {MK_CREATE_FUNCTION, "create_function"},
    {MK_DROP_FUNCTION, "drop_function"},
    {MK_CREATE_TRIGGER, "create_trigger"},
    {MK_DROP_TRIGGER, "drop_trigger"},
    {MK_CREATE_TYPE, "create_type"},
    {MK_ALTER_TYPE, "alter_type"},
    {MK_DROP_TYPE, "drop_type"},
    {MK_CREATE_SEQUENCE, "create_sequence"},
    {MK_ALTER_SEQUENCE, "alter_sequence"},
    {MK_DROP_SEQUENCE, "drop_sequence"},
    {MK_CREATE_EXTENSION, "create_extension"},
    {MK_DROP_EXTENSION, "drop_extension"},
    {MK_CREATE_SCHEMA, "create_schema"},
    {MK_DROP_SCHEMA, "drop_schema"},
    {MK_COMMENT, "comment"},
    {MK_GRANT, "grant"},
    {MK_REVOKE, "revoke"},
    {MK_INSERT, "insert"},
    {MK_UPDATE, "update"},
    {MK_DELETE, "delete"},
    {MK_SELECT, "select"},
    {MK_WITH, "with"},
    {MK_DO, "do"},
    {MK_CALL, "call"},
    {MK_SET, "set"},
    {MK_BEGIN, "begin"},
    {MK_COMMIT, "commit"},
    {MK_ROLLBACK, "rollback"},
    {MK_LOCK, "lock"},
    {MK_VACUUM, "vacuum"},
    {MK_ANALYZE, "analyze"},
    {MK_COPY, "copy"},
    {MK_ALTER_VIEW, "alter_view"},
};

const char *mig_kind_name(enum mig_kind k)
{
    for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++)
        if (kind_names[i].kind == k)
            return kind_names[i].name;
    return "other";
}

/* ---- the statement being analysed ---- */

/* A placeholder replaced for the parser: its filler text and what the source says. */
struct mask {
    const char *filler;
    const char *orig;
    size_t off, len; /* in the statement's text */
    int blank;       /* read as nothing (it stands for keywords, or for nothing at all) */
};

struct an {
    struct mig_stmt *st;
    struct arena *a;
    size_t base; /* file offset of the statement's text */
    struct mask *masks;
    size_t nmasks;
};

/* The index of the token at (or the last one before) file offset off. */
static size_t tok_at_off(const struct an *an, size_t off)
{
    const struct mig_stmt *st = an->st;
    size_t lo = 0, hi = st->ntoks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->toks[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The token at a tree location (a byte offset in the text), or def when there is none. */
static size_t tok_at_loc(const struct an *an, long long loc, size_t def)
{
    if (loc < 0 || !an->st->ntoks)
        return def;
    return tok_at_off(an, an->base + (size_t)loc);
}

static size_t node_tok(const struct an *an, const struct pgn *n, size_t def)
{
    const struct pgn *l = pgn_get(n, "location");
    return l ? tok_at_loc(an, l->i, def) : def;
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

/* One identifier, canonical (quoted unless it is a plain lowercase word), placeholders put
 * back as the source has them. */
static void add_ident(const struct an *an, struct strbuf *sb, const char *s)
{
    size_t from = sb->len;
    if (plain_word(s))
        strbuf_addstr(sb, s);
    else
        add_quoted(sb, s);
    for (size_t m = 0; m < an->nmasks; m++) {
        const struct mask *k = &an->masks[m];
        if (k->blank)
            continue;
        char *hit;
        while ((hit = strstr(sb->buf + from, k->filler))) {
            size_t at = (size_t)(hit - sb->buf);
            struct strbuf rest = STRBUF_INIT;
            strbuf_addstr(&rest, hit + k->len);
            strbuf_setlen(sb, at);
            strbuf_add(sb, k->orig, k->len);
            strbuf_add(sb, rest.buf, rest.len);
            strbuf_release(&rest);
            from = at + k->len;
        }
    }
}

static const char *ident(const struct an *an, const char *s)
{
    if (!s)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    add_ident(an, &sb, s);
    const char *r = arena_strndup(an->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return r;
}

/* A RangeVar: [schema.]relation. */
static const char *rv_name(const struct an *an, const struct pgn *rv)
{
    const char *rel = pgn_str(rv, "relname");
    if (!rel)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    const char *cat = pgn_str(rv, "catalogname"), *sch = pgn_str(rv, "schemaname");
    if (cat) {
        add_ident(an, &sb, cat);
        strbuf_addch(&sb, '.');
    }
    if (sch) {
        add_ident(an, &sb, sch);
        strbuf_addch(&sb, '.');
    }
    add_ident(an, &sb, rel);
    const char *r = arena_strndup(an->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return r;
}

/* A list of String nodes (DROP objects, qualified names): a.b.c. */
static const char *list_name(const struct an *an, const struct pgn *list)
{
    const struct pgn *const *v = list ? list->items : NULL;
    size_t n = list && list->kind == PGN_LIST ? list->n : 0;
    if (pgn_is(list, "List"))
        n = pgn_list(list, "items", &v);
    if (!n)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *s = pgn_sval(v[i]);
        if (!s)
            continue;
        if (sb.len)
            strbuf_addch(&sb, '.');
        add_ident(an, &sb, s);
    }
    const char *r = sb.len ? arena_strndup(an->a, sb.buf, sb.len) : NULL;
    strbuf_release(&sb);
    return r;
}

static void add_name(const struct an *an, const char *n)
{
    struct mig_stmt *st = an->st;
    if (!n)
        return;
    const char **v = arena_alloc(an->a, (st->nnames + 1) * sizeof(*v));
    if (st->nnames)
        memcpy(v, st->names, st->nnames * sizeof(*v));
    v[st->nnames++] = n;
    st->names = v;
    if (!st->table)
        st->table = n;
}

/* Tokens [from, to) as written (one space where the source had space or comments). */
static const char *src_slice(const struct an *an, size_t from, size_t to)
{
    const struct mig_stmt *st = an->st;
    if (from >= to || to > st->ntoks)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = from; i < to; i++) {
        const struct sql_token *t = &st->toks[i];
        if (i > from && t->off > st->toks[i - 1].off + st->toks[i - 1].len)
            strbuf_addch(&sb, ' ');
        strbuf_add(&sb, st->text + (t->off - an->base), t->len);
    }
    const char *s = arena_strndup(an->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return s;
}

/* ---- types ---- */

/* A type's (or domain's) name from the list under key: canonical, pg_catalog. left out; NULL
 * when there is none. */
static const char *type_name(const struct an *an, const struct pgn *tn, const char *key)
{
    const struct pgn *const *names;
    size_t n = pgn_list(tn, key, &names);
    if (!n)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t first = n > 1 && pgn_sval(names[0]) && !strcmp(pgn_sval(names[0]), "pg_catalog");
    for (size_t i = first; i < n; i++) {
        const char *s = pgn_sval(names[i]);
        if (!s)
            continue;
        if (sb.len)
            strbuf_addch(&sb, '.');
        add_ident(an, &sb, s);
    }
    const char *name = arena_strndup(an->a, sb.buf, sb.len);
    strbuf_release(&sb);
    return name;
}

static void read_type(const struct an *an, const struct pgn *tn, struct mig_type *t)
{
    memset(t, 0, sizeof(*t));
    if (!(t->name = type_name(an, tn, "names")))
        return;
    const struct pgn *const *mods;
    size_t nm = pgn_list(tn, "typmods", &mods);
    for (size_t i = 0; i < nm && i < 2; i++) {
        const struct pgn *iv = pgn_get(mods[i], "ival");
        t->mods[i] = (long)pgn_int(iv, "ival");
        t->nmods++;
    }
    const struct pgn *const *dims;
    t->array = (int)pgn_list(tn, "arrayBounds", &dims);
}

const char *mig_type_str(const struct mig_type *t, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "%s", t && t->name ? t->name : "?");
    if (t && t->nmods && k < n)
        k += (size_t)snprintf(buf + k, n - k, t->nmods == 2 ? "(%ld,%ld)" : "(%ld)", t->mods[0],
                              t->mods[1]);
    for (int i = 0; t && i < t->array && k + 2 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "[]");
    return buf;
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

/* STABLE or IMMUTABLE functions seen in column defaults. */
static const char *const stable_fns[] = {
    "now",
    "statement_timestamp",
    "transaction_timestamp",
    "current_setting",
    "current_schema",
    "lower",
    "upper",
    "btrim",
    "ltrim",
    "rtrim",
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
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "jsonb_typeof",
    "json_typeof",
    "extract",
    "position",
    "overlay",
    "normalize",
    "pg_collation_for",
    "lpad",
    "rpad",
    "split_part",
    "regexp_replace",
};

static int in_list(const char *s, const char *const *l, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(s, l[i]))
            return 1;
    return 0;
}

struct vol {
    enum mig_volatility v;
    const char *fn;
    int unknown;
};

static int vol_visit(const struct pgn *n, void *arg)
{
    struct vol *v = arg;
    if (!pgn_is(n, "FuncCall"))
        return 0;
    const char *f = pgn_last_name(n, "funcname");
    if (in_list(f, volatile_fns, ARRAY_SIZE(volatile_fns))) {
        v->v = MVOL_VOLATILE;
        v->fn = f;
        return 1;
    }
    if (!in_list(f, stable_fns, ARRAY_SIZE(stable_fns))) {
        if (v->v != MVOL_UNKNOWN || (v->fn && f && strcmp(v->fn, f)))
            v->unknown++;
        if (v->v != MVOL_UNKNOWN) {
            v->v = MVOL_UNKNOWN;
            v->fn = f;
        }
    }
    return 0;
}

static enum mig_volatility volatility(const struct an *an, const struct pgn *expr, const char **fn,
                                      int *unknown)
{
    struct vol v = {expr ? MVOL_STABLE : MVOL_NONE, NULL, 0};
    pgn_walk(expr, vol_visit, &v);
    *unknown = v.unknown;
    *fn = v.fn ? arena_strdup(an->a, v.fn) : NULL; /* the tree is freed after the statement */
    return v.v;
}

/* ---- clauses ---- */

static int is_serial(const char *type)
{
    static const char *const serials[] = {"serial",  "bigserial", "smallserial",
                                          "serial2", "serial4",   "serial8"};
    return in_list(type, serials, ARRAY_SIZE(serials));
}

static int is_null_const(const struct pgn *e)
{
    return pgn_is(e, "A_Const") && pgn_int(e, "isnull");
}

/* The token range of a clause: [from, to). */
struct span {
    size_t from, to;
};

/* The first token at or after from whose start is at tree location loc (or to). */
static size_t loc_tok(const struct an *an, const struct pgn *n, struct span sp)
{
    size_t k = node_tok(an, n, sp.to);
    return k < sp.from ? sp.from : k > sp.to ? sp.to : k;
}

/* A column definition (ADD COLUMN, CREATE TABLE's columns) into a. */
static void column_def(const struct an *an, const struct pgn *cd, struct mig_action *a,
                       struct span sp)
{
    a->op = MOP_ADD_COLUMN;
    a->column = ident(an, pgn_str(cd, "colname"));
    const struct pgn *tn = pgn_get(cd, "typeName");
    read_type(an, tn, &a->new_type);
    const struct pgn *const *cons;
    size_t ncons = pgn_list(cd, "constraints", &cons);
    size_t type_from = loc_tok(an, tn, sp), type_to = sp.to;
    const struct pgn *coll = pgn_get(cd, "collClause");
    if (coll)
        type_to = loc_tok(an, coll, sp);
    for (size_t i = 0; i < ncons; i++) {
        size_t k = loc_tok(an, cons[i], sp);
        if (pgn_get(cons[i], "location") && k > type_from && k < type_to)
            type_to = k;
    }
    a->type = src_slice(an, type_from, type_to);
    if (is_serial(a->new_type.name)) {
        a->not_null = a->has_default = a->identity = 1;
        a->vol = MVOL_VOLATILE;
        a->function = "nextval";
    }
    for (size_t i = 0; i < ncons; i++) {
        const struct pgn *c = cons[i];
        const char *ct = pgn_str(c, "contype");
        if (!ct)
            continue;
        if (!strcmp(ct, "CONSTR_NOTNULL")) {
            a->not_null = 1;
        } else if (!strcmp(ct, "CONSTR_PRIMARY")) {
            a->not_null = a->primary_key = 1;
        } else if (!strcmp(ct, "CONSTR_UNIQUE")) {
            a->unique = 1;
        } else if (!strcmp(ct, "CONSTR_FOREIGN")) {
            a->references = 1;
            a->ref_table = rv_name(an, pgn_get(c, "pktable"));
            a->not_valid = (int)pgn_int(c, "skip_validation");
        } else if (!strcmp(ct, "CONSTR_DEFAULT")) {
            const struct pgn *e = pgn_get(c, "raw_expr");
            size_t from = loc_tok(an, e, sp), to = sp.to;
            for (size_t k = i + 1; k < ncons; k++)
                if (pgn_get(cons[k], "location")) {
                    to = loc_tok(an, cons[k], sp);
                    break;
                }
            if (coll && loc_tok(an, coll, sp) > from && loc_tok(an, coll, sp) < to)
                to = loc_tok(an, coll, sp);
            a->default_sql = src_slice(an, from, to);
            if (e && !is_null_const(e)) {
                a->has_default = 1;
                a->vol = volatility(an, e, &a->function, &a->unknown_calls);
            }
        } else if (!strcmp(ct, "CONSTR_IDENTITY")) {
            a->identity = a->not_null = a->has_default = 1;
            a->vol = MVOL_VOLATILE;
            a->function = "nextval";
        } else if (!strcmp(ct, "CONSTR_GENERATED")) {
            a->generated = 1;
            a->vol = volatility(an, pgn_get(c, "raw_expr"), &a->function, &a->unknown_calls);
        }
    }
}

/* CHECK (col IS NOT NULL): the column, else NULL. */
static const char *not_null_check(const struct an *an, const struct pgn *e)
{
    if (!pgn_is(e, "NullTest") ||
        strcmp(pgn_str(e, "nulltesttype") ? pgn_str(e, "nulltesttype") : "", "IS_NOT_NULL"))
        return NULL;
    const struct pgn *cr = pgn_get(e, "arg");
    const struct pgn *const *f;
    if (!pgn_is(cr, "ColumnRef") || pgn_list(cr, "fields", &f) != 1)
        return NULL;
    return ident(an, pgn_sval(f[0]));
}

static void table_constraint(const struct an *an, const struct pgn *c, struct mig_action *a)
{
    a->op = MOP_ADD_CONSTRAINT;
    a->name = ident(an, pgn_str(c, "conname"));
    const char *ct = pgn_str(c, "contype");
    ct = ct ? ct : "";
    if (!strcmp(ct, "CONSTR_CHECK")) {
        a->constraint = MCON_CHECK;
        a->column = not_null_check(an, pgn_get(c, "raw_expr"));
    } else if (!strcmp(ct, "CONSTR_UNIQUE")) {
        a->constraint = MCON_UNIQUE;
    } else if (!strcmp(ct, "CONSTR_PRIMARY")) {
        a->constraint = MCON_PRIMARY_KEY;
    } else if (!strcmp(ct, "CONSTR_FOREIGN")) {
        a->constraint = MCON_FOREIGN_KEY;
        a->ref_table = rv_name(an, pgn_get(c, "pktable"));
    } else if (!strcmp(ct, "CONSTR_EXCLUSION")) {
        a->constraint = MCON_EXCLUDE;
    } else if (!strcmp(ct, "CONSTR_NOTNULL")) {
        a->constraint = MCON_NOT_NULL;
    }
    a->not_valid = (int)pgn_int(c, "skip_validation");
    const char *idx = pgn_str(c, "indexname");
    if (idx) {
        a->using_index = 1;
        a->index_name = ident(an, idx);
    }
}

/* USING that only names the column (or casts it to the new type) changes nothing by itself. */
static int trivial_using(const struct pgn *e, const char *column)
{
    if (!e)
        return 1;
    if (pgn_is(e, "TypeCast"))
        e = pgn_get(e, "arg");
    const struct pgn *const *f;
    size_t n = pgn_is(e, "ColumnRef") ? pgn_list(e, "fields", &f) : 0;
    return n && column && pgn_sval(f[n - 1]) && !strcmp(pgn_sval(f[n - 1]), column);
}

static void alter_cmd(const struct an *an, const struct pgn *cmd, struct mig_action *a,
                      struct span sp)
{
    const char *sub = pgn_str(cmd, "subtype");
    const struct pgn *def = pgn_get(cmd, "def");
    const char *name = pgn_str(cmd, "name");
    a->if_exists = (int)pgn_int(cmd, "missing_ok");
    sub = sub ? sub : "";
    if (!strcmp(sub, "AT_AddColumn")) {
        column_def(an, def, a, sp);
        a->if_not_exists = (int)pgn_int(cmd, "missing_ok");
        a->if_exists = 0;
    } else if (!strcmp(sub, "AT_DropColumn")) {
        a->op = MOP_DROP_COLUMN;
        a->column = ident(an, name);
    } else if (!strcmp(sub, "AT_AlterColumnType")) {
        a->op = MOP_ALTER_TYPE;
        a->column = ident(an, name);
        const struct pgn *tn = pgn_get(def, "typeName");
        read_type(an, tn, &a->new_type);
        size_t from = loc_tok(an, tn, sp), to = sp.to;
        for (size_t k = from; k < sp.to; k++)
            if (sql_tok_is(&an->st->toks[k], "using") || sql_tok_is(&an->st->toks[k], "collate")) {
                to = k;
                break;
            }
        a->type = src_slice(an, from, to);
        a->using_expr = !trivial_using(pgn_get(def, "raw_default"), name);
    } else if (!strcmp(sub, "AT_SetNotNull")) {
        a->op = MOP_SET_NOT_NULL;
        a->column = ident(an, name);
    } else if (!strcmp(sub, "AT_DropNotNull")) {
        a->op = MOP_DROP_NOT_NULL;
        a->column = ident(an, name);
    } else if (!strcmp(sub, "AT_ColumnDefault")) {
        a->column = ident(an, name);
        if (def) {
            a->op = MOP_SET_DEFAULT;
            a->default_sql = src_slice(an, loc_tok(an, def, sp), sp.to);
            a->vol = volatility(an, def, &a->function, &a->unknown_calls);
            a->has_default = !is_null_const(def);
        } else {
            a->op = MOP_DROP_DEFAULT;
        }
    } else if (!strcmp(sub, "AT_AddConstraint")) {
        table_constraint(an, def, a);
    } else if (!strcmp(sub, "AT_DropConstraint")) {
        a->op = MOP_DROP_CONSTRAINT;
        a->name = ident(an, name);
    } else if (!strcmp(sub, "AT_ValidateConstraint")) {
        a->op = MOP_VALIDATE_CONSTRAINT;
        a->name = ident(an, name);
    } else if (!strcmp(sub, "AT_AttachPartition") || !strcmp(sub, "AT_DetachPartition")) {
        a->op = sub[3] == 'A' ? MOP_ATTACH_PARTITION : MOP_DETACH_PARTITION;
        a->name = rv_name(an, pgn_get(def, "name"));
        a->concurrently = (int)pgn_int(def, "concurrent");
    }
}

/* The clauses of an ALTER TABLE: token spans split at top-level commas, from the token after
 * the relation's name. */
static size_t clause_spans(const struct an *an, size_t from, struct span *out, size_t max)
{
    const struct mig_stmt *st = an->st;
    size_t n = 0, depth = 0, start = from;
    for (size_t k = from; k <= st->ntoks && n < max; k++) {
        const struct sql_token *t = k < st->ntoks ? &st->toks[k] : NULL;
        if (t && (sql_tok_punct(t, "(") || sql_tok_punct(t, "[")))
            depth++;
        else if (t && (sql_tok_punct(t, ")") || sql_tok_punct(t, "]")) && depth)
            depth--;
        else if (!t || (!depth && sql_tok_punct(t, ","))) {
            out[n].from = start;
            out[n].to = k;
            n++;
            start = k + 1;
        }
    }
    return n;
}

/* The token after a relation name starting at tree location of rv ("s"."t" *). */
static size_t after_name(const struct an *an, const struct pgn *rv)
{
    const struct mig_stmt *st = an->st;
    size_t k = node_tok(an, rv, 0);
    while (k < st->ntoks) {
        enum sql_tok kd = st->toks[k].kind;
        if (kd != SQL_IDENT && kd != SQL_QIDENT && kd != SQL_PLACEHOLDER)
            break;
        k++;
        if (k < st->ntoks && sql_tok_punct(&st->toks[k], "."))
            k++;
        else if (k < st->ntoks &&
                 (st->toks[k].kind == SQL_IDENT || st->toks[k].kind == SQL_PLACEHOLDER) &&
                 st->toks[k].off == st->toks[k - 1].off + st->toks[k - 1].len)
            continue; /* ${SCHEMA}orders */
        else
            break;
    }
    if (k < st->ntoks && sql_tok_punct(&st->toks[k], "*"))
        k++;
    return k;
}

static void alter_table(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const struct pgn *rv = pgn_get(s, "relation");
    const char *obj = pgn_str(s, "objtype");
    obj = obj ? obj : "OBJECT_TABLE";
    st->kind = !strcmp(obj, "OBJECT_INDEX")                                    ? MK_ALTER_INDEX
               : !strcmp(obj, "OBJECT_VIEW") || !strcmp(obj, "OBJECT_MATVIEW") ? MK_ALTER_VIEW
               : !strcmp(obj, "OBJECT_TABLE")                                  ? MK_ALTER_TABLE
                                                                               : MK_OTHER;
    if (st->kind == MK_OTHER)
        return;
    st->if_exists = (int)pgn_int(s, "missing_ok");
    st->only = rv && !pgn_int(rv, "inh");
    if (st->kind == MK_ALTER_INDEX)
        st->index = rv_name(an, rv);
    else
        st->table = rv_name(an, rv);
    const struct pgn *const *cmds;
    size_t n = pgn_list(s, "cmds", &cmds);
    if (!n)
        return;
    struct span *sp = xcalloc(n, sizeof(*sp));
    size_t ns = clause_spans(an, after_name(an, rv), sp, n);
    st->actions = arena_alloc(an->a, n * sizeof(*st->actions));
    for (size_t i = 0; i < n; i++) {
        struct span c = i < ns && ns == n ? sp[i] : (struct span){0, st->ntoks};
        st->actions[i].tok = c.from;
        alter_cmd(an, cmds[i], &st->actions[i], c);
    }
    st->nactions = n;
    free(sp);
}

static void one_action(struct an *an, enum mig_op op, size_t tok)
{
    struct mig_stmt *st = an->st;
    st->actions = arena_alloc(an->a, sizeof(*st->actions));
    st->actions[0].op = op;
    st->actions[0].tok = tok;
    st->nactions = 1;
}

/* The token of keyword kw at or after from (for positions of clauses the tree does not
 * locate). */
static size_t find_kw(const struct an *an, size_t from, const char *kw)
{
    for (size_t k = from; k < an->st->ntoks; k++)
        if (sql_tok_is(&an->st->toks[k], kw))
            return k;
    return from;
}

static void rename_stmt(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const char *rt = pgn_str(s, "renameType"), *rel = pgn_str(s, "relationType");
    const struct pgn *rv = pgn_get(s, "relation");
    rt = rt ? rt : "";
    st->if_exists = (int)pgn_int(s, "missing_ok");
    const char *newname = ident(an, pgn_str(s, "newname"));
    size_t tok = find_kw(an, after_name(an, rv), "rename");
    if (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_FOREIGN_TABLE")) {
        st->kind = MK_ALTER_TABLE;
        st->table = rv_name(an, rv);
        one_action(an, MOP_RENAME_TABLE, tok);
        st->actions[0].name = newname;
    } else if (!strcmp(rt, "OBJECT_VIEW") || !strcmp(rt, "OBJECT_MATVIEW")) {
        st->kind = MK_ALTER_VIEW;
        st->table = rv_name(an, rv);
        one_action(an, MOP_RENAME_TABLE, tok);
        st->actions[0].name = newname;
    } else if (!strcmp(rt, "OBJECT_INDEX")) {
        st->kind = MK_ALTER_INDEX;
        st->index = rv_name(an, rv);
        one_action(an, MOP_RENAME_TABLE, tok);
        st->actions[0].name = newname;
    } else if (!strcmp(rt, "OBJECT_COLUMN") && rel && !strcmp(rel, "OBJECT_TABLE")) {
        st->kind = MK_ALTER_TABLE;
        st->table = rv_name(an, rv);
        one_action(an, MOP_RENAME_COLUMN, tok);
        st->actions[0].column = ident(an, pgn_str(s, "subname"));
        st->actions[0].name = newname;
    } else if (!strcmp(rt, "OBJECT_TABCONSTRAINT")) {
        st->kind = MK_ALTER_TABLE;
        st->table = rv_name(an, rv);
        one_action(an, MOP_RENAME_CONSTRAINT, tok);
        st->actions[0].name = newname;
    } else if (!strcmp(rt, "OBJECT_COLUMN")) {
        st->kind = MK_ALTER_VIEW;
        st->table = rv_name(an, rv);
    } else {
        st->kind = MK_OTHER;
    }
}

static void create_table(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const struct pgn *rv = pgn_get(s, "relation");
    st->kind = MK_CREATE_TABLE;
    st->table = rv_name(an, rv);
    st->if_not_exists = (int)pgn_int(s, "if_not_exists");
    st->partitioned = pgn_get(s, "partspec") != NULL;
    const struct pgn *const *inh;
    if (pgn_get(s, "partbound") && pgn_list(s, "inhRelations", &inh))
        st->parent = rv_name(an, inh[0]);
    const struct pgn *const *el;
    size_t n = pgn_list(s, "tableElts", &el);
    if (!n)
        return;
    st->actions = arena_alloc(an->a, n * sizeof(*st->actions));
    for (size_t i = 0; i < n; i++) {
        struct mig_action *a = &st->actions[st->nactions];
        size_t from = node_tok(an, el[i], 0), to = st->ntoks;
        for (size_t k = i + 1; k < n; k++)
            if (pgn_get(el[k], "location")) {
                to = node_tok(an, el[k], st->ntoks);
                break;
            }
        struct span sp = {from, to};
        a->tok = from;
        if (pgn_is(el[i], "ColumnDef")) {
            column_def(an, el[i], a, sp);
            st->nactions++;
        } else if (pgn_is(el[i], "Constraint")) {
            table_constraint(an, el[i], a);
            st->nactions++;
        }
    }
}

static void create_index(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const struct pgn *rv = pgn_get(s, "relation");
    st->kind = MK_CREATE_INDEX;
    st->unique = (int)pgn_int(s, "unique");
    st->concurrently = (int)pgn_int(s, "concurrent");
    st->if_not_exists = (int)pgn_int(s, "if_not_exists");
    st->index = ident(an, pgn_str(s, "idxname"));
    st->table = rv_name(an, rv);
    st->only = rv && !pgn_int(rv, "inh");
}

static void drop_stmt(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const char *rt = pgn_str(s, "removeType");
    rt = rt ? rt : "";
    static const struct {
        const char *type;
        enum mig_kind kind;
    } map[] = {
        {"OBJECT_TABLE", MK_DROP_TABLE},       {"OBJECT_INDEX", MK_DROP_INDEX},
        {"OBJECT_VIEW", MK_DROP_VIEW},         {"OBJECT_MATVIEW", MK_DROP_VIEW},
        {"OBJECT_FUNCTION", MK_DROP_FUNCTION}, {"OBJECT_PROCEDURE", MK_DROP_FUNCTION},
        {"OBJECT_ROUTINE", MK_DROP_FUNCTION},  {"OBJECT_TRIGGER", MK_DROP_TRIGGER},
        {"OBJECT_TYPE", MK_DROP_TYPE},         {"OBJECT_DOMAIN", MK_DROP_TYPE},
        {"OBJECT_SEQUENCE", MK_DROP_SEQUENCE}, {"OBJECT_EXTENSION", MK_DROP_EXTENSION},
        {"OBJECT_SCHEMA", MK_DROP_SCHEMA},
    };
    st->kind = MK_OTHER;
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (!strcmp(map[i].type, rt))
            st->kind = map[i].kind;
    st->if_exists = (int)pgn_int(s, "missing_ok");
    st->concurrently = (int)pgn_int(s, "concurrent");
    if (st->kind != MK_DROP_TABLE && st->kind != MK_DROP_INDEX && st->kind != MK_DROP_VIEW)
        return;
    const struct pgn *const *obj;
    size_t n = pgn_list(s, "objects", &obj);
    for (size_t i = 0; i < n; i++)
        add_name(an, list_name(an, obj[i]));
    if (st->kind == MK_DROP_INDEX) {
        st->index = st->nnames ? st->names[0] : NULL;
        st->table = NULL;
    }
}

static void truncate_stmt(struct an *an, const struct pgn *s)
{
    an->st->kind = MK_TRUNCATE;
    const struct pgn *const *rels;
    size_t n = pgn_list(s, "relations", &rels);
    for (size_t i = 0; i < n; i++)
        add_name(an, rv_name(an, rels[i]));
}

/* ---- UPDATE and DELETE ---- */

static int constant(const struct pgn *e)
{
    if (pgn_is(e, "TypeCast"))
        e = pgn_get(e, "arg");
    return pgn_is(e, "A_Const") || pgn_is(e, "ParamRef");
}

static int constants(const struct pgn *list)
{
    const struct pgn *const *v = NULL;
    size_t n = pgn_is(list, "List")          ? pgn_list(list, "items", &v)
               : pgn_is(list, "A_ArrayExpr") ? pgn_list(list, "elements", &v)
                                             : 0;
    for (size_t i = 0; i < n; i++)
        if (!constant(v[i]))
            return 0;
    return n > 0;
}

/* Does a conjunct pin rows by constants? */
static int narrow(const struct pgn *e)
{
    if (pgn_is(e, "CurrentOfExpr"))
        return 1;
    if (pgn_is(e, "BoolExpr")) {
        const char *op = pgn_str(e, "boolop");
        if (!op || strcmp(op, "AND_EXPR"))
            return 0;
        const struct pgn *const *args;
        size_t n = pgn_list(e, "args", &args);
        for (size_t i = 0; i < n; i++)
            if (narrow(args[i]))
                return 1;
        return 0;
    }
    if (!pgn_is(e, "A_Expr"))
        return 0;
    const char *kind = pgn_str(e, "kind"), *op = pgn_last_name(e, "name");
    const struct pgn *l = pgn_get(e, "lexpr"), *r = pgn_get(e, "rexpr");
    if (!kind || !op || strcmp(op, "="))
        return 0;
    if (pgn_is(r, "ColumnRef") && !pgn_is(l, "ColumnRef")) {
        const struct pgn *t = l;
        l = r;
        r = t;
    }
    if (!pgn_is(l, "ColumnRef"))
        return 0;
    if (!strcmp(kind, "AEXPR_OP"))
        return constant(r);
    if (!strcmp(kind, "AEXPR_IN") || !strcmp(kind, "AEXPR_OP_ANY"))
        return constants(r);
    return 0;
}

static void update_delete(struct an *an, const struct pgn *s, enum mig_kind kind)
{
    struct mig_stmt *st = an->st;
    st->kind = kind;
    st->table = rv_name(an, pgn_get(s, "relation"));
    st->only = !pgn_int(pgn_get(s, "relation"), "inh");
    const struct pgn *w = pgn_get(s, "whereClause");
    st->where = !w ? MWHERE_NONE : narrow(w) ? MWHERE_NARROW : MWHERE_BROAD;
    const struct pgn *const *v;
    st->joins = pgn_list(s, kind == MK_UPDATE ? "fromClause" : "usingClause", &v) > 0;
}

/* ---- functions ---- */

/* The expression a SQL function's body returns, when PostgreSQL would inline the function into
 * a caller (inline_function: a body that is one SELECT of one expression without FROM, or
 * RETURN expr), else NULL. body_tree holds what it parsed. */
static const struct pgn *inline_body(const struct pgn *s, struct arena *body_tree)
{
    const struct pgn *sb = pgn_get(s, "sql_body");
    if (pgn_is(sb, "ReturnStmt"))
        return pgn_get(sb, "returnval");
    const struct pgn *const *o;
    size_t n = pgn_list(s, "options", &o);
    const char *text = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *d = pgn_str(o[i], "defname");
        const struct pgn *const *items;
        if (d && !strcmp(d, "as") && pgn_list(pgn_get(o[i], "arg"), "items", &items))
            text = pgn_sval(items[0]);
    }
    const struct pgn *stmts = NULL;
    struct sql_syntax err;
    if (!text || sql_parse(body_tree, text, &stmts, &err) < 0 || stmts->n != 1)
        return NULL;
    const struct pgn *sel = pgn_get(stmts->items[0], "stmt"), *const * t;
    if (!pgn_is(sel, "SelectStmt") || pgn_get(sel, "fromClause") || pgn_get(sel, "whereClause") ||
        pgn_get(sel, "groupClause") || pgn_get(sel, "withClause") || pgn_get(sel, "larg") ||
        pgn_list(sel, "targetList", &t) != 1)
        return NULL;
    return pgn_get(t[0], "val");
}

/* CREATE FUNCTION: its name, and the volatility a default that calls it has. A SQL function
 * PostgreSQL inlines (LANGUAGE sql, one expression, not SECURITY DEFINER, no SET, not a set,
 * declared VOLATILE or not at all) is as volatile as its body; others as declared. */
static void create_function(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    st->kind = MK_CREATE_FUNCTION;
    st->routine = ident(an, pgn_last_name(s, "funcname"));
    st->routine_vol = MVOL_VOLATILE;
    int sql = 0, inlinable = !pgn_int(pgn_get(s, "returnType"), "setof");
    const struct pgn *const *o;
    size_t n = pgn_list(s, "options", &o);
    for (size_t i = 0; i < n; i++) {
        const char *d = pgn_str(o[i], "defname"), *v = pgn_sval(pgn_get(o[i], "arg"));
        if (!d)
            continue;
        if (!strcmp(d, "volatility") && v && strcmp(v, "volatile"))
            st->routine_vol = MVOL_STABLE;
        else if (!strcmp(d, "language") && v)
            sql = !strcmp(v, "sql");
        else if (!strcmp(d, "security") || !strcmp(d, "set"))
            inlinable = 0;
    }
    if (st->routine_vol != MVOL_VOLATILE || !sql || !inlinable)
        return;
    struct arena *body_tree = arena_new();
    const struct pgn *e = inline_body(s, body_tree);
    if (e) {
        const char *fn;
        int unknown;
        st->routine_vol = volatility(an, e, &fn, &unknown);
    }
    arena_free(body_tree);
}

/* ---- the statement ---- */

static void statement(struct an *an, const struct pgn *s)
{
    struct mig_stmt *st = an->st;
    const char *tag = s ? s->tag : NULL;
    if (!tag)
        return;
    if (!strcmp(tag, "CreateFunctionStmt")) {
        create_function(an, s);
        return;
    }
    if (!strcmp(tag, "CreateDomainStmt")) {
        const struct pgn *const *c;
        st->kind = MK_CREATE_TYPE;
        st->domain = type_name(an, s, "domainname");
        read_type(an, pgn_get(s, "typeName"), &st->domain_base);
        st->domain_constrained = pgn_list(s, "constraints", &c) > 0;
        return;
    }
    static const struct {
        const char *tag;
        enum mig_kind kind;
    } plain[] = {
        {"CreateTrigStmt", MK_CREATE_TRIGGER},
        {"CompositeTypeStmt", MK_CREATE_TYPE},
        {"CreateEnumStmt", MK_CREATE_TYPE},
        {"CreateRangeStmt", MK_CREATE_TYPE},
        {"CreateDomainStmt", MK_CREATE_TYPE},
        {"AlterEnumStmt", MK_ALTER_TYPE},
        {"AlterDomainStmt", MK_ALTER_TYPE},
        {"CreateSeqStmt", MK_CREATE_SEQUENCE},
        {"AlterSeqStmt", MK_ALTER_SEQUENCE},
        {"CreateExtensionStmt", MK_CREATE_EXTENSION},
        {"CreateSchemaStmt", MK_CREATE_SCHEMA},
        {"CommentStmt", MK_COMMENT},
        {"InsertStmt", MK_INSERT},
        {"DoStmt", MK_DO},
        {"CallStmt", MK_CALL},
        {"VariableSetStmt", MK_SET},
        {"LockStmt", MK_LOCK},
        {"CopyStmt", MK_COPY},
    };
    for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
        if (!strcmp(tag, plain[i].tag)) {
            st->kind = plain[i].kind;
            return;
        }
    if (!strcmp(tag, "CreateStmt")) {
        create_table(an, s);
    } else if (!strcmp(tag, "CreateTableAsStmt")) {
        const char *obj = pgn_str(s, "objtype");
        st->kind = obj && !strcmp(obj, "OBJECT_MATVIEW") ? MK_CREATE_MATVIEW : MK_CREATE_TABLE;
        st->table = rv_name(an, pgn_get(pgn_get(s, "into"), "rel"));
        st->if_not_exists = (int)pgn_int(s, "if_not_exists");
        st->as_select = 1;
    } else if (!strcmp(tag, "ViewStmt")) {
        st->kind = MK_CREATE_VIEW;
        st->table = rv_name(an, pgn_get(s, "view"));
    } else if (!strcmp(tag, "AlterTableStmt")) {
        alter_table(an, s);
    } else if (!strcmp(tag, "RenameStmt")) {
        rename_stmt(an, s);
    } else if (!strcmp(tag, "AlterObjectSchemaStmt")) {
        const char *obj = pgn_str(s, "objectType");
        if (obj && !strcmp(obj, "OBJECT_TABLE")) {
            st->kind = MK_ALTER_TABLE;
            st->table = rv_name(an, pgn_get(s, "relation"));
            one_action(an, MOP_SET_SCHEMA, find_kw(an, 0, "set"));
            st->actions[0].name = ident(an, pgn_str(s, "newschema"));
        }
    } else if (!strcmp(tag, "DropStmt")) {
        drop_stmt(an, s);
    } else if (!strcmp(tag, "IndexStmt")) {
        create_index(an, s);
    } else if (!strcmp(tag, "TruncateStmt")) {
        truncate_stmt(an, s);
    } else if (!strcmp(tag, "ReindexStmt")) {
        st->kind = MK_REINDEX;
        const struct pgn *const *p;
        size_t n = pgn_list(s, "params", &p);
        for (size_t i = 0; i < n; i++)
            if (pgn_str(p[i], "defname") && !strcmp(pgn_str(p[i], "defname"), "concurrently"))
                st->concurrently = 1;
    } else if (!strcmp(tag, "RefreshMatViewStmt")) {
        st->kind = MK_REFRESH_MATVIEW; /* CONCURRENTLY runs in a transaction block: no flag */
        st->table = rv_name(an, pgn_get(s, "relation"));
    } else if (!strcmp(tag, "UpdateStmt")) {
        update_delete(an, s, MK_UPDATE);
    } else if (!strcmp(tag, "DeleteStmt")) {
        update_delete(an, s, MK_DELETE);
    } else if (!strcmp(tag, "SelectStmt")) {
        st->kind = pgn_get(s, "withClause") ? MK_WITH : MK_SELECT;
        const struct pgn *into = pgn_get(s, "intoClause");
        if (into) { /* SELECT … INTO new_table */
            st->kind = MK_CREATE_TABLE;
            st->table = rv_name(an, pgn_get(into, "rel"));
            st->as_select = 1;
        }
    } else if (!strcmp(tag, "GrantStmt")) {
        st->kind = pgn_int(s, "is_grant") ? MK_GRANT : MK_REVOKE;
    } else if (!strcmp(tag, "GrantRoleStmt")) {
        st->kind = pgn_int(s, "is_grant") ? MK_GRANT : MK_REVOKE;
    } else if (!strcmp(tag, "VacuumStmt")) {
        st->kind = pgn_int(s, "is_vacuumcmd") ? MK_VACUUM : MK_ANALYZE;
    } else if (!strcmp(tag, "TransactionStmt")) {
        const char *k = pgn_str(s, "kind");
        k = k ? k : "";
        st->kind = !strcmp(k, "TRANS_STMT_BEGIN") || !strcmp(k, "TRANS_STMT_START") ? MK_BEGIN
                   : !strcmp(k, "TRANS_STMT_COMMIT")                                ? MK_COMMIT
                   : !strcmp(k, "TRANS_STMT_ROLLBACK")                              ? MK_ROLLBACK
                                                                                    : MK_OTHER;
    } else if (!strcmp(tag, "DefineStmt")) {
        const char *k = pgn_str(s, "kind");
        if (k && !strcmp(k, "OBJECT_TYPE"))
            st->kind = MK_CREATE_TYPE;
    }
}

/* ---- placeholders ---- */

/* Record [off, off + len) of the text (a placeholder of the source) as a mask: for the parser
 * an identifier of the same length ("${name}" -> "__name_", "$name" -> "_name") that add_ident()
 * turns back into the source's text, or, when it stands for keywords or nothing, blanks. */
static void mask_at(struct an *an, size_t off, size_t len, struct mask *v, size_t *n)
{
    const char *src = an->st->text + off;
    char *f = arena_alloc(an->a, len + 1);
    memset(f, '_', len);
    size_t start = len > 2 && src[1] == '{' ? 2 : 1, end = start == 2 ? len - 1 : len;
    for (size_t i = start; i < end; i++) {
        char c = src[i];
        if (c >= 'A' && c <= 'Z')
            f[i] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
            f[i] = c;
        else
            break;
    }
    v[*n].filler = f;
    v[*n].orig = arena_strndup(an->a, src, len);
    v[*n].len = len;
    v[*n].off = off;
    v[*n].blank = 0;
    (*n)++;
}

/* A ${NAME} template outside ENVSUB (text substituted by the application before it runs the
 * file): its length at p, or 0. */
static size_t template_at(const char *p)
{
    if (p[0] != '$' || p[1] != '{')
        return 0;
    size_t k = 2;
    if (!((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z') || p[k] == '_'))
        return 0;
    while (p[k] && p[k] != '}' && p[k] != '\n' && k < 256)
        k++;
    return p[k] == '}' ? k + 1 : 0;
}

/* The placeholders of the statement's text, into an->masks. */
static void find_masks(struct an *an)
{
    struct mig_stmt *st = an->st;
    size_t len = strlen(st->text);
    size_t cap = st->ntoks + 4, n = 0;
    struct mask *v = arena_alloc(an->a, cap * sizeof(*v));
    for (size_t i = 0; i < st->ntoks; i++) {
        const struct sql_token *t = &st->toks[i];
        if (t->kind == SQL_PLACEHOLDER && n < cap && t->off >= an->base &&
            t->off - an->base + t->len <= len)
            mask_at(an, t->off - an->base, t->len, v, &n);
    }
    for (size_t i = 0; i + 1 < len;) {
        size_t k = st->text[i] == '$' ? template_at(st->text + i) : 0;
        int taken = 0;
        for (size_t m = 0; k && m < n; m++)
            taken |= v[m].off == i;
        if (k && !taken && n < cap) {
            mask_at(an, i, k, v, &n);
            i += k;
        } else {
            i++;
        }
    }
    an->masks = v;
    an->nmasks = n;
    st->placeholders = n > 0;
}

/* The text as the parser gets it: each mask's filler, or blanks. */
static char *parse_text(const struct an *an)
{
    char *buf = xstrdup(an->st->text);
    for (size_t m = 0; m < an->nmasks; m++) {
        const struct mask *k = &an->masks[m];
        if (k->blank)
            memset(buf + k->off, ' ', k->len);
        else
            memcpy(buf + k->off, k->filler, k->len);
    }
    return buf;
}

/* The mask to blank after a syntax error at off: the last name-filled one before it (the
 * placeholder that stood for a keyword or nothing), else the first after it; -1: none. */
static long mask_to_blank(const struct an *an, long off)
{
    long best = -1;
    for (size_t m = 0; m < an->nmasks; m++) {
        const struct mask *k = &an->masks[m];
        if (k->blank)
            continue;
        if (off < 0 || (long)k->off <= off)
            best = (long)m;
        else if (best < 0)
            return (long)m;
    }
    return best;
}

/* A literal's text never reaches a message (it may be a password): say what it was. */
static const char *syntax_msg(const struct an *an, const struct sql_syntax *e)
{
    const struct mig_stmt *st = an->st;
    if (e->off >= 0 && st->ntoks) {
        const struct sql_token *t = &st->toks[tok_at_off(an, an->base + (size_t)e->off)];
        if ((t->kind == SQL_STRING || t->kind == SQL_DOLLAR) &&
            t->off == an->base + (size_t)e->off && strstr(e->msg, " at or near \"")) {
            struct strbuf sb = STRBUF_INIT;
            strbuf_add(&sb, e->msg, (size_t)(strstr(e->msg, " at or near \"") - e->msg));
            strbuf_addstr(&sb, " at a string constant");
            const char *r = arena_strndup(an->a, sb.buf, sb.len);
            strbuf_release(&sb);
            return r;
        }
    }
    return arena_strdup(an->a, e->msg);
}

static void parse(struct an *an)
{
    struct mig_stmt *st = an->st;
    struct sql_syntax err;
    const struct pgn *stmts = NULL;
    find_masks(an);
    struct arena *tree = arena_new(); /* the parse tree lives as long as the analysis */
    for (;;) {
        char *text = parse_text(an);
        int rc = sql_parse(tree, text, &stmts, &err);
        free(text);
        if (rc == 0)
            break;
        if (!an->nmasks) {
            struct mig_syntax *sx = arena_alloc(an->a, sizeof(*sx));
            mig_text_pos(st, err.off >= 0 ? (size_t)err.off : 0, &sx->line, &sx->col);
            sx->msg = syntax_msg(an, &err);
            st->syntax = sx;
            arena_free(tree);
            return;
        }
        long k = mask_to_blank(an, err.off);
        if (k < 0) {
            arena_free(tree); /* what the text becomes is unknowable: no facts, no error */
            return;
        }
        an->masks[k].blank = 1;
    }
    st->parsed = 1;
    if (stmts->n)
        statement(an, pgn_get(stmts->items[0], "stmt"));
    arena_free(tree);
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

void sql_analyze(struct sql_analyzer *an_, struct mig_stmt *st, struct arena *a)
{
    (void)an_;
    normalise(st, a);
    st->kind = MK_OTHER;
    if (!st->ntoks)
        return;
    struct an an = {st, a, st->toks[0].off, NULL, 0};
    parse(&an);
}
