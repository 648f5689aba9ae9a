/* migration.h — SQL migrations: one set per directory, each migration split into Up and Down
 * sections and SQL statements exactly as goose splits them, each statement tokenized (see
 * sql_scan.h) for positions, and parsed by PostgreSQL's own grammar (libpg_query, PostgreSQL 15):
 * every fact below — kind, relation, flags, one action per ALTER TABLE clause, types, WHERE
 * clauses — comes from the parse tree, and a statement the grammar rejects carries the syntax
 * error instead. Then the Up sections of a set are replayed in version order into a catalog
 * (tables, views, partitions, indexes, their columns, types and constraints, followed through
 * renames and drops), which answers what existed when a statement ran. Rules and Lua policies
 * read this model only; they never see raw text except through a statement's `text`.
 *
 * Three formats: goose files (annotated), golang-migrate pairs (N_name.up.sql + .down.sql) and
 * plain .sql files named on the command line (the whole file is one Up section).
 *
 * Ownership: a set owns everything its migrations hold (one arena per set); strings and arrays
 * handed out are borrowed until mig_set_free(). The project owns its sets. */
#ifndef INFRALINT_MIGRATION_H
#define INFRALINT_MIGRATION_H

#include <stddef.h>

#include "diag.h"
#include "finding.h"
#include "sql_scan.h"

struct project;
struct mig_stmt;
struct mig_catalog;
struct mig_names;
struct regex;

enum mig_format { MIG_GOOSE = 1, MIG_GOLANG_MIGRATE, MIG_PLAIN };
/* The SQL dialect a set is written for (mig_dialect.c decides; MIG_DIALECT_AUTO only in
 * config: detect it). */
enum mig_dialect {
    MIG_DIALECT_AUTO = 0,
    MIG_POSTGRES,
    MIG_MYSQL,
    MIG_SQLITE,
    MIG_NOT_POSTGRES /* evidence both MySQL and SQLite share (backquotes, DATETIME) */
};
enum mig_section { MIG_UP = 0, MIG_DOWN = 1 };

/* What a statement is, from its leading keywords. */
enum mig_kind {
    MK_OTHER = 0,
    MK_CREATE_TABLE,
    MK_ALTER_TABLE,
    MK_DROP_TABLE,
    MK_CREATE_INDEX,
    MK_DROP_INDEX,
    MK_ALTER_INDEX,
    MK_TRUNCATE,
    MK_REINDEX,
    MK_CREATE_VIEW,
    MK_CREATE_MATVIEW,
    MK_REFRESH_MATVIEW,
    MK_DROP_VIEW,
    MK_CREATE_FUNCTION,
    MK_DROP_FUNCTION,
    MK_CREATE_TRIGGER,
    MK_DROP_TRIGGER,
    MK_CREATE_TYPE,
    MK_ALTER_TYPE,
    MK_DROP_TYPE,
    MK_CREATE_SEQUENCE,
    MK_ALTER_SEQUENCE,
    MK_DROP_SEQUENCE,
    MK_CREATE_EXTENSION,
    MK_DROP_EXTENSION,
    MK_CREATE_SCHEMA,
    MK_DROP_SCHEMA,
    MK_COMMENT,
    MK_GRANT,
    MK_REVOKE,
    MK_INSERT,
    MK_UPDATE,
    MK_DELETE,
    MK_SELECT,
    MK_WITH,
    MK_DO,
    MK_CALL,
    MK_SET,
    MK_BEGIN,
    MK_COMMIT,
    MK_ROLLBACK,
    MK_LOCK,
    MK_VACUUM,
    MK_ANALYZE,
    MK_COPY,
    MK_ALTER_VIEW, /* ALTER VIEW / ALTER MATERIALIZED VIEW (renames included) */
    MK_COUNT
};

/* One clause of ALTER TABLE (or the whole of RENAME/SET SCHEMA/ATTACH/DETACH). */
enum mig_op {
    MOP_OTHER = 0,
    MOP_ADD_COLUMN,
    MOP_DROP_COLUMN,
    MOP_ALTER_TYPE,
    MOP_SET_NOT_NULL,
    MOP_DROP_NOT_NULL,
    MOP_SET_DEFAULT,
    MOP_DROP_DEFAULT,
    MOP_ADD_CONSTRAINT,
    MOP_DROP_CONSTRAINT,
    MOP_VALIDATE_CONSTRAINT,
    MOP_RENAME_COLUMN,
    MOP_RENAME_TABLE,
    MOP_RENAME_CONSTRAINT,
    MOP_SET_SCHEMA,
    MOP_ATTACH_PARTITION,
    MOP_DETACH_PARTITION
};

enum mig_constraint {
    MCON_NONE = 0,
    MCON_CHECK,
    MCON_FOREIGN_KEY,
    MCON_UNIQUE,
    MCON_PRIMARY_KEY,
    MCON_EXCLUDE,
    MCON_NOT_NULL
};

/* PostgreSQL volatility of a DEFAULT (or generated) expression. */
enum mig_volatility {
    MVOL_NONE = 0, /* no expression */
    MVOL_STABLE,   /* constants, casts, now(), CURRENT_TIMESTAMP, known immutable/stable calls */
    MVOL_VOLATILE, /* calls a known VOLATILE function: random(), gen_random_uuid(), nextval()… */
    MVOL_UNKNOWN   /* calls a function infralint does not know: VOLATILE unless it was declared
                      STABLE or IMMUTABLE */
};

/* A column type as PostgreSQL's grammar reads it. */
struct mig_type {
    const char *name; /* canonical: "varchar", "int4", "numeric", "timestamptz", "public.money2"
                         (pg_catalog. left out, aliases resolved: integer is int4); NULL: none */
    long mods[2];     /* type modifiers: varchar(20) 20; numeric(12, 2) 12, 2 */
    int nmods;        /* how many were given (0: none) */
    int array;        /* array dimensions */
};

/* What a WHERE clause of UPDATE/DELETE selects. */
enum mig_where {
    MWHERE_NONE = 0, /* no WHERE: every row */
    MWHERE_NARROW,   /* a conjunct pins rows by a constant: col = 'x', col IN (1, 2), CURRENT OF */
    MWHERE_BROAD     /* anything else: IS NULL, ranges, joins, subqueries */
};

struct mig_action {
    enum mig_op op;
    size_t tok;              /* the clause's first token (ADD, DROP, ALTER, RENAME, …) */
    const char *column;      /* the column it adds/drops/changes/renames, or NULL */
    const char *name;        /* RENAME … TO name, constraint name, partition, schema; or NULL */
    const char *type;        /* ADD COLUMN / ALTER … TYPE: the type as written, or NULL */
    const char *default_sql; /* ADD COLUMN / SET DEFAULT expression as written, or NULL
                                (white space between tokens collapsed to one space) */
    const char *function;    /* the volatile or unknown function the default calls, or NULL */
    int unknown_calls;       /* calls of functions infralint does not know (MVOL_UNKNOWN) */
    enum mig_volatility vol; /* of the default (or GENERATED … STORED expression) */
    enum mig_constraint constraint; /* ADD CONSTRAINT: its kind */
    int not_null;    /* ADD COLUMN … NOT NULL (also PRIMARY KEY, serial, identity) */
    int has_default; /* a DEFAULT other than NULL (serial and identity count) */
    int generated;   /* GENERATED ALWAYS AS (…) STORED */
    int identity;    /* GENERATED … AS IDENTITY, or a serial type */
    int not_valid;   /* ADD CONSTRAINT … NOT VALID (or NOT ENFORCED) */
    int using_index; /* ADD CONSTRAINT … UNIQUE/PRIMARY KEY USING INDEX */
    int if_exists;
    int if_not_exists;
    int concurrently;         /* DETACH PARTITION … CONCURRENTLY */
    int references;           /* ADD COLUMN … REFERENCES */
    int unique;               /* ADD COLUMN … UNIQUE */
    int primary_key;          /* ADD COLUMN … PRIMARY KEY */
    struct mig_type new_type; /* ADD COLUMN, ALTER … TYPE: the type (name NULL when none) */
    int using_expr;           /* ALTER … TYPE … USING an expression other than the column */
    const char *ref_table;    /* FOREIGN KEY / REFERENCES: the referenced table, or NULL */
    const char *index_name;   /* ADD CONSTRAINT … USING INDEX name, or NULL */
    /* Filled by the catalog replay (facts as of this clause): */
    const struct mig_type *old_type; /* ALTER … TYPE: the column's type before, NULL: unknown */
    const struct mig_stmt *domain;   /* ALTER … TYPE, ADD COLUMN: the CREATE DOMAIN of the new
                                        type (this set, or an earlier version directory), or NULL */
    const struct mig_stmt *column_added; /* the ADD COLUMN that added the column, or NULL */
    int prepared; /* SET NOT NULL: a validated CHECK (col IS NOT NULL) exists */
    int noop;     /* SET/DROP NOT NULL on a column that already is so (PostgreSQL does nothing) */
    const struct mig_stmt *added; /* VALIDATE: the ADD CONSTRAINT … NOT VALID of the set, or NULL */
    const struct mig_action *added_action; /* … and its clause */
    const struct mig_stmt *recreated;      /* RENAME TO: a later CREATE of the old name, or NULL */
    const char *actual_table; /* RENAME of a view/index … the relation it renames: canonical */
};

/* Why PostgreSQL's grammar rejected a statement. */
struct mig_syntax {
    unsigned line, col; /* of the parser's cursor */
    const char *msg;    /* PostgreSQL's message */
};

struct migration;

struct mig_stmt {
    const struct migration *mig;
    const char *file; /* the file it is in (a golang-migrate Down is in the .down.sql) */
    enum mig_section section;
    size_t nth;     /* position in mig->stmts */
    unsigned query; /* which goose statement (one database Exec) it was sent in */
    enum mig_kind kind;
    const struct sql_token *toks; /* without comments and without the closing ';' */
    size_t ntoks;
    const char *text;     /* the source from the first token to the last, NUL-terminated */
    const char *sql;      /* normalised: tokens joined by one space ('.' joins without),
                             unquoted words lowercase, every string constant '?' */
    const size_t *tok_at; /* offset of each token in sql */
    unsigned line, col;   /* of the first token */
    const char *table;    /* the table it works on (CREATE/ALTER/DROP TABLE, CREATE INDEX
                             … ON, TRUNCATE): canonical name, or NULL */
    const char **names;   /* every table (DROP TABLE, TRUNCATE) or index (DROP INDEX) named */
    size_t nnames;
    const char *index; /* CREATE INDEX name (NULL when unnamed) */
    int concurrently, if_exists, if_not_exists, unique;
    int only;                   /* … ON ONLY table (CREATE INDEX), ALTER TABLE ONLY … */
    int partitioned;            /* CREATE TABLE … PARTITION BY: a partitioned table */
    struct mig_action *actions; /* ALTER TABLE clauses, in order; CREATE TABLE: its columns
                                   (add_column) and table constraints (add_constraint) */
    size_t nactions;
    int parsed;                      /* PostgreSQL's grammar accepted it: the facts are known */
    const struct mig_syntax *syntax; /* rejected: why (NULL when parsed, or when a goose ENVSUB
                                        placeholder makes the text unknowable) */
    int placeholders;                /* it holds ENVSUB placeholders or ${VAR} templates */
    const char *parent;              /* CREATE TABLE … PARTITION OF parent: the parent, or NULL */
    int as_select;                   /* CREATE TABLE … AS / CREATE MATERIALIZED VIEW … AS */
    const char *routine; /* CREATE FUNCTION/PROCEDURE: its name (the last part), or NULL */
    enum mig_volatility routine_vol; /* … as declared: VOLATILE unless STABLE or IMMUTABLE */
    const char *domain;              /* CREATE DOMAIN: its canonical name, or NULL */
    struct mig_type domain_base;     /* … the type it is over */
    int domain_constrained;          /* … it has constraints (NOT NULL, CHECK) */
    enum mig_where where;            /* UPDATE, DELETE */
    int joins;                       /* UPDATE … FROM, DELETE … USING */
    long tx;                         /* see mig_stmt_tx() */
    unsigned long seq; /* its place in the set's replay (Up statements in version order) */
};

/* Something goose would refuse or skip, found while reading (reported as sql/goose-syntax). */
struct mig_problem {
    unsigned line, col;
    const char *msg;
    const char *fix;
};

struct mig_set;

struct migration {
    struct mig_set *set;
    const char *file;      /* as the user named it / joined with the scanned directory */
    const char *down_file; /* golang-migrate: the .down.sql, or NULL when there is none */
    const char *name;      /* the file's base name */
    enum mig_format format;
    int has_version; /* the name parses as goose (or golang-migrate) does */
    long long version;
    const char *version_text; /* "20240122014727" (also the findings' location) or NULL */
    int explicit_;            /* named on the command line */
    int checked;              /* rules report on it (not context, not released history) */
    int in_change;            /* belongs to the change being reviewed */
    int no_transaction;       /* goose NO TRANSACTION */
    unsigned notx_line;
    unsigned up_line, down_line; /* goose annotation lines; 0 when absent */
    int has_down;                /* goose Down annotation, or golang-migrate .down.sql present */
    size_t ndown;                /* statements in the Down section */
    int down_placeholder;        /* the Down only holds `SELECT '…'` (goose's template) */
    struct mig_stmt *stmts;      /* Up statements, then Down ones, in file order */
    size_t nstmts;
    size_t nqueries;       /* goose statements (database Execs) */
    unsigned long end_seq; /* the replay position after its Up section */
    struct mig_problem *problems;
    size_t nproblems;
    const char *src; /* the file's text */
    size_t len;
    void *loader; /* loader-private state (see migration.c) */
};

struct mig_set {
    const char *dir;      /* as shown */
    const char *real_dir; /* its absolute, resolved form (how sets are told apart) */
    struct migration **v; /* sorted by version, then name (unversioned ones last) */
    size_t n, alloc;
    int history; /* released_through or --since decided what is in the change */
    struct arena *arena;
    struct mig_catalog *catalog; /* the replay of its Up sections (mig_catalog.c) */
    struct mig_names *names;     /* the loader's index of its files (migration.c) */
    enum mig_dialect dialect;    /* MIG_POSTGRES unless evidence or config says otherwise */
    const char *dialect_why;     /* the evidence ("directory name 'db_sqlite3'", "config") or
                                    NULL for PostgreSQL without evidence */
    struct mig_set *prev;        /* a version directory of a tree (…/postgres/<N>/): the one
                                    before it (N-1 or the nearest lower), or NULL */
    struct mig_set *next;        /* … and the one after it, or NULL */
    int release_dir;             /* one version directory of a tree: its files ship together */
};

/* What a relation is (the catalog's view). */
enum mig_relkind {
    MREL_TABLE = 1,
    MREL_PARTITIONED, /* CREATE TABLE … PARTITION BY */
    MREL_PARTITION,   /* PARTITION OF a parent, or attached to one */
    MREL_VIEW,
    MREL_MATVIEW,
    MREL_INDEX
};

/* A relation some Up section created, followed through renames (read-only for rules). */
struct mig_rel {
    const char *name; /* canonical, as of the end of the replay */
    enum mig_relkind kind;
    const struct mig_stmt *created;   /* the statement that created it */
    const struct mig_stmt *renamed;   /* the last RENAME that named it, or NULL */
    const struct mig_stmt *recreated; /* a CREATE that took the name it was renamed away from */
    const struct mig_rel *table;      /* an index's table; a partition's parent; or NULL */
    int retired; /* renamed away: its old name was recreated, or it was renamed to a name that
                    says so (_old, _deprecated, _backup, …) */
};

/* ---- reading the model (rules, policies) ---- */

/* "create_table", "alter_table", … "other". */
const char *mig_kind_name(enum mig_kind k);
/* "add_column", "drop_column", … "other". */
const char *mig_op_name(enum mig_op op);
/* "check", "foreign_key", "unique", "primary_key", "exclude", "not_null", or NULL. */
const char *mig_constraint_name(enum mig_constraint c);
/* "PostgreSQL", "MySQL", "SQLite", "MySQL or SQLite" ("auto" for MIG_DIALECT_AUTO). */
const char *mig_dialect_name(enum mig_dialect d);
/* "postgres", "mysql", "sqlite", "auto" -> the dialect; MIG_DIALECT_AUTO with *ok 0 when the
 * word is none of them. */
enum mig_dialect mig_dialect_parse(const char *word, int *ok);
/* 1 if two migrations ship together: the same one, or files of one version directory. */
int mig_same_release(const struct migration *a, const struct migration *b);
/* "goose", "golang-migrate", "plain". */
const char *mig_format_name(enum mig_format f);
/* Statements of one section of m, through *n (a contiguous slice of m->stmts). */
const struct mig_stmt *mig_section(const struct migration *m, enum mig_section sec, size_t *n);
/* The relation name (a canonical name; an index with is_index, a table, view or partition
 * otherwise) denotes just before st runs, or NULL when no loaded Up section created it (it
 * existed before the migrations infralint read, or does not exist). */
const struct mig_rel *mig_rel_before(const struct mig_stmt *st, const char *name, int is_index);
/* 1 if r is new when st runs: created before st in the same migration, or by an earlier
 * migration of the change (a relation renamed keeps its origin). r may be NULL (0). */
int mig_rel_is_new(const struct mig_rel *r, const struct mig_stmt *st);
/* 1 if table (a canonical name) is new when st runs (mig_rel_is_new). Unqualified names match
 * any schema. */
int mig_table_is_new(const struct mig_stmt *st, const char *table);
/* Same for an index. */
int mig_index_is_new(const struct mig_stmt *st, const char *index);
/* 1 if the column a works on is new: added (ADD COLUMN) before st in the same migration, or by
 * an earlier migration of the change; no running code uses it yet. */
int mig_action_column_is_new(const struct mig_stmt *st, const struct mig_action *a);
/* 1 if name (a table; an index with is_index) is new once m's whole Up section has run: created
 * by it, or by an earlier migration of the change. */
int mig_is_new_after(const struct migration *m, const char *name, int is_index);
/* 1 if two canonical names denote the same relation (an unqualified name matches any schema). */
int mig_name_eq(const char *a, const char *b);
/* 1 if the set's Up sections leave table a partitioned table (PARTITION BY). */
int mig_table_partitioned(const struct mig_set *s, const char *table);
/* The table of an index the set's Up sections created, or NULL. */
const char *mig_index_table(const struct mig_set *s, const char *index);
/* The migration whose Up or Down file is file (as shown), or NULL. */
const struct migration *mig_by_file(const struct mig_set *s, const char *file);
/* "varchar(20)", "numeric(12,2)[]", "int4": the canonical type written to buf; returns buf. */
const char *mig_type_str(const struct mig_type *t, char *buf, size_t n);
/* The anchor of token tok of st: file, line, column, the statement's first line, location
 * (the version) and path. */
struct anchor mig_anchor(const struct mig_stmt *st, size_t tok, const char *path);
/* An anchor at a position of a migration's (Up) file. */
struct anchor mig_file_anchor(const struct migration *m, const char *file, unsigned line,
                              unsigned col, const char *path);
/* The transaction st runs in: 0 none (autocommit), -1 the one goose wraps the file in, the
 * position + 1 of the BEGIN that opened an explicit transaction block, or -(query + 2) for the
 * implicit transaction of a multi-statement query: a goose query of several statements in a NO
 * TRANSACTION file, or a golang-migrate file of several statements (golang-migrate sends the
 * whole file in one Exec). Two statements with the same non-zero value run in one
 * transaction. */
long mig_stmt_tx(const struct mig_stmt *st);
/* Line and column of byte offset off of st->text (columns count characters). */
void mig_text_pos(const struct mig_stmt *st, size_t off, unsigned *line, unsigned *col);
/* Search st->sql with re from token `from` on; the index of the token where the match starts,
 * or -1 when there is none (or the match failed). */
long mig_stmt_find(const struct mig_stmt *st, struct regex *re, size_t from);

/* ---- loading (discover, cmd_check) ---- */

/* History options: what belongs to the change. */
struct mig_history {
    int has_released_through;
    unsigned long long released_through;
    const char *since; /* git ref, or NULL */
};

/* Take a .sql file met while walking (explicit 0) or named on the command line (explicit 1).
 * buf is the file's content (copied). Files that are not migrations are recorded as skipped. */
void mig_add_file(struct project *p, const char *path, const char *buf, size_t len, int explicit_,
                  struct diag_list *d);
/* After every path is read: load the siblings of explicitly named migrations as context, decide
 * on unannotated files in goose directories, sort every set by version. */
void mig_finish(struct project *p, struct diag_list *d);
/* Decide which migrations are checked and which belong to the change (released_through,
 * --since via git), and hand the inline ignores of checked ones to the project. Returns 1 when
 * migrations were loaded but neither released_through nor --since was given. */
int mig_apply_history(struct project *p, const struct mig_history *h, struct diag_list *d);
/* Decide the dialect of every set from evidence (mig_finish calls it), or set forced (not
 * MIG_DIALECT_AUTO, from config) on every set. */
void mig_detect_dialects(struct project *p, enum mig_dialect forced);
/* Free a set and everything in it. */
void mig_set_free(struct mig_set *s);

#endif
