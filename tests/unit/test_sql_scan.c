/* test_sql_scan.c — the PostgreSQL lexer: token kinds, normalised text, positions, errors. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infralint/arena.h"
#include "infralint/sql_scan.h"
#include "infralint/strbuf.h"

static struct arena *a;

/* Scan s; tokens joined as "kind:text" separated by " | " (comments included). */
static char *scan(const char *s, int *rc, struct sql_scan_err *err)
{
    struct sql_toks t = {0};
    struct sql_scan_in in = {s, 0, strlen(s), 1, 1, NULL, 0};
    struct sql_scan_err e;
    *rc = sql_scan(&in, a, &t, err ? err : &e);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < t.n; i++)
        strbuf_addf(&sb, "%s%s:%s", i ? " | " : "", sql_tok_name(t.v[i].kind), t.v[i].text);
    sql_toks_release(&t);
    return strbuf_detach(&sb);
}

static void expect(const char *src, const char *want, int line)
{
    int rc;
    char *got = scan(src, &rc, NULL);
    if (rc == 0 && !strcmp(got, want)) {
        check_pass++;
    } else {
        check_fail++;
        printf("FAIL test_sql_scan.c:%d: scan(%s)\n  got  %s (rc %d)\n  want %s\n", line, src, got,
               rc, want);
    }
    free(got);
}
#define EXPECT(src, want) expect(src, want, __LINE__)

static void expect_error(const char *src, unsigned line, unsigned col, const char *msg_start,
                         int at)
{
    int rc;
    struct sql_scan_err err = {0};
    char *got = scan(src, &rc, &err);
    if (rc == -1 && err.line == line && err.col == col &&
        !strncmp(err.msg, msg_start, strlen(msg_start))) {
        check_pass++;
    } else {
        check_fail++;
        printf("FAIL test_sql_scan.c:%d: error for %s: rc %d at %u:%u \"%s\"\n", at, src, rc,
               err.line, err.col, err.msg);
    }
    free(got);
}
#define EXPECT_ERROR(src, l, c, m) expect_error(src, l, c, m, __LINE__)

static void kinds_and_text(void)
{
    EXPECT("ALTER TABLE Orders DROP COLUMN x;",
           "identifier:alter | identifier:table | identifier:orders | identifier:drop | "
           "identifier:column | identifier:x | punctuation:;");
    EXPECT("\"Mixed\"\"Case\"", "quoted_identifier:Mixed\"Case");
    EXPECT("U&\"d\\0061t\"", "quoted_identifier:d\\0061t");
    EXPECT("'it''s'", "string:it's");
    EXPECT("E'a\\'b\\\\c\\n'", "string:a'b\\c\n");
    EXPECT("e'x'", "string:x");
    EXPECT("B'1010' X'1F' N'nat' U&'u'", "string:1010 | string:1F | string:nat | string:u");
    EXPECT("'a\\'", "string:a\\"); /* standard strings: a backslash is a character */
    EXPECT("$$drop table x;$$", "dollar_string:drop table x;");
    EXPECT("$fn$ body $$ inner $$ $fn$", "dollar_string: body $$ inner $$ ");
    EXPECT("$1 $23", "parameter:$1 | parameter:$23");
    EXPECT("a$b$ c", "identifier:a$b$ | identifier:c"); /* $ inside a word is not a quote */
    EXPECT("42 3.14 .5 1e-3 0x1F 1_000", "number:42 | number:3.14 | number:.5 | number:1e-3 | "
                                         "number:0x1F | number:1_000");
    EXPECT("a::text", "identifier:a | operator::: | identifier:text");
    EXPECT("x<>y", "identifier:x | operator:<> | identifier:y");
    EXPECT("a := 1", "identifier:a | operator::= | number:1");
    EXPECT("f(a, b[1]).c", "identifier:f | punctuation:( | identifier:a | punctuation:, | "
                           "identifier:b | punctuation:[ | number:1 | punctuation:] | "
                           "punctuation:) | punctuation:. | identifier:c");
    EXPECT("x -- drop column\ny", "identifier:x | comment:-- drop column | identifier:y");
    EXPECT("a/* x /* nested */ y */b", "identifier:a | comment:/* x /* nested */ y */ | "
                                       "identifier:b");
    EXPECT("a-->b", "identifier:a | comment:-->b"); /* -- starts a comment inside operators */
    EXPECT("a+/*c*/b", "identifier:a | operator:+ | comment:/*c*/ | identifier:b");
    EXPECT("${X}", "other:$ | other:{ | identifier:x | other:}"); /* only under ENVSUB */
    EXPECT("café", "identifier:café");
    EXPECT("", "");
}

static void positions(void)
{
    struct sql_toks t = {0};
    const char *s = "SELECT 'é',\n  \"x\"\n\t$$a\nb$$ z";
    struct sql_scan_in in = {s, 0, strlen(s), 10, 1, NULL, 0};
    struct sql_scan_err err;
    CHECK(sql_scan(&in, a, &t, &err) == 0);
    CHECK(t.n == 6);
    CHECK(t.v[0].line == 10 && t.v[0].col == 1);
    CHECK(t.v[1].line == 10 && t.v[1].col == 8);  /* 'é' */
    CHECK(t.v[2].line == 10 && t.v[2].col == 11); /* columns count characters: é is one */
    CHECK(t.v[3].line == 11 && t.v[3].col == 3);
    CHECK(t.v[4].line == 12 && t.v[4].col == 2 && t.v[4].kind == SQL_DOLLAR);
    CHECK(t.v[5].line == 13 && t.v[5].col == 5);
    CHECK(t.v[1].off == 7 && t.v[1].len == 4);
    sql_toks_release(&t);

    /* a sub-range starts at the position it is given */
    const char *u = "xx\nSELECT 1";
    struct sql_scan_in in2 = {u, 3, strlen(u), 2, 1, NULL, 0};
    CHECK(sql_scan(&in2, a, &t, &err) == 0);
    CHECK(t.n == 2 && t.v[0].line == 2 && t.v[0].off == 3 && t.v[1].col == 8);
    sql_toks_release(&t);
}

static void errors(void)
{
    EXPECT_ERROR("SELECT 'abc", 1, 8, "unterminated quoted string");
    EXPECT_ERROR("x\n  E'a\\'", 2, 3, "unterminated quoted string");
    EXPECT_ERROR("\"abc", 1, 1, "unterminated quoted identifier");
    EXPECT_ERROR("a /* b /* c */", 1, 3, "unterminated /* comment");
    EXPECT_ERROR("AS $$ body", 1, 4, "unterminated dollar-quoted string $$");
    EXPECT_ERROR("AS $fn$ body $$", 1, 4, "unterminated dollar-quoted string $fn$");
    EXPECT_ERROR("\n\n   $a$ $b$", 3, 4, "unterminated dollar-quoted string $a$");
}

static void envsub(void)
{
    unsigned char on[4] = {0, 1, 0, 0};
    const char *s = "${REGION}post $NAME ${A:-${B}} $$ \\$\nx ${Y}\n$1";
    struct sql_toks t = {0};
    struct sql_scan_in in = {s, 0, strlen(s), 1, 1, on, 4};
    struct sql_scan_err err;
    CHECK(sql_scan(&in, a, &t, &err) == 0);
    CHECK(t.n >= 6);
    CHECK(t.v[0].kind == SQL_PLACEHOLDER && !strcmp(t.v[0].text, "${REGION}"));
    CHECK(t.v[1].kind == SQL_IDENT && !strcmp(t.v[1].text, "post"));
    CHECK(t.v[2].kind == SQL_PLACEHOLDER && !strcmp(t.v[2].text, "$NAME"));
    CHECK(t.v[3].kind == SQL_PLACEHOLDER && !strcmp(t.v[3].text, "${A:-${B}}"));
    CHECK(t.v[4].kind == SQL_OTHER && !strcmp(t.v[4].text, "$$")); /* goose makes it "$" */
    CHECK(t.v[5].kind == SQL_OTHER && !strcmp(t.v[5].text, "\\$"));
    CHECK(t.v[6].kind == SQL_IDENT && t.v[6].line == 2);
    CHECK(t.v[7].kind == SQL_OTHER && !strcmp(t.v[7].text, "$")); /* line 2 is off */
    CHECK(t.v[t.n - 1].kind == SQL_PARAM && t.v[t.n - 1].line == 3);
    sql_toks_release(&t);

    /* line 3 is ENVSUB ON: $1 fails goose's substitution */
    unsigned char on3[4] = {0, 0, 0, 1};
    const char *e = "a\nb\n$1";
    struct sql_scan_in in3 = {e, 0, strlen(e), 1, 1, on3, 4};
    CHECK(sql_scan(&in3, a, &t, &err) == -1 && err.line == 3 && err.col == 1);
    sql_toks_release(&t);

    /* a dollar quote closed on an ENVSUB ON line is not closed for goose */
    unsigned char on2[3] = {0, 0, 1};
    const char *d = "$$ body\n$$";
    struct sql_scan_in in4 = {d, 0, strlen(d), 1, 1, on2, 3};
    CHECK(sql_scan(&in4, a, &t, &err) == -1 && err.line == 1);
    sql_toks_release(&t);

    /* unterminated placeholder */
    unsigned char on1[2] = {0, 1};
    const char *p = "x ${A";
    struct sql_scan_in in5 = {p, 0, strlen(p), 1, 1, on1, 2};
    CHECK(sql_scan(&in5, a, &t, &err) == -1 && err.col == 3);
    sql_toks_release(&t);
}

static void robustness(void)
{
    /* NUL bytes and stray high bytes never crash or loop */
    const char s[] = "a\0b\xff\xfe'x'\0";
    struct sql_toks t = {0};
    struct sql_scan_in in = {s, 0, sizeof(s) - 1, 1, 1, NULL, 0};
    struct sql_scan_err err;
    CHECK(sql_scan(&in, a, &t, &err) == 0);
    CHECK(t.n >= 3);
    sql_toks_release(&t);
    CHECK(sql_tok_is(NULL, "x") == 0);
    CHECK(!strcmp(sql_tok_name(SQL_COMMENT), "comment"));
}

int main(void)
{
    a = arena_new();
    kinds_and_text();
    positions();
    errors();
    envsub();
    robustness();
    arena_free(a);
    return DONE("sql_scan");
}
