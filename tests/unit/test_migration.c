/* test_migration.c — goose's reading of a file (mig_goose), statement analysis and the
 * migration model (splitting, kinds, ALTER TABLE clauses, new tables, transactions). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infralint/migration.h"
#include "infralint/project.h"
#include "infralint/regex.h"
#include "mig_goose.h"

/* ---- goose's line-oriented reading ---- */

static struct goose_file g;

static void parse(const char *s)
{
    mig_goose_release(&g);
    mig_goose_parse(s, strlen(s), &g);
}

/* 1 if some note (fatal as given) at line starts with msg. */
static int has_note(unsigned line, int fatal, const char *msg)
{
    for (size_t i = 0; i < g.nnotes; i++)
        if (g.notes[i].line == line && g.notes[i].fatal == fatal &&
            !strncmp(g.notes[i].msg, msg, strlen(msg)))
            return 1;
    for (size_t i = 0; i < g.nnotes; i++)
        printf("  note %u:%u fatal=%d %s\n", g.notes[i].line, g.notes[i].col, g.notes[i].fatal,
               g.notes[i].msg);
    return 0;
}

static void goose_basic(void)
{
    parse("-- +goose Up\nCREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n"
          "-- +goose Down\nDROP TABLE t;\n");
    CHECK(g.nnotes == 0);
    CHECK(g.up_line == 1 && g.down_line == 5 && !g.notx_line);
    CHECK(g.nchunks == 3);
    CHECK(g.chunks[0].section == MIG_UP && g.chunks[0].line == 2 && g.chunks[0].semi_line == 2);
    CHECK(g.chunks[1].line == 4);
    CHECK(g.chunks[2].section == MIG_DOWN && g.chunks[2].line == 6);

    /* a statement spans lines until one ends with ';' (before a -- comment) */
    parse("-- +goose Up\nSELECT 1,\n  2; -- two\nSELECT 3; SELECT 3; -- one query\n"
          "SELECT 4;--not a word of its own\nSELECT 5;\n");
    CHECK(g.nchunks == 3);
    CHECK(g.chunks[0].line == 2 && g.chunks[0].end_line == 3);
    CHECK(g.chunks[1].line == 4 && g.chunks[1].end_line == 4);
    CHECK(g.chunks[2].line == 5 && g.chunks[2].end_line == 6); /* "4;--not" is one word */

    /* StatementBegin/End: semicolons inside, last statement without ';' */
    parse("-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() AS $$\nBEGIN\n  x;\nEND\n"
          "$$ LANGUAGE plpgsql\n-- +goose StatementEnd\n-- +goose Down\n");
    CHECK(g.nnotes == 0);
    CHECK(g.nchunks == 1 && g.chunks[0].line == 3 && g.chunks[0].end_line == 7);
    CHECK(g.chunks[0].begin_line == 2 && g.chunks[0].semi_line == 0);

    /* annotations are case-insensitive; NO TRANSACTION; CRLF */
    parse(
        "-- +goose NO TRANSACTION\r\n-- +goose up\r\nCREATE INDEX CONCURRENTLY i ON t (x);\r\n"
        "-- +goose down\r\n--+goose statementbegin\r\nDROP INDEX i\r\n-- +goose StatementEND\r\n");
    CHECK(g.nnotes == 0);
    CHECK(g.notx_line == 1 && g.up_line == 2 && g.down_line == 4);
    CHECK(g.nchunks == 2 && g.chunks[1].section == MIG_DOWN);

    /* goose's quirk: after an empty block, the next SQL line is dropped (and said so) */
    parse("-- +goose Up\n-- +goose StatementBegin\n-- +goose StatementEnd\nSELECT 1\nSELECT 2;\n");
    CHECK(g.nchunks == 1 && g.chunks[0].line == 5);
    CHECK(has_note(4, 0, "goose drops this line"));

    /* comments before a statement are skipped (and kept for ignores); inside, they stay */
    parse("-- +goose Up\n-- lead\nSELECT\n-- inside\n1;\n");
    CHECK(g.ngaps == 1 && g.gaps[0].line == 2);
    CHECK(g.nchunks == 1 && g.chunks[0].line == 3 && g.chunks[0].end_line == 5);

    /* ENVSUB regions */
    parse("-- +goose Up\n-- +goose ENVSUB ON\nSELECT '${A}';\n-- +goose ENVSUB OFF\nSELECT 1;\n");
    CHECK(g.envsub && g.envsub[3] && !g.envsub[5]);
}

static void goose_problems(void)
{
    parse("CREATE TABLE t (x int);\n");
    CHECK(has_note(1, 0, "SQL before '-- +goose Up'"));
    parse("-- +goose NO TRANSACTION\n");
    CHECK(has_note(1, 0, "no '-- +goose Up'"));
    parse("-- +goose Up\n  -- +goose Down\n");
    CHECK(has_note(2, 0, "goose annotation with leading white space"));
    parse("-- +goose Up\n-- +goose Sideways\n");
    CHECK(has_note(2, 0, "unknown goose annotation 'Sideways'"));
    parse("-- +goose Up\n-- +goose\n");
    CHECK(has_note(2, 0, "empty goose annotation"));
    parse("-- +goose Up\n-- +goose Down +goose Up\n");
    CHECK(has_note(2, 0, "more than one '+goose'"));
    parse("-- +GOOSE Up\nSELECT 1;\n");
    CHECK(has_note(1, 0, "'+GOOSE' is not a goose annotation"));
    parse("-- +goose Up\n-- +goose Up\n");
    CHECK(has_note(2, 0, "second '-- +goose Up' (the first is on line 1)"));
    parse("-- +goose Down\nSELECT 1;\n");
    CHECK(has_note(1, 0, "'-- +goose Down' before any '-- +goose Up'"));
    /* the first Up after a Down (or a StatementBegin) that came first: one note, on the line
     * that caused it; never "second Up (the first is on line N)" naming the Up itself */
    parse("-- +goose Down\nDROP TABLE t;\n-- +goose Up\nCREATE TABLE t (x int);\n");
    CHECK(g.nnotes == 1 && has_note(1, 0, "'-- +goose Down' before any '-- +goose Up'"));
    CHECK(g.up_line == 3 && g.nchunks == 2 && g.chunks[1].section == MIG_UP);
    parse("-- +goose StatementBegin\n-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n");
    CHECK(g.nnotes == 1 && has_note(1, 0, "'-- +goose StatementBegin' before '-- +goose Up'"));
    CHECK(g.up_line == 2);
    parse("-- +goose Up\n-- +goose Down\n-- +goose Down\n");
    CHECK(has_note(3, 0, "second '-- +goose Down'"));
    parse("-- +goose Up\n-- +goose StatementEnd\n");
    CHECK(has_note(2, 0, "'-- +goose StatementEnd' without"));
    parse("-- +goose Up\n-- +goose StatementBegin\n-- +goose StatementBegin\nx\n"
          "-- +goose StatementEnd\n");
    CHECK(has_note(3, 0, "'-- +goose StatementBegin' inside the block opened on line 2"));
    parse("-- +goose Up\nSELECT 1\n-- +goose Down\nSELECT 2\n");
    CHECK(has_note(2, 0, "the statement starting here is not ended by ';'"));
    CHECK(has_note(4, 0,
                   "the statement starting here is not ended by ';' at the end of a line "
                   "before the end of the file"));
    parse("\xEF\xBB\xBF-- +goose Up\nSELECT 1;\n");
    CHECK(has_note(1, 0, "the file starts with a UTF-8 byte order mark"));
    CHECK(g.up_line == 1 && g.nchunks == 1);

    /* input errors: goose cannot read the file at all */
    parse("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n");
    CHECK(has_note(2, 1, "'-- +goose StatementBegin' has no matching"));
    CHECK(g.nchunks == 1); /* read on as if it ended there */
    parse("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\nSELECT 2;\n");
    CHECK(has_note(2, 1, "'-- +goose StatementBegin' has no matching"));
    CHECK(g.nchunks == 2 && g.chunks[1].section == MIG_DOWN);
    size_t n = GOOSE_MAX_LINE + 10;
    char *big = malloc(n + 20);
    memcpy(big, "-- +goose Up\n", 13);
    memset(big + 13, 'x', n);
    strcpy(big + 13 + n, "\n");
    parse(big);
    CHECK(has_note(2, 1, "line is longer than goose's limit"));
    free(big);
}

static void goose_annotated(void)
{
    const char *a = "SELECT 1;\n  -- +GOOSE up\n";
    CHECK(mig_goose_annotated(a, strlen(a)));
    const char *b = "SELECT '-- +goose Up';\n";
    CHECK(!mig_goose_annotated(b, strlen(b)));
    const char *c = "\xEF\xBB\xBF-- +goose Up\n";
    CHECK(mig_goose_annotated(c, strlen(c)));
}

/* ---- the model ---- */

static struct project p;

/* Load one goose file (met while walking, so no siblings are read) and return it. */
static const struct migration *load(const char *name, const char *text)
{
    project_release(&p);
    project_init(&p);
    struct diag_list d = {0};
    mig_add_file(&p, name, text, strlen(text), 0, &d);
    mig_finish(&p, &d);
    struct mig_history h = {0};
    mig_apply_history(&p, &h, &d);
    for (size_t i = 0; i < d.n; i++)
        printf("  diag %u:%u %s\n", d.v[i].line, d.v[i].col, d.v[i].message);
    diag_release(&d);
    return p.nmigs && p.migs[0]->n ? p.migs[0]->v[0] : NULL;
}

static const struct mig_stmt *up1(const char *sql)
{
    char *text = malloc(strlen(sql) + 40);
    strcpy(text, "-- +goose Up\n");
    strcat(text, sql);
    strcat(text, "\n-- +goose Down\n");
    const struct migration *m = load("1_t.sql", text);
    free(text);
    return m && m->nstmts ? &m->stmts[0] : NULL;
}

static void kinds(void)
{
    static const struct {
        const char *sql, *kind;
    } cases[] = {
        {"CREATE TABLE t (x int);", "create_table"},
        {"create unlogged table if not exists t (x int);", "create_table"},
        {"CREATE TEMP TABLE t AS SELECT 1;", "create_table"},
        {"CREATE UNIQUE INDEX CONCURRENTLY i ON t (x);", "create_index"},
        {"ALTER TABLE t ADD x int;", "alter_table"},
        {"DROP TABLE t;", "drop_table"},
        {"drop index i;", "drop_index"},
        {"TRUNCATE t;", "truncate"},
        {"CREATE OR REPLACE VIEW v AS SELECT 1;", "create_view"},
        {"CREATE MATERIALIZED VIEW v AS SELECT 1;", "create_materialized_view"},
        {"REFRESH MATERIALIZED VIEW CONCURRENTLY v;", "refresh_materialized_view"},
        {"CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;",
         "create_function"},
        {"CREATE TYPE s AS ENUM ('a');", "create_type"},
        {"ALTER TYPE s ADD VALUE 'b';", "alter_type"},
        {"INSERT INTO t VALUES (1);", "insert"},
        {"UPDATE t SET x = 1;", "update"},
        {"DELETE FROM t;", "delete"},
        {"WITH x AS (SELECT 1) SELECT * FROM x;", "with"},
        {"DO $$ BEGIN END $$;", "do"},
        {"SET lock_timeout = '5s';", "set"},
        {"BEGIN;", "begin"},
        {"COMMIT;", "commit"},
        {"GRANT SELECT ON t TO r;", "grant"},
        {"COMMENT ON TABLE t IS 'x';", "comment"},
        {"VACUUM t;", "vacuum"},
        {"\"create\" table t;", "other"}, /* a quoted word is never a keyword */
        {"tablespace;", "other"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct mig_stmt *st = up1(cases[i].sql);
        CHECK(st != NULL);
        if (st && strcmp(mig_kind_name(st->kind), cases[i].kind)) {
            check_fail++;
            printf("FAIL kind of %s: %s, want %s\n", cases[i].sql, mig_kind_name(st->kind),
                   cases[i].kind);
        } else {
            check_pass++;
        }
    }
}

static const struct mig_action *action(const char *sql, size_t k)
{
    const struct mig_stmt *st = up1(sql);
    if (!st || k >= st->nactions) {
        printf("  no action %zu in %s\n", k, sql);
        return NULL;
    }
    return &st->actions[k];
}

static void alter_table(void)
{
    const struct mig_stmt *st = up1("ALTER TABLE IF EXISTS ONLY public.\"Orders\" ADD COLUMN "
                                    "x int NOT NULL DEFAULT 0, DROP y;");
    CHECK(st && st->if_exists && !strcmp(st->table, "public.\"Orders\"") && st->nactions == 2);
    const struct mig_action *a = st && st->nactions ? &st->actions[0] : NULL;
    CHECK(a && a->op == MOP_ADD_COLUMN && !strcmp(a->column, "x") && !strcmp(a->type, "int"));
    CHECK(a && a->not_null && a->has_default && a->vol == MVOL_STABLE);
    CHECK(a && !strcmp(a->default_sql, "0"));
    CHECK(a && st->toks[a->tok].line == 2 && st->toks[a->tok].col == 44);
    CHECK(st && st->nactions == 2 && st->actions[1].op == MOP_DROP_COLUMN &&
          !strcmp(st->actions[1].column, "y"));

    a = action("ALTER TABLE t ADD COLUMN IF NOT EXISTS c timestamptz DEFAULT now();", 0);
    CHECK(a && a->if_not_exists && !a->not_null && a->vol == MVOL_STABLE);
    a = action("ALTER TABLE t ADD c uuid NOT NULL DEFAULT gen_random_uuid();", 0);
    CHECK(a && a->vol == MVOL_VOLATILE && !strcmp(a->function, "gen_random_uuid"));
    a = action("ALTER TABLE t ADD c uuid DEFAULT public.uuid_generate_v4();", 0);
    CHECK(a && a->vol == MVOL_VOLATILE);
    a = action("ALTER TABLE t ADD c jsonb DEFAULT my_fn();", 0);
    CHECK(a && a->vol == MVOL_UNKNOWN && !strcmp(a->function, "my_fn"));
    a = action("ALTER TABLE t ADD c text DEFAULT 'x'::varchar(10);", 0);
    CHECK(a && a->vol == MVOL_STABLE);
    a = action("ALTER TABLE t ADD c numeric(12, 2)[] DEFAULT cast(0 as numeric(12,2));", 0);
    CHECK(a && a->vol == MVOL_STABLE && !strcmp(a->type, "numeric(12, 2)[]"));
    a = action("ALTER TABLE t ADD c int DEFAULT NULL NOT NULL;", 0);
    CHECK(a && a->not_null && !a->has_default);
    a = action("ALTER TABLE t ADD c bigserial;", 0);
    CHECK(a && a->not_null && a->identity && a->vol == MVOL_VOLATILE);
    a = action("ALTER TABLE t ADD c bigint GENERATED ALWAYS AS IDENTITY;", 0);
    CHECK(a && a->identity && a->not_null);
    a = action("ALTER TABLE t ADD c numeric GENERATED ALWAYS AS (a + b) STORED NOT NULL;", 0);
    CHECK(a && a->generated && a->not_null && !a->has_default);
    a = action("ALTER TABLE t ADD c int REFERENCES u (id) ON DELETE CASCADE UNIQUE;", 0);
    CHECK(a && a->references && a->unique && !a->not_null);
    a = action("ALTER TABLE t ADD c int PRIMARY KEY;", 0);
    CHECK(a && a->not_null);

    a = action("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID;", 0);
    CHECK(a && a->op == MOP_ADD_CONSTRAINT && a->constraint == MCON_FOREIGN_KEY && a->not_valid);
    CHECK(a && !strcmp(a->name, "fk"));
    a = action("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u;", 0);
    CHECK(a && a->constraint == MCON_FOREIGN_KEY && !a->not_valid && !a->name);
    a = action("ALTER TABLE t ADD CONSTRAINT c CHECK (x IS NOT NULL) NOT VALID;", 0);
    CHECK(a && a->constraint == MCON_CHECK && a->not_valid && a->column && !strcmp(a->column, "x"));
    a = action("ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0 AND (y IS NOT NULL));", 0);
    CHECK(a && a->constraint == MCON_CHECK && !a->column && !a->not_valid);
    a = action("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i;", 0);
    CHECK(a && a->constraint == MCON_UNIQUE && a->using_index);
    a = action("ALTER TABLE t ADD PRIMARY KEY (id);", 0);
    CHECK(a && a->constraint == MCON_PRIMARY_KEY);
    a = action("ALTER TABLE t VALIDATE CONSTRAINT \"Fk\";", 0);
    CHECK(a && a->op == MOP_VALIDATE_CONSTRAINT && !strcmp(a->name, "\"Fk\""));
    a = action("ALTER TABLE t DROP CONSTRAINT IF EXISTS c;", 0);
    CHECK(a && a->op == MOP_DROP_CONSTRAINT && a->if_exists);
    a = action("ALTER TABLE t DROP COLUMN IF EXISTS c CASCADE;", 0);
    CHECK(a && a->op == MOP_DROP_COLUMN && a->if_exists && !strcmp(a->column, "c"));

    a = action("ALTER TABLE t ALTER COLUMN c TYPE bigint USING c::bigint;", 0);
    CHECK(a && a->op == MOP_ALTER_TYPE && !strcmp(a->type, "bigint"));
    a = action("ALTER TABLE t ALTER c SET DATA TYPE varchar(20);", 0);
    CHECK(a && a->op == MOP_ALTER_TYPE && !strcmp(a->type, "varchar(20)"));
    a = action("ALTER TABLE t ALTER COLUMN type TYPE text;", 0);
    CHECK(a && a->op == MOP_ALTER_TYPE && !strcmp(a->column, "type"));
    a = action("ALTER TABLE t ALTER COLUMN c SET NOT NULL;", 0);
    CHECK(a && a->op == MOP_SET_NOT_NULL);
    a = action("ALTER TABLE t ALTER COLUMN c DROP NOT NULL;", 0);
    CHECK(a && a->op == MOP_DROP_NOT_NULL);
    a = action("ALTER TABLE t ALTER COLUMN c SET DEFAULT random();", 0);
    CHECK(a && a->op == MOP_SET_DEFAULT && a->vol == MVOL_VOLATILE);
    a = action("ALTER TABLE t ALTER COLUMN c DROP DEFAULT;", 0);
    CHECK(a && a->op == MOP_DROP_DEFAULT);
    a = action("ALTER TABLE t ALTER CONSTRAINT c DEFERRABLE;", 0);
    CHECK(a && a->op == MOP_OTHER);

    a = action("ALTER TABLE t RENAME COLUMN a TO b;", 0);
    CHECK(a && a->op == MOP_RENAME_COLUMN && !strcmp(a->column, "a") && !strcmp(a->name, "b"));
    a = action("ALTER TABLE t RENAME a TO b;", 0);
    CHECK(a && a->op == MOP_RENAME_COLUMN);
    a = action("ALTER TABLE t RENAME TO u;", 0);
    CHECK(a && a->op == MOP_RENAME_TABLE && !strcmp(a->name, "u"));
    a = action("ALTER TABLE t RENAME CONSTRAINT a TO b;", 0);
    CHECK(a && a->op == MOP_RENAME_CONSTRAINT && !strcmp(a->name, "b"));
    a = action("ALTER TABLE t SET SCHEMA s;", 0);
    CHECK(a && a->op == MOP_SET_SCHEMA);
    a = action("ALTER TABLE t DETACH PARTITION p CONCURRENTLY;", 0);
    CHECK(a && a->op == MOP_DETACH_PARTITION && a->concurrently);
    a = action("ALTER TABLE t ENABLE ROW LEVEL SECURITY;", 0);
    CHECK(a && a->op == MOP_OTHER);
    /* commas inside parentheses do not split clauses */
    st = up1("ALTER TABLE t ADD CONSTRAINT c CHECK (f(a, b)), ADD d int;");
    CHECK(st && st->nactions == 2 && st->actions[1].op == MOP_ADD_COLUMN);
}

static void other_statements(void)
{
    const struct mig_stmt *st = up1("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Idx\" ON "
                                    "ONLY s.t USING btree (x);");
    CHECK(st && st->unique && st->concurrently && st->if_not_exists);
    CHECK(st && !strcmp(st->index, "\"Idx\"") && !strcmp(st->table, "s.t"));
    st = up1("CREATE INDEX ON t (x);");
    CHECK(st && !st->index && !strcmp(st->table, "t"));
    st = up1("DROP INDEX CONCURRENTLY IF EXISTS a, s.b CASCADE;");
    CHECK(st && st->concurrently && st->if_exists && st->nnames == 2);
    CHECK(st && !strcmp(st->names[1], "s.b") && !strcmp(st->index, "a"));
    st = up1("DROP TABLE IF EXISTS a, b;");
    CHECK(st && st->nnames == 2 && !strcmp(st->table, "a"));
    st = up1("TRUNCATE TABLE ONLY a, b * RESTART IDENTITY;");
    CHECK(st && st->nnames == 2 && !strcmp(st->names[1], "b"));
    st = up1("CREATE TABLE ev (id int, at date) PARTITION BY RANGE (at);");
    CHECK(st && st->partitioned && !strcmp(st->table, "ev"));
    CHECK(st && mig_table_partitioned(st->mig->set, "public.ev"));
    st = up1(
        "CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');");
    CHECK(st && !st->partitioned && !strcmp(st->table, "ev_2025"));
    st = up1("CREATE TABLE t (x int, y int, PRIMARY KEY (x, y));");
    CHECK(st && !st->partitioned);
    st = up1("CREATE INDEX i ON ONLY ev (at);");
    CHECK(st && st->only && !strcmp(st->table, "ev") && !strcmp(st->index, "i"));
    CHECK(st && !strcmp(mig_index_table(st->mig->set, "i"), "ev") &&
          !mig_index_table(st->mig->set, "j"));
    st = up1("REINDEX INDEX CONCURRENTLY i;");
    CHECK(st && st->concurrently);
    st = up1("CREATE TABLE /* TEMPLATE: schema */river_job (id int);");
    CHECK(st && !strcmp(st->table, "river_job"));
    st = up1("create table \"users\" (id int);");
    CHECK(st && !strcmp(st->table, "users")); /* "users" and users are one name */
    st = up1("ALTER TABLE Orders ADD  x\n  int;");
    CHECK(st && !strcmp(st->sql, "alter table orders add x int"));
    CHECK(st && !strcmp(st->text, "ALTER TABLE Orders ADD  x\n  int"));
    st = up1("SELECT 'a', \"Q\", s.t, $$b$$;");
    CHECK(st && !strcmp(st->sql, "select '?' , \"Q\" , s.t , '?'"));
}

static void splitting(void)
{
    const struct migration *m =
        load("2_s.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (x int);\n"
                        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                        "SELECT CASE WHEN true THEN 1 END; END;\nSELECT f()\n"
                        "-- +goose StatementEnd\n-- +goose Down\nSELECT 'down SQL query';\n");
    CHECK(m && m->nstmts == 4 && m->nqueries == 2);
    CHECK(m && m->stmts[1].kind == MK_CREATE_FUNCTION && m->stmts[2].kind == MK_SELECT);
    CHECK(m && m->stmts[0].query == 0 && m->stmts[2].query == 0 && m->stmts[3].query == 1);
    CHECK(m && m->ndown == 1 && m->down_placeholder);
    CHECK(m && mig_stmt_tx(&m->stmts[0]) == -1);

    m = load("3_s.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1; SELECT 2;\nSELECT 3;\n"
                        "BEGIN;\nSELECT 4;\nCOMMIT;\nSELECT 5;\n-- +goose Down\nDROP TABLE x;\n");
    CHECK(m && m->nstmts == 8);
    CHECK(m && mig_stmt_tx(&m->stmts[0]) == -2 && mig_stmt_tx(&m->stmts[1]) == -2);
    CHECK(m && mig_stmt_tx(&m->stmts[2]) == 0);
    CHECK(m && mig_stmt_tx(&m->stmts[4]) == 4); /* BEGIN is statement 3 */
    CHECK(m && mig_stmt_tx(&m->stmts[6]) == 0);
    CHECK(m && !m->down_placeholder);

    /* golang-migrate: psql-style splitting, the last statement may lack ';' */
    project_release(&p);
    project_init(&p);
    struct diag_list d = {0};
    const char *up = "ALTER TABLE t ADD x int; UPDATE t SET x = 1\n";
    mig_add_file(&p, "7_x.up.sql", up, strlen(up), 0, &d);
    mig_add_file(&p, "7_x.down.sql", "", 0, 0, &d);
    mig_finish(&p, &d);
    CHECK(d.n == 0 && p.nmigs == 1 && p.migs[0]->n == 1);
    m = p.migs[0]->v[0];
    CHECK(m->format == MIG_GOLANG_MIGRATE && m->nstmts == 2 && m->has_down && m->ndown == 0);
    CHECK(m->down_file && !strcmp(m->down_file, "7_x.down.sql"));
    diag_release(&d);
}

static void new_tables(void)
{
    const struct migration *m =
        load("4_n.sql", "-- +goose Up\nALTER TABLE orders ADD x int;\nCREATE TABLE public.items "
                        "(id int);\nCREATE INDEX items_id ON items (id);\nALTER TABLE items "
                        "RENAME TO goods;\nALTER TABLE goods ADD y int;\nDROP INDEX items_id;\n"
                        "ALTER TABLE orders RENAME TO purchases;\nALTER TABLE purchases ADD z "
                        "int;\n-- +goose Down\n");
    CHECK(m && m->nstmts == 8);
    if (!m || m->nstmts != 8)
        return;
    CHECK(!mig_table_is_new(&m->stmts[0], "orders"));
    CHECK(!mig_table_is_new(&m->stmts[1], "items")); /* not before its own CREATE */
    CHECK(mig_table_is_new(&m->stmts[2], "items"));  /* unqualified matches public.items */
    CHECK(mig_table_is_new(&m->stmts[4], "goods"));  /* renamed from a new table */
    CHECK(mig_index_is_new(&m->stmts[5], "items_id"));
    CHECK(!mig_table_is_new(&m->stmts[7], "purchases")); /* renamed from an old table */
    CHECK(mig_name_eq("s.t", "t") && mig_name_eq("t", "x.t") && !mig_name_eq("a.t", "b.t"));
    CHECK(!mig_name_eq("\"a.t\"", "t") && mig_name_eq("\"a.t\"", "s.\"a.t\""));
}

static void finding_positions(void)
{
    const struct migration *m = load("5_p.sql", "-- +goose Up\n-- lead\nALTER TABLE t\n"
                                                "  DROP COLUMN c;\n-- +goose Down\n");
    CHECK(m && m->nstmts == 1);
    if (!m || !m->nstmts)
        return;
    struct anchor at = mig_anchor(&m->stmts[0], m->stmts[0].actions[0].tok, "t.c");
    CHECK(at.line == 4 && at.col == 3 && at.line2 == 3 && !strcmp(at.location, "5"));
    char err[64];
    struct regex *re = regex_new("\\bdrop column\\b", 0, err, sizeof(err));
    CHECK(re && mig_stmt_find(&m->stmts[0], re, 0) == 3);
    CHECK(re && mig_stmt_find(&m->stmts[0], re, 4) == -1);
    regex_free(re);
}

/* Facts from PostgreSQL's parse tree: types, WHERE clauses, syntax errors, placeholders. */
static void tree_facts(void)
{
    const struct mig_action *a = action("ALTER TABLE t ALTER c TYPE character varying(20);", 0);
    CHECK(a && !strcmp(a->new_type.name, "varchar") && a->new_type.nmods == 1 &&
          a->new_type.mods[0] == 20 && !a->using_expr);
    a = action("ALTER TABLE t ALTER c TYPE numeric(12, 2)[] USING c::numeric(12, 2)[];", 0);
    CHECK(a && !strcmp(a->new_type.name, "numeric") && a->new_type.nmods == 2 &&
          a->new_type.mods[1] == 2 && a->new_type.array == 1 && !a->using_expr);
    a = action("ALTER TABLE t ALTER c TYPE int USING length(c);", 0);
    CHECK(a && !strcmp(a->new_type.name, "int4") && a->using_expr);
    a = action("ALTER TABLE t ADD c int REFERENCES s.u (id);", 0);
    CHECK(a && a->references && !strcmp(a->ref_table, "s.u"));
    a = action("ALTER TABLE t ADD CONSTRAINT p PRIMARY KEY USING INDEX \"I\";", 0);
    CHECK(a && a->constraint == MCON_PRIMARY_KEY && a->using_index &&
          !strcmp(a->index_name, "\"I\""));
    a = action("ALTER TABLE t ADD c text DEFAULT 'x'::varchar(10);", 0);
    CHECK(a && a->vol == MVOL_STABLE && !a->function); /* a cast, not a call */

    const struct mig_stmt *st = up1("UPDATE t SET a = 1;");
    CHECK(st && st->kind == MK_UPDATE && st->where == MWHERE_NONE && !strcmp(st->table, "t"));
    st = up1("UPDATE t SET a = 1 WHERE id = 5 AND b > 2;");
    CHECK(st && st->where == MWHERE_NARROW);
    st = up1("DELETE FROM t WHERE code IN ('a', 'b');");
    CHECK(st && st->kind == MK_DELETE && st->where == MWHERE_NARROW);
    st = up1("UPDATE t SET a = u.a FROM u WHERE t.id = u.id;");
    CHECK(st && st->where == MWHERE_BROAD && st->joins);
    st = up1("UPDATE t SET a = 0 WHERE a IS NULL;");
    CHECK(st && st->where == MWHERE_BROAD);

    /* a statement PostgreSQL rejects: the parser's position, PostgreSQL's words */
    st = up1("ALTER TABLE t ALTER COLUMN a\n  SET NULL;");
    CHECK(st && !st->parsed && st->kind == MK_OTHER && st->syntax && st->syntax->line == 3 &&
          st->syntax->col == 7 && strstr(st->syntax->msg, "syntax error at or near \"NULL\""));
    st = up1("CREATE ROLE r PASSWORD 'hunter2' x;");
    CHECK(st && st->syntax && !strstr(st->syntax->msg, "hunter2"));
    st = up1("CREATE ROLE r 'hunter2';");
    CHECK(st && st->syntax && !strstr(st->syntax->msg, "hunter2") &&
          strstr(st->syntax->msg, "at a string constant"));
    /* ${VAR} templates stand for names (or nothing): never a syntax error */
    st = up1("CREATE TABLE ${SCHEMA}.orders (id int);");
    CHECK(st && st->parsed && st->placeholders && !strcmp(st->table, "${SCHEMA}.orders"));
    st = up1("CREATE ${MAYBE_UNLOGGED} TABLE ${PREFIX}orders (id int);");
    CHECK(st && st->parsed && !st->syntax && st->kind == MK_CREATE_TABLE);
    st = up1("SELECT * FROM ${A} ${B} ${C};");
    CHECK(st && !st->syntax);

    /* partitions, views, materialized views and tables created as a query are relations */
    st = up1("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;");
    CHECK(st && st->kind == MK_CREATE_MATVIEW && st->as_select && !strcmp(st->table, "mv"));
    st = up1("CREATE TABLE p1 PARTITION OF ev FOR VALUES IN (1);");
    CHECK(st && !strcmp(st->parent, "ev"));
    st = up1("ALTER MATERIALIZED VIEW mv RENAME TO mv2;");
    CHECK(st && st->kind == MK_ALTER_VIEW && st->nactions == 1 &&
          st->actions[0].op == MOP_RENAME_TABLE);
}

/* The replay of the Up sections: names through renames, old types, constraints. */
static void catalog(void)
{
    const struct migration *m = load(
        "6_c.sql",
        "-- +goose Up\nCREATE TABLE t (id bigserial, c varchar(10), n numeric(10, 2));\n"
        "ALTER TABLE t ALTER c TYPE text;\nALTER TABLE t ALTER c TYPE varchar(5);\n"
        "ALTER TABLE t ALTER id TYPE int;\n"
        "ALTER TABLE orders RENAME TO orders_old;\nCREATE TABLE orders (id int);\n"
        "DROP TABLE orders_old;\nCREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\n"
        "CREATE INDEX mv_x ON mv (x);\n"
        "ALTER TABLE users ADD CONSTRAINT nn CHECK (email IS NOT NULL) NOT VALID;\n"
        "ALTER TABLE users VALIDATE CONSTRAINT nn;\nALTER TABLE users ALTER email SET NOT NULL;\n"
        "-- +goose Down\n");
    CHECK(m && m->nstmts == 12);
    if (!m || m->nstmts != 12)
        return;
    char b[64];
    CHECK(m->stmts[1].actions[0].old_type &&
          !strcmp(mig_type_str(m->stmts[1].actions[0].old_type, b, sizeof(b)), "varchar(10)"));
    CHECK(m->stmts[2].actions[0].old_type &&
          !strcmp(m->stmts[2].actions[0].old_type->name, "text"));
    CHECK(!strcmp(m->stmts[3].actions[0].old_type->name, "int8")); /* bigserial is int8 */
    /* the swap: renamed away, recreated under the old name, the old table dropped */
    CHECK(m->stmts[4].actions[0].recreated == &m->stmts[5]);
    const struct mig_rel *r = mig_rel_before(&m->stmts[6], "orders_old", 0);
    CHECK(r && r->retired && r->recreated == &m->stmts[5] && !r->created);
    CHECK(!mig_table_is_new(&m->stmts[4], "orders") && mig_table_is_new(&m->stmts[6], "orders"));
    CHECK(mig_table_is_new(&m->stmts[8], "mv") && mig_index_is_new(&m->stmts[9], "mv_x"));
    CHECK(m->stmts[10].actions[0].added == &m->stmts[9]); /* VALIDATE finds its NOT VALID */
    CHECK(m->stmts[11].actions[0].prepared);
}

/* Statements on relations an earlier statement dropped or renamed away (PostgreSQL fails them):
 * the replay goes on. */
static void catalog_gone(void)
{
    const struct migration *m = load(
        "7_g.sql", "-- +goose Up\nDROP TABLE t;\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n"
                   "ALTER TABLE t VALIDATE CONSTRAINT c;\nALTER TABLE t ATTACH PARTITION p "
                   "FOR VALUES IN (1);\nALTER TABLE t ALTER x TYPE int;\nALTER TABLE u RENAME "
                   "TO v;\nALTER TABLE u ADD y int;\nCREATE INDEX i ON t (x);\nDROP INDEX "
                   "i;\nALTER INDEX i RENAME TO j;\n-- +goose Down\n");
    CHECK(m && m->nstmts == 10);
    CHECK(m && !mig_rel_before(&m->stmts[2], "t", 0));
}

static void names(void)
{
    CHECK(!strcmp(mig_op_name(MOP_ALTER_TYPE), "alter_column_type"));
    CHECK(!strcmp(mig_op_name(MOP_DETACH_PARTITION), "detach_partition"));
    CHECK(!strcmp(mig_constraint_name(MCON_FOREIGN_KEY), "foreign_key"));
    CHECK(mig_constraint_name(MCON_NONE) == NULL);
    CHECK(!strcmp(mig_format_name(MIG_GOLANG_MIGRATE), "golang-migrate"));
    CHECK(!strcmp(mig_kind_name(MK_REFRESH_MATVIEW), "refresh_materialized_view"));
    CHECK(!strcmp(mig_kind_name(MK_OTHER), "other"));
}

static void regex_wrapper(void)
{
    char err[80];
    CHECK(regex_new("(", 0, err, sizeof(err)) == NULL && strstr(err, "offset"));
    struct regex *re = regex_new("a(b)?c", REGEX_CASELESS, err, sizeof(err));
    struct regex_span sp[3];
    CHECK(re && regex_ngroups(re) == 1);
    CHECK(re && regex_find(re, "xxAC", 4, 0, sp, 3) == 1 && sp[0].start == 2 && sp[0].end == 4);
    CHECK(re && sp[1].start == REGEX_UNSET && sp[2].start == REGEX_UNSET);
    CHECK(re && regex_find(re, "xxAC", 4, 3, sp, 3) == 0);
    CHECK(re && regex_test(re, "abc") == 1 && !*regex_error(re));
    regex_free(re);
    re = regex_new("^(a+)+$", 0, err, sizeof(err)); /* catastrophic backtracking is bounded */
    char s[64];
    memset(s, 'a', 40);
    strcpy(s + 40, "!");
    CHECK(re && regex_test(re, s) <= 0);
    regex_free(re);
    re = regex_new("é", REGEX_UTF, err, sizeof(err));
    CHECK(re && regex_test(re, "\xff") == -1 && *regex_error(re));
    regex_free(re);
}

int main(void)
{
    project_init(&p);
    goose_basic();
    goose_problems();
    goose_annotated();
    kinds();
    alter_table();
    other_statements();
    splitting();
    new_tables();
    finding_positions();
    tree_facts();
    catalog();
    catalog_gone();
    names();
    regex_wrapper();
    mig_goose_release(&g);
    project_release(&p);
    return DONE("migration");
}
