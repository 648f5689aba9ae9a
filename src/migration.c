/* migration.c — migration sets: classifying .sql files, reading them as goose (or
 * golang-migrate, or psql) would, splitting statements, and what belongs to the change. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git.h"
#include "infralint/arena.h"
#include "infralint/migration.h"
#include "infralint/project.h"
#include "infralint/regex.h"
#include "infralint/strbuf.h"
#include "infralint/suppress.h"
#include "infralint/util.h"
#include "mig_catalog.h"
#include "mig_goose.h"
#include "mig_tree.h"
#include "sql_analyze.h"

/* A `--` comment that may hold an inline ignore. */
struct mig_comment {
    const char *file;
    const char *text; /* after the `--` */
    size_t len;
    unsigned line, col;
};

/* Loader state of one migration (m->loader); lives in the set's arena. */
struct mig_raw {
    const char *real;      /* realpath of the (up) file, for de-duplication */
    const char *down_real; /* realpath of a golang-migrate .down.sql */
    const char *down_src;  /* its text */
    size_t down_len;
    int candidate; /* unannotated, goose-versioned name, met while walking */
    int context;   /* a sibling of a named migration: never reported on */
    int walked;    /* met while walking a directory */
    struct mig_comment *comments;
    size_t ncomments;
};

/* ---- the index of a set's files: real paths, golang-migrate pairs, names as shown ---- */

struct mig_names {
    const char **keys; /* in the set's arena */
    struct migration **vals;
    size_t n, cap;
};

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The slot of key (kind 'r' real path, 'p' golang-migrate version, 'f' file as shown). */
static size_t names_slot(const struct mig_names *x, char kind, const char *key)
{
    size_t h = name_hash(key) * 31 + (unsigned char)kind, k = h & (x->cap - 1);
    while (x->keys[k] && (x->keys[k][0] != kind || strcmp(x->keys[k] + 1, key)))
        k = (k + 1) & (x->cap - 1);
    return k;
}

static struct migration *names_get(const struct mig_set *s, char kind, const char *key)
{
    const struct mig_names *x = s->names;
    if (!x || !key)
        return NULL;
    size_t k = names_slot(x, kind, key);
    return x->keys[k] ? x->vals[k] : NULL;
}

static void names_put(struct mig_set *s, char kind, const char *key, struct migration *m)
{
    struct mig_names *x = s->names;
    if (!key)
        return;
    if (!x)
        x = s->names = xcalloc(1, sizeof(*x));
    if ((x->n + 1) * 2 > x->cap) {
        struct mig_names old = *x;
        x->cap = old.cap ? old.cap * 2 : 64;
        x->keys = xcalloc(x->cap, sizeof(*x->keys));
        x->vals = xcalloc(x->cap, sizeof(*x->vals));
        x->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                size_t k = names_slot(x, old.keys[i][0], old.keys[i] + 1);
                x->keys[k] = old.keys[i];
                x->vals[k] = old.vals[i];
                x->n++;
            }
        free(old.keys);
        free(old.vals);
    }
    size_t k = names_slot(x, kind, key);
    if (!x->keys[k]) {
        char *kk = arena_alloc(s->arena, strlen(key) + 2);
        kk[0] = kind;
        strcpy(kk + 1, key);
        x->keys[k] = kk;
        x->n++;
    }
    x->vals[k] = m;
}

static void names_free(struct mig_names *x)
{
    if (!x)
        return;
    free(x->keys);
    free(x->vals);
    free(x);
}

/* The key of a golang-migrate version: its .up.sql and .down.sql pair by version alone, as
 * golang-migrate pairs them (their names may differ). */
static char *pair_key(long long v)
{
    return xstrfmt("%lld", v);
}

const struct migration *mig_by_file(const struct mig_set *s, const char *file)
{
    return names_get(s, 'f', file);
}

/* ---- names and sets ---- */

const char *mig_format_name(enum mig_format f)
{
    return f == MIG_GOOSE ? "goose" : f == MIG_GOLANG_MIGRATE ? "golang-migrate" : "plain";
}

const char *mig_op_name(enum mig_op op)
{
    static const char *const names[] = {
        "other",           "add_column",        "drop_column",         "alter_column_type",
        "set_not_null",    "drop_not_null",     "set_default",         "drop_default",
        "add_constraint",  "drop_constraint",   "validate_constraint", "rename_column",
        "rename_table",    "rename_constraint", "set_schema",          "attach_partition",
        "detach_partition"};
    return (size_t)op < ARRAY_SIZE(names) ? names[op] : "other";
}

const char *mig_constraint_name(enum mig_constraint c)
{
    static const char *const names[] = {NULL,          "check",   "foreign_key", "unique",
                                        "primary_key", "exclude", "not_null"};
    return (size_t)c < ARRAY_SIZE(names) ? names[c] : NULL;
}

/* goose's NumericComponent: the text before the first '_' as a base-10 int64 >= 1 (an optional
 * sign is accepted, as strconv.ParseInt does). */
static int goose_version(const char *base, long long *v)
{
    if (!ends_with(base, ".sql"))
        return 0;
    const char *us = strchr(base, '_');
    if (!us || us == base)
        return 0;
    const char *p = base;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (p == us)
        return 0;
    unsigned long long n = 0;
    for (; p < us; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        unsigned d = (unsigned)(*p - '0');
        if (n > (9223372036854775807ULL - d) / 10)
            return 0; /* out of int64 range */
        n = n * 10 + d;
    }
    if (neg || n < 1)
        return 0;
    *v = (long long)n;
    return 1;
}

/* golang-migrate: ^([0-9]+)_(.*)\.(down|up)\.sql$. *up set; *v the version; *stem_len the length
 * of "N_name". */
static int golang_migrate_name(const char *base, long long *v, int *up, size_t *stem_len)
{
    size_t n = strlen(base);
    if (ends_with(base, ".up.sql")) {
        *up = 1;
        *stem_len = n - 7;
    } else if (ends_with(base, ".down.sql")) {
        *up = 0;
        *stem_len = n - 9;
    } else {
        return 0;
    }
    size_t i = 0;
    unsigned long long x = 0;
    while (i < *stem_len && base[i] >= '0' && base[i] <= '9') {
        unsigned d = (unsigned)(base[i] - '0');
        if (x > (9223372036854775807ULL - d) / 10)
            return 0;
        x = x * 10 + d;
        i++;
    }
    if (!i || i >= *stem_len || base[i] != '_')
        return 0;
    *v = (long long)x;
    return 1;
}

static char *real_or_copy(const char *path)
{
    char buf[PATH_MAX];
    return xstrdup(realpath(path, buf) ? buf : path);
}

static struct mig_set *set_for(struct project *p, const char *file)
{
    char *dir = path_dirname(file);
    /* files come directory by directory: the last set is the likely one (its dir as shown) */
    if (p->nmigs && !strcmp(p->migs[p->nmigs - 1]->dir, dir)) {
        free(dir);
        return p->migs[p->nmigs - 1];
    }
    char *real = real_or_copy(dir);
    for (size_t i = 0; i < p->nmigs; i++) {
        if (!strcmp(real, p->migs[i]->real_dir)) {
            free(dir);
            free(real);
            return p->migs[i];
        }
    }
    struct mig_set *s = xcalloc(1, sizeof(*s));
    s->arena = arena_new();
    s->dir = arena_strdup(s->arena, dir);
    s->real_dir = arena_strdup(s->arena, real);
    free(dir);
    free(real);
    ALLOC_GROW(p->migs, p->nmigs + 1, p->migs_alloc);
    p->migs[p->nmigs++] = s;
    return s;
}

static struct mig_raw *raw(const struct migration *m)
{
    return m->loader;
}

static struct migration *new_migration(struct mig_set *s, const char *file, enum mig_format f)
{
    struct migration *m = arena_alloc(s->arena, sizeof(*m));
    m->set = s;
    m->file = arena_strdup(s->arena, file);
    m->name = path_basename(m->file);
    m->format = f;
    m->loader = arena_alloc(s->arena, sizeof(struct mig_raw));
    ALLOC_GROW(s->v, s->n + 1, s->alloc);
    s->v[s->n++] = m;
    return m;
}

/* The migration already loaded from real path real (either file of a pair), or NULL. */
static struct migration *loaded(const struct mig_set *s, const char *real)
{
    return names_get(s, 'r', real);
}

static void set_version(struct migration *m, long long v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%lld", v);
    m->has_version = 1;
    m->version = v;
    m->version_text = arena_strdup(m->set->arena, buf);
}

/* Byte-level checks PostgreSQL would fail on: NUL bytes, invalid UTF-8. 0, or -1 after a
 * diagnostic. */
static int check_bytes(const char *file, const char *buf, size_t len, struct diag_list *d)
{
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)buf[i];
        if (b == 0)
            return diag_add(d, file, line, col, "binary file: NUL byte (not SQL text)");
        size_t n = b < 0x80             ? 1
                   : (b & 0xE0) == 0xC0 ? 2
                   : (b & 0xF0) == 0xE0 ? 3
                   : (b & 0xF8) == 0xF0 ? 4
                                        : 0;
        int ok = n && i + n <= len && !(n == 2 && b < 0xC2) && b <= 0xF4;
        for (size_t k = 1; ok && k < n; k++)
            ok = ((unsigned char)buf[i + k] & 0xC0) == 0x80;
        if (ok && n == 3) {
            unsigned char b1 = (unsigned char)buf[i + 1];
            ok = !(b == 0xE0 && b1 < 0xA0) && !(b == 0xED && b1 >= 0xA0);
        } else if (ok && n == 4) {
            unsigned char b1 = (unsigned char)buf[i + 1];
            ok = !(b == 0xF0 && b1 < 0x90) && !(b == 0xF4 && b1 >= 0x90);
        }
        if (!ok)
            return diag_add(d, file, line, col,
                            "invalid UTF-8 (byte 0x%02X): PostgreSQL rejects the text", b);
        if (b == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += n;
    }
    return 0;
}

static int blank(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!buf[i] || !strchr(" \t\r\n\f\v", buf[i]))
            return 0;
    return 1;
}

/* A .sql file without goose annotations that is no migration: recorded as skipped, and a
 * sql-migrate file (-- +migrate Up) said once per directory in the run's skipped list. */
static void not_migration(struct project *p, const char *path, const char *buf, size_t len)
{
    if (!mig_sqlmigrate_annotated(buf, len)) {
        project_input(p, path, "skipped", "no goose annotations: not a migration");
        return;
    }
    project_input(p, path, "skipped", "sql-migrate annotations (-- +migrate): not read");
    char *dir = path_dirname(path);
    skip_add(&p->skipped, dir, "sql-migrate migrations",
             "files annotated '-- +migrate Up' (rubenv/sql-migrate) are not read: infralint "
             "reads goose and golang-migrate migrations, so no rule checked these");
    free(dir);
}

static void add_file(struct project *p, const char *path, const char *buf, size_t len,
                     int explicit_, int context, struct diag_list *d)
{
    const char *base = path_basename(path);
    long long v = 0, gv = 0;
    int up = 0;
    size_t stem = 0;
    int annotated = mig_goose_annotated(buf, len);
    int gm = !annotated && golang_migrate_name(base, &gv, &up, &stem);
    int versioned = goose_version(base, &v);
    int candidate = !annotated && !gm && !explicit_;
    if (candidate && (!versioned || memchr(buf, '\0', len))) {
        if (!context)
            not_migration(p, path, buf, len);
        return;
    }
    if (!candidate && check_bytes(path, buf, len, d) < 0) {
        project_input(p, path, "error", "not SQL text");
        return;
    }
    if (explicit_ && !annotated && !(gm && !up) && blank(buf, len)) {
        diag_add(d, path, 1, 1, "empty file: no SQL and no goose annotations");
        project_input(p, path, "error", "empty file");
        return;
    }
    char real[PATH_MAX];
    if (!realpath(path, real))
        snprintf(real, sizeof(real), "%s", path);
    struct mig_set *s = set_for(p, path);
    struct migration *m = loaded(s, real);
    if (m) { /* named twice, or named and walked */
        m->explicit_ |= explicit_;
        if (explicit_)
            raw(m)->context = 0;
        return;
    }
    char *pk = gm ? pair_key(gv) : NULL;
    if (gm) { /* the other half of a pair, unless that half is taken (a duplicate version) */
        m = names_get(s, 'p', pk);
        if (m && (up ? m->file != NULL : m->down_file != NULL))
            m = NULL;
    }
    if (!m) {
        m = new_migration(s, path, annotated ? MIG_GOOSE : gm ? MIG_GOLANG_MIGRATE : MIG_PLAIN);
        if (gm)
            set_version(m, gv);
        else if (versioned)
            set_version(m, v);
        raw(m)->candidate = candidate;
        raw(m)->context = context;
        if (gm && !names_get(s, 'p', pk))
            names_put(s, 'p', pk, m);
    }
    free(pk);
    struct mig_raw *r = raw(m);
    if (gm && !up) {
        m->down_file = arena_strdup(s->arena, path);
        r->down_real = arena_strdup(s->arena, real);
        names_put(s, 'r', r->down_real, m);
        r->down_src = arena_strndup(s->arena, buf, len);
        r->down_len = len;
        m->has_down = 1;
        if (!r->real) { /* only the .down.sql so far */
            m->file = NULL;
            m->name = path_basename(m->down_file);
        }
    } else {
        m->file = arena_strdup(s->arena, path);
        m->name = path_basename(m->file);
        r->real = arena_strdup(s->arena, real);
        names_put(s, 'r', r->real, m);
        m->src = arena_strndup(s->arena, buf, len);
        m->len = len;
    }
    m->explicit_ |= explicit_;
    r->walked |= !explicit_ && !context;
    if (explicit_)
        r->context = 0;
    if (candidate)
        return; /* decided in mig_finish */
    project_input(p, path, "migration",
                  context                  ? "context: a sibling of a named migration"
                  : m->format == MIG_GOOSE ? "goose"
                  : gm                     ? (up ? "golang-migrate up" : "golang-migrate down")
                                           : "plain SQL named on the command line");
    if (!context)
        p->nfiles++;
}

void mig_add_file(struct project *p, const char *path, const char *buf, size_t len, int explicit_,
                  struct diag_list *d)
{
    add_file(p, path, buf, len, explicit_, 0, d);
}

/* ---- parsing one migration ---- */

struct parse {
    struct migration *m;
    struct sql_analyzer *an;
    struct arena *a;
    struct diag_list *d;
    struct mig_stmt *stmts;
    size_t nstmts, alloc;
    struct mig_comment *comments;
    size_t ncomments, comments_alloc;
    struct sql_toks toks;
    int split_error; /* goose split a statement inside a string: later errors cascade */
};

static void add_comment(struct parse *ps, const char *file, const char *src, size_t off, size_t len,
                        unsigned line, unsigned col)
{
    if (len < 2 || src[off] != '-' || src[off + 1] != '-')
        return; /* only -- comments carry inline ignores */
    if (!memmem(src + off, len, "infralint:", 10))
        return;
    ALLOC_GROW(ps->comments, ps->ncomments + 1, ps->comments_alloc);
    struct mig_comment *c = &ps->comments[ps->ncomments++];
    c->file = file;
    c->text = src + off + 2;
    c->len = len - 2;
    c->line = line;
    c->col = col;
}

/* Is the statement so far (t, n tokens) CREATE [OR REPLACE] FUNCTION/PROCEDURE, whose
 * SQL-standard body (BEGIN ATOMIC … END) holds semicolons? */
static int routine_start(const struct sql_token *t, size_t n)
{
    size_t k = 0;
    if (!n || !sql_tok_is(&t[k++], "create"))
        return 0;
    if (k + 1 < n && sql_tok_is(&t[k], "or") && sql_tok_is(&t[k + 1], "replace"))
        k += 2;
    return k < n && (sql_tok_is(&t[k], "function") || sql_tok_is(&t[k], "procedure"));
}

static void add_stmt(struct parse *ps, const char *file, const char *src, enum mig_section sec,
                     unsigned query, const struct sql_token *t, size_t n)
{
    if (!n)
        return;
    ALLOC_GROW(ps->stmts, ps->nstmts + 1, ps->alloc);
    struct mig_stmt *st = &ps->stmts[ps->nstmts++];
    memset(st, 0, sizeof(*st));
    st->file = file;
    st->section = sec;
    st->query = query;
    struct sql_token *copy = arena_alloc(ps->a, n * sizeof(*copy));
    memcpy(copy, t, n * sizeof(*copy));
    st->toks = copy;
    st->ntoks = n;
    size_t b = t[0].off, e = t[n - 1].off + t[n - 1].len;
    st->text = arena_strndup(ps->a, src + b, e - b);
    st->line = t[0].line;
    st->col = t[0].col;
    sql_analyze(ps->an, st, ps->a);
    if (ps->split_error)
        st->syntax = NULL; /* a fragment of the statement goose cut: the input error says so */
}

/* Split the tokens of one query (comments included) into statements at top-level ';', as psql
 * does (parentheses and BEGIN ATOMIC bodies hold theirs). */
static void split(struct parse *ps, const char *file, const char *src, enum mig_section sec,
                  unsigned query, const struct sql_token *t, size_t n)
{
    struct sql_token *cur = xcalloc(n ? n : 1, sizeof(*cur));
    size_t k = 0;
    long depth = 0;
    int atomic = 0, routine = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind == SQL_COMMENT) {
            add_comment(ps, file, src, t[i].off, t[i].len, t[i].line, t[i].col);
            continue;
        }
        if (sql_tok_punct(&t[i], ";") && depth <= 0 && !atomic) {
            add_stmt(ps, file, src, sec, query, cur, k);
            k = 0;
            depth = 0;
            routine = 0;
            continue;
        }
        if (sql_tok_punct(&t[i], "(")) {
            depth++;
        } else if (sql_tok_punct(&t[i], ")")) {
            depth--;
        } else if (routine && depth <= 0) {
            if (sql_tok_is(&t[i], "begin") &&
                (atomic || (i + 1 < n && sql_tok_is(&t[i + 1], "atomic"))))
                atomic++;
            else if (atomic && sql_tok_is(&t[i], "case"))
                atomic++;
            else if (atomic && sql_tok_is(&t[i], "end"))
                atomic--;
        }
        cur[k++] = t[i];
        if (k <= 4 && !routine)
            routine = routine_start(cur, k);
    }
    add_stmt(ps, file, src, sec, query, cur, k);
    free(cur);
}

/* Scan src[from, to) and split it into statements; -1 after an input error. */
static int scan_query(struct parse *ps, const char *file, const char *src, size_t from, size_t to,
                      unsigned line, enum mig_section sec, unsigned query,
                      const unsigned char *envsub, size_t nenvsub, unsigned semi_line)
{
    struct sql_scan_in in = {src, from, to, line, 1, envsub, nenvsub};
    struct sql_scan_err err;
    ps->toks.n = 0;
    if (sql_scan(&in, ps->a, &ps->toks, &err) < 0) {
        for (size_t i = 0; i < ps->toks.n; i++) /* ignores before the error still count */
            if (ps->toks.v[i].kind == SQL_COMMENT)
                add_comment(ps, file, src, ps->toks.v[i].off, ps->toks.v[i].len, ps->toks.v[i].line,
                            ps->toks.v[i].col);
        if (ps->split_error)
            return -1; /* a consequence of the split reported before */
        if (semi_line && semi_line > err.line && starts_with(err.msg, "unterminated")) {
            /* Would it close later in the file? Then goose's line-based split cut it. */
            struct sql_scan_in rest = in;
            struct sql_scan_err err2;
            struct sql_toks scratch = {0};
            rest.to = strlen(src);
            int closes = sql_scan(&rest, ps->a, &scratch, &err2) == 0 || err2.line != err.line ||
                         err2.col != err.col;
            sql_toks_release(&scratch);
            if (closes) {
                ps->split_error = 1;
                return diag_add(ps->d, file, err.line, err.col,
                                "%s: goose ends the statement at the ';' that ends line %u "
                                "(wrap it in '-- +goose StatementBegin' / '-- +goose "
                                "StatementEnd')",
                                err.msg, semi_line);
            }
        }
        return diag_add(ps->d, file, err.line, err.col, "%s", err.msg);
    }
    split(ps, file, src, sec, query, ps->toks.v, ps->toks.n);
    return 0;
}

static void add_problem(struct migration *m, unsigned line, unsigned col, const char *msg,
                        const char *fix)
{
    struct arena *a = m->set->arena;
    struct mig_problem *v = arena_alloc(a, (m->nproblems + 1) * sizeof(*v));
    if (m->nproblems)
        memcpy(v, m->problems, m->nproblems * sizeof(*v));
    v[m->nproblems].line = line;
    v[m->nproblems].col = col;
    v[m->nproblems].msg = arena_strdup(a, msg);
    v[m->nproblems].fix = arena_strdup(a, fix);
    m->problems = v;
    m->nproblems++;
}

static void parse_goose(struct parse *ps)
{
    struct migration *m = ps->m;
    struct goose_file g;
    mig_goose_parse(m->src, m->len, &g);
    m->up_line = g.up_line;
    m->down_line = g.down_line;
    m->has_down = g.down_line != 0;
    m->notx_line = g.notx_line;
    m->no_transaction = g.notx_line != 0;
    for (size_t i = 0; i < g.nnotes; i++) {
        const struct mig_note *n = &g.notes[i];
        if (n->fatal)
            diag_add(ps->d, m->file, n->line, n->col, "%s", n->msg);
        else
            add_problem(m, n->line, n->col, n->msg, n->fix);
    }
    for (size_t i = 0; i < g.ngaps; i++)
        add_comment(ps, m->file, m->src, g.gaps[i].off, g.gaps[i].len, g.gaps[i].line,
                    g.gaps[i].col);
    for (size_t i = 0; i < g.nchunks; i++) {
        const struct mig_chunk *c = &g.chunks[i];
        scan_query(ps, m->file, m->src, c->from, c->to, c->line, c->section, (unsigned)i, g.envsub,
                   g.nenvsub, c->semi_line);
    }
    m->nqueries = g.nchunks;
    mig_goose_release(&g);
}

/* Only `SELECT <constants>` statements: goose's template placeholder, not a rollback. */
static int placeholder_only(const struct mig_stmt *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct mig_stmt *st = &v[i];
        if (st->kind != MK_SELECT)
            return 0;
        for (size_t k = 1; k < st->ntoks; k++) {
            enum sql_tok kd = st->toks[k].kind;
            if (kd != SQL_STRING && kd != SQL_NUMBER && kd != SQL_DOLLAR &&
                !sql_tok_punct(&st->toks[k], ","))
                return 0;
        }
    }
    return n > 0;
}

/* Which transaction each statement runs in (see mig_stmt_tx): goose's own around the file; an
 * explicit BEGIN … COMMIT block; or PostgreSQL's implicit transaction around a query of several
 * statements (a goose query in a NO TRANSACTION file; a whole golang-migrate file, which
 * golang-migrate sends in one Exec). */
static void compute_tx(struct migration *m)
{
    for (int sec = MIG_UP; sec <= MIG_DOWN; sec++) {
        size_t n;
        struct mig_stmt *v = m->stmts + (mig_section(m, sec, &n) - m->stmts);
        long open = 0;
        for (size_t i = 0, first = 0, run = 0; i < n; i++) {
            struct mig_stmt *st = &v[i];
            if (i >= run) { /* the statements of this query: [first, run) */
                first = i;
                for (run = i + 1; run < n && v[run].query == st->query;)
                    run++;
            }
            int multi = run - first > 1 && m->format != MIG_PLAIN;
            if (m->format == MIG_GOOSE && !m->no_transaction)
                st->tx = -1;
            else if (open)
                st->tx = open;
            else
                st->tx = multi ? -(long)st->query - 2 : 0;
            if (st->kind == MK_BEGIN && !open)
                open = (long)st->nth + 1;
            else if (st->kind == MK_COMMIT || st->kind == MK_ROLLBACK)
                open = 0;
        }
    }
}

static void parse_migration(struct migration *m, struct sql_analyzer *an, struct diag_list *d)
{
    struct parse ps = {.m = m, .an = an, .a = m->set->arena, .d = d};
    struct mig_raw *r = raw(m);
    if (!m->file) { /* a golang-migrate .down.sql without its .up.sql */
        m->file = m->down_file;
        m->name = path_basename(m->file);
    }
    if (m->format == MIG_GOOSE) {
        parse_goose(&ps);
    } else if (r->candidate) {
        m->format = MIG_GOOSE;
        char *msg = xstrfmt("no goose annotations, yet goose reads this file as version %s of the "
                            "migrations in this directory and refuses it (\"must start with "
                            "'-- +goose Up' annotation\")",
                            m->version_text);
        add_problem(m, 1, 1, msg,
                    "add '-- +goose Up' (and '-- +goose Down') annotations, or move the file out "
                    "of the migrations directory");
        free(msg);
        scan_query(&ps, m->file, m->src, 0, m->len, 1, MIG_UP, 0, NULL, 0, 0);
        m->nqueries = 1;
    } else {
        if (m->src)
            scan_query(&ps, m->file, m->src, 0, m->len, 1, MIG_UP, 0, NULL, 0, 0);
        if (r->down_src)
            scan_query(&ps, m->down_file, r->down_src, 0, r->down_len, 1, MIG_DOWN, 1, NULL, 0, 0);
        m->nqueries = r->down_src ? 2 : 1;
    }
    /* Up statements, then Down ones */
    m->stmts = arena_alloc(ps.a, (ps.nstmts ? ps.nstmts : 1) * sizeof(*m->stmts));
    size_t k = 0;
    for (int sec = MIG_UP; sec <= MIG_DOWN; sec++)
        for (size_t i = 0; i < ps.nstmts; i++)
            if ((int)ps.stmts[i].section == sec)
                m->stmts[k++] = ps.stmts[i];
    m->nstmts = k;
    for (size_t i = 0; i < m->nstmts; i++) {
        m->stmts[i].mig = m;
        m->stmts[i].nth = i;
        m->ndown += m->stmts[i].section == MIG_DOWN;
    }
    compute_tx(m);
    size_t nd;
    const struct mig_stmt *down = mig_section(m, MIG_DOWN, &nd);
    m->down_placeholder = placeholder_only(down, nd);
    r->comments = arena_alloc(ps.a, (ps.ncomments ? ps.ncomments : 1) * sizeof(*r->comments));
    if (ps.ncomments)
        memcpy(r->comments, ps.comments, ps.ncomments * sizeof(*r->comments));
    r->ncomments = ps.ncomments;
    free(ps.stmts);
    free(ps.comments);
    sql_toks_release(&ps.toks);
}

/* ---- finishing the sets ---- */

static int mig_cmp(const void *a, const void *b)
{
    const struct migration *x = *(struct migration *const *)a, *y = *(struct migration *const *)b;
    if (x->has_version != y->has_version)
        return x->has_version ? -1 : 1;
    if (x->has_version && x->version != y->version)
        return x->version < y->version ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the other .sql files of a named migration's directory as context. */
static void load_siblings(struct project *p, struct mig_set *s)
{
    DIR *dh = opendir(s->dir);
    if (!dh)
        return; /* the named file itself was readable: nothing to add */
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(dh)))
        if (ends_with(de->d_name, ".sql")) {
            ALLOC_GROW(names, n + 1, alloc);
            names[n++] = xstrdup(de->d_name);
        }
    closedir(dh);
    if (n > 1)
        qsort(names, n, sizeof(*names), name_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(s->dir, names[i]);
        char real[PATH_MAX];
        struct stat st;
        if (realpath(path, real) && !loaded(s, real) && stat(path, &st) == 0 &&
            S_ISREG(st.st_mode)) {
            char *buf;
            size_t len;
            if (file_read(path, &buf, &len) == 0) {
                struct diag_list quiet = {0}; /* a broken sibling is not this run's subject */
                add_file(p, path, buf, len, 0, 1, &quiet);
                diag_release(&quiet);
                free(buf);
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

void mig_finish(struct project *p, struct diag_list *d)
{
    if (!p->nmigs)
        return;
    size_t nsets = p->nmigs;
    for (size_t i = 0; i < nsets; i++) {
        struct mig_set *s = p->migs[i];
        int walked = 0;
        for (size_t k = 0; k < s->n; k++)
            walked |= raw(s->v[k])->walked;
        if (!walked)
            load_siblings(p, s);
    }
    struct sql_analyzer *an = sql_analyzer_new();
    for (size_t i = 0; i < p->nmigs; i++) {
        struct mig_set *s = p->migs[i];
        int goose = 0;
        for (size_t k = 0; k < s->n; k++)
            goose |= s->v[k]->format == MIG_GOOSE;
        size_t keep = 0;
        for (size_t k = 0; k < s->n; k++) {
            struct migration *m = s->v[k];
            struct mig_raw *r = raw(m);
            if (r->candidate) {
                if (!goose) {
                    if (!r->context)
                        not_migration(p, m->file, m->src, m->len);
                    continue;
                }
                struct diag_list quiet = {0};
                int bad = check_bytes(m->file, m->src, m->len, r->context ? &quiet : d) < 0;
                diag_release(&quiet);
                if (bad)
                    continue;
                project_input(p, m->file, "migration",
                              r->context ? "context: a sibling of a named migration"
                                         : "goose directory, but no goose annotations");
                if (!r->context)
                    p->nfiles++;
            }
            s->v[keep++] = m;
        }
        s->n = keep;
        for (size_t k = 0; k < s->n; k++) {
            struct migration *m = s->v[k];
            struct diag_list quiet = {0};
            parse_migration(m, an, raw(m)->context ? &quiet : d);
            diag_release(&quiet);
        }
        if (s->n > 1)
            qsort(s->v, s->n, sizeof(*s->v), mig_cmp);
        for (size_t k = 0; k < s->n; k++) {
            names_put(s, 'f', s->v[k]->file, s->v[k]);
            names_put(s, 'f', s->v[k]->down_file, s->v[k]);
        }
    }
    sql_analyzer_free(an);
    /* drop sets left empty (only skipped candidates) */
    size_t keep = 0;
    for (size_t i = 0; i < p->nmigs; i++) {
        if (p->migs[i]->n)
            p->migs[keep++] = p->migs[i];
        else
            mig_set_free(p->migs[i]);
    }
    p->nmigs = keep;
    mig_tree_link(p);
    mig_detect_dialects(p, MIG_DIALECT_AUTO);
    for (size_t i = 0; i < p->nmigs; i++)
        while (!p->migs[i]->catalog) { /* a version directory after the ones before it */
            struct mig_set *t = p->migs[i];
            while (t->prev && !t->prev->catalog)
                t = t->prev;
            mig_catalog_build(t);
        }
}

/* ---- history: what belongs to the change ---- */

static void add_ignores(struct project *p, const struct migration *m, struct diag_list *d)
{
    const struct mig_raw *r = raw(m);
    for (size_t i = 0; i < r->ncomments; i++) {
        const struct mig_comment *c = &r->comments[i];
        struct inline_ignore ig;
        const char *err = NULL;
        int rc = suppress_parse(c->text, c->len, &ig, &err);
        if (rc == 1)
            suppress_add(&p->ignores, c->file, c->line, c->col, &ig);
        else if (rc < 0)
            diag_add(d, c->file, c->line, c->col, "malformed inline ignore: %s", err);
    }
}

int mig_apply_history(struct project *p, const struct mig_history *h, struct diag_list *d)
{
    int filtered = h->has_released_through || h->since;
    struct git_changes *changes = NULL;
    size_t nchanges = 0;
    int git_failed = 0;
    for (size_t i = 0; i < p->nmigs; i++) {
        struct mig_set *s = p->migs[i];
        s->history = filtered;
        struct git_changes *ch = NULL;
        if (h->since && !git_failed) {
            struct git_changes c;
            char *err = NULL;
            if (git_changed_files(s->real_dir, h->since, &c, &err) < 0) {
                diag_add(d, NULL, 0, 0, "%s", err);
                free(err);
                git_failed = 1;
            } else {
                for (size_t k = 0; k < nchanges && !ch; k++)
                    if (!strcmp(changes[k].toplevel, c.toplevel))
                        ch = &changes[k];
                if (ch) {
                    git_changes_release(&c);
                } else {
                    changes = xreallocarray(changes, nchanges + 1, sizeof(*changes));
                    changes[nchanges] = c;
                    ch = &changes[nchanges++];
                }
            }
        }
        for (size_t k = 0; k < s->n; k++) {
            struct migration *m = s->v[k];
            const struct mig_raw *r = raw(m);
            int in = 0;
            if (h->has_released_through)
                in |= !m->has_version || (unsigned long long)m->version > h->released_through;
            if (ch)
                in |= (r->real && git_changes_has(ch, r->real)) ||
                      (r->down_real && git_changes_has(ch, r->down_real));
            m->in_change = m->explicit_ || in;
            if (r->context)
                m->checked = 0;
            else
                m->checked = m->explicit_ || !filtered || in;
            if (m->checked)
                add_ignores(p, m, d);
        }
    }
    for (size_t k = 0; k < nchanges; k++)
        git_changes_release(&changes[k]);
    free(changes);
    return p->nmigs && !filtered;
}

void mig_set_free(struct mig_set *s)
{
    if (!s)
        return;
    free(s->v);
    mig_catalog_free(s->catalog);
    names_free(s->names);
    arena_free(s->arena);
    free(s);
}

/* ---- reading the model ---- */

const struct mig_stmt *mig_section(const struct migration *m, enum mig_section sec, size_t *n)
{
    size_t b = 0;
    while (b < m->nstmts && m->stmts[b].section != sec)
        b++;
    size_t e = b;
    while (e < m->nstmts && m->stmts[e].section == sec)
        e++;
    *n = e - b;
    return m->stmts + b;
}

struct anchor mig_anchor(const struct mig_stmt *st, size_t tok, const char *path)
{
    const struct sql_token *t = tok < st->ntoks ? &st->toks[tok] : NULL;
    struct anchor a = {0};
    a.file = st->file;
    a.line = t ? t->line : st->line;
    a.col = t ? t->col : st->col;
    a.line2 = st->line;
    a.location = st->mig->version_text;
    a.path = path;
    return a;
}

struct anchor mig_file_anchor(const struct migration *m, const char *file, unsigned line,
                              unsigned col, const char *path)
{
    struct anchor a = {0};
    a.file = file ? file : m->file;
    a.line = line;
    a.col = col;
    a.location = m->version_text;
    a.path = path;
    return a;
}

void mig_text_pos(const struct mig_stmt *st, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = st->line, c = st->col;
    for (size_t i = 0; i < off && st->text[i]; i++) {
        unsigned char ch = (unsigned char)st->text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

long mig_stmt_tx(const struct mig_stmt *st)
{
    return st->tx;
}

long mig_stmt_find(const struct mig_stmt *st, struct regex *re, size_t from)
{
    if (from >= st->ntoks)
        return -1;
    struct regex_span g;
    if (regex_find(re, st->sql, strlen(st->sql), st->tok_at[from], &g, 1) != 1)
        return -1;
    size_t lo = from, hi = st->ntoks; /* the last token starting at or before the match */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->tok_at[mid] <= g.start)
            lo = mid;
        else
            hi = mid;
    }
    return (long)lo;
}
