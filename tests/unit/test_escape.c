/* test_escape.c — the escaping of every output format (escape.h) and line-independent
 * fingerprints (finding.h). */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "infralint/escape.h"
#include "infralint/finding.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

typedef void esc_fn(struct strbuf *, const char *);

static char *run(esc_fn *fn, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    fn(&sb, s);
    return strbuf_detach(&sb);
}

#define ESC(fn, in, want)                                                                          \
    do {                                                                                           \
        char *got = run(fn, in);                                                                   \
        CHECK_STR(got, want);                                                                      \
        free(got);                                                                                 \
    } while (0)

static void test_term(void)
{
    ESC(escape_term, "plain job-id_1 'q' \"dq\" % :: , < & ]]> é ü 日本",
        "plain job-id_1 'q' \"dq\" % :: , < & ]]> é ü 日本");
    /* a crafted job id cannot end the line and forge a finding or a workflow command */
    ESC(escape_term, "build\nci.yml:1:1: error: FORGED finding [gha/forged]",
        "build\\nci.yml:1:1: error: FORGED finding [gha/forged]");
    ESC(escape_term, "x\r::error title=Forged::owned", "x\\r::error title=Forged::owned");
    ESC(escape_term, "\x1b[2J\x1b]0;title\x07\x1b]8;;http://e\x1b\\",
        "\\x1b[2J\\x1b]0;title\\x07\\x1b]8;;http://e\\x1b\\");
    ESC(escape_term, "tab\there\x7f", "tab\\there\\x7f");
    ESC(escape_term,
        "\xc2\x9b"
        "31m C1 CSI",
        "\\u009b31m C1 CSI");
    ESC(escape_term,
        "evil\xe2\x80\xae"
        "txt.yml",
        "evil\\u202etxt.yml");
    ESC(escape_term,
        "\xe2\x81\xa6"
        "iso\xe2\x81\xa9",
        "\\u2066iso\\u2069");
    ESC(escape_term, "line\xe2\x80\xa8sep", "line\\u2028sep");
    ESC(escape_term, "bad \xff\xc3 utf8 \xed\xa0\x80", "bad \\xff\\xc3 utf8 \\xed\\xa0\\x80");
    ESC(escape_term, "overlong \xc0\xaf", "overlong \\xc0\\xaf");
    char *d = escape_term_dup("a\nb");
    CHECK_STR(d, "a\\nb");
    free(d);
    CHECK(escape_term_dup(NULL) == NULL);
}

/* Text with a layout of its own (a policy's help, print's tab separators) keeps exactly the
 * controls it names; everything else is escaped as for one line. */
static void test_term_keep(void)
{
    struct strbuf sb = STRBUF_INIT;
    escape_term_keep(&sb, "para\n\nnext\tcol\r\x1b[2J\xe2\x80\xae", "\n");
    CHECK_STR(sb.buf, "para\n\nnext\\tcol\\r\\x1b[2J\\u202e");
    strbuf_reset(&sb);
    escape_term_keep(&sb, "a\tb\nc\x07", "\t");
    CHECK_STR(sb.buf, "a\tb\\nc\\x07");
    strbuf_reset(&sb);
    escape_term_keep(&sb, "a\nb", NULL);
    CHECK_STR(sb.buf, "a\\nb");
    strbuf_release(&sb);
    /* a message that quotes an argument: the whole line escaped, one newline at the end */
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
    CHECK(f != NULL);
    if (f) {
        escape_term_printf(f, "infralint: error: unknown format '%s' (%d)", "x\x1b]0;t\x07\r\n", 7);
        fclose(f);
        CHECK_STR(buf, "infralint: error: unknown format 'x\\x1b]0;t\\x07\\r\\n' (7)\n");
    }
}

static void test_github(void)
{
    /* @actions/core escapeData / escapeProperty, byte for byte */
    ESC(escape_gh_data, "100% sure\r\nnext:, line", "100%25 sure%0D%0Anext:, line");
    ESC(escape_gh_property, "a:b,c%d\ne", "a%3Ab%2Cc%25d%0Ae");
    ESC(escape_gh_data, "::error title=Forged::x", "::error title=Forged::x");
    ESC(escape_gh_property, "ci.yml,line=1::x", "ci.yml%2Cline=1%3A%3Ax");
    /* what the toolkit leaves raw is made visible */
    ESC(escape_gh_data, "\x1b[31mred \xe2\x80\xae", "\\x1b[31mred \\u202e");
    ESC(escape_gh_data, "é <&>\"", "é <&>\"");
}

static void test_xml(void)
{
    ESC(escape_xml_text, "a < b && c > d ]]> \"q\" 'a'",
        "a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'a'");
    ESC(escape_xml_text, "two\nlines\ttab\rcr", "two\nlines\ttab&#13;cr");
    ESC(escape_xml_text, "nul-free \x01\x1b\x7f \xef\xbf\xbe", "nul-free \\x01\\x1b\\x7f \\ufffe");
    ESC(escape_xml_attr, "\"x\" <y>\n\t&", "&quot;x&quot; &lt;y&gt;&#10;&#9;&amp;");
    ESC(escape_xml_attr, "é \xff", "é \\xff");
}

static void test_uri(void)
{
    ESC(escape_uri_path, ".github/workflows/ci.yml", ".github/workflows/ci.yml");
    ESC(escape_uri_path, "my dir/50%#?.yml", "my%20dir/50%25%23%3F.yml");
    ESC(escape_uri_path, "new\nline\x1b é", "new%0Aline%1B%20%C3%A9");
}

static struct finding *add(struct finding_list *l, const char *rule, const char *file,
                           unsigned line, const char *loc, const char *path, const char *msg)
{
    struct finding *f = finding_list_add(l);
    f->rule = xstrdup(rule);
    f->file = xstrdup(file);
    f->line = line;
    f->col = 1;
    f->location = xstrdup(loc);
    f->path = xstrdup(path);
    f->message = xstrdup(msg);
    return f;
}

/* The fingerprint of the finding with this message, after sort + fingerprint. */
static const char *fp_of(struct finding_list *l, const char *msg)
{
    finding_list_sort(l);
    finding_list_fingerprint(l);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].message, msg))
            return l->v[i].fingerprint;
    return "";
}

static void test_fingerprint(void)
{
    struct finding_list a = {0}, b = {0}, c = {0};
    add(&a, "gha/unpinned-action", "ci.yml", 10, "build", "jobs.build.steps[1].uses",
        "'actions/checkout@v4' is not pinned");
    char fa[33];
    memcpy(fa, fp_of(&a, "'actions/checkout@v4' is not pinned"), 33);
    /* lines shift, a step is inserted before it, an unrelated finding of the same rule and job
     * appears earlier: the fingerprint stays */
    add(&b, "gha/unpinned-action", "ci.yml", 12, "build", "jobs.build.steps[1].uses",
        "'docker/login-action@v3' is not pinned");
    add(&b, "gha/unpinned-action", "./ci.yml", 20, "build", "jobs.build.steps[2].uses",
        "'actions/checkout@v4' is not pinned");
    CHECK_STR(fp_of(&b, "'actions/checkout@v4' is not pinned"), fa);
    /* another job is another subject */
    add(&c, "gha/unpinned-action", "ci.yml", 10, "test", "jobs.test.steps[1].uses",
        "'actions/checkout@v4' is not pinned");
    CHECK(strcmp(fp_of(&c, "'actions/checkout@v4' is not pinned"), fa) != 0);
    /* a version bump (Dependabot) is the same finding; another action is another */
    struct finding_list v = {0};
    add(&v, "gha/unpinned-action", "ci.yml", 10, "build", "jobs.build.steps[1].uses",
        "'actions/checkout@v5' is not pinned");
    CHECK_STR(fp_of(&v, "'actions/checkout@v5' is not pinned"), fa);
    add(&v, "gha/unpinned-action", "ci.yml", 3, "build", "jobs.build.steps[0].uses",
        "'other/action@v4' is not pinned");
    CHECK_STR(fp_of(&v, "'actions/checkout@v5' is not pinned"), fa);
    CHECK(strcmp(fp_of(&v, "'other/action@v4' is not pinned"), fa) != 0);
    finding_list_release(&v);
    finding_list_release(&a);
    finding_list_release(&b);
    finding_list_release(&c);

    /* line numbers inside a message do not count; another column is another subject */
    struct finding_list d = {0}, e = {0};
    add(&d, "sql/x", "m.sql", 4, "1", "orders.total", "validated on line 2: slow");
    add(&d, "sql/x", "m.sql", 9, "1", "orders.other", "validated on line 2: slow");
    char fd[33];
    memcpy(fd, fp_of(&d, "validated on line 2: slow"), 33);
    add(&e, "sql/x", "m.sql", 7, "1", "orders.total", "validated on line 5: slow");
    CHECK_STR(fp_of(&e, "validated on line 5: slow"), fd);
    CHECK(strcmp(d.v[0].fingerprint, d.v[1].fingerprint) != 0);
    /* identical findings are told apart by their order, and stay unique */
    add(&e, "sql/x", "m.sql", 8, "1", "orders.total", "validated on line 5: slow");
    finding_list_sort(&e);
    finding_list_fingerprint(&e);
    CHECK(strcmp(e.v[0].fingerprint, e.v[1].fingerprint) != 0);
    CHECK_STR(e.v[0].fingerprint, fd);
    /* ... and far apart: findings that differ only in their occurrence share few digits */
    size_t same = 0;
    for (size_t i = 0; i < 32; i++)
        same += e.v[0].fingerprint[i] == e.v[1].fingerprint[i];
    CHECK(same < 12);
    /* the same finding in another file name gets the fingerprint that file would give */
    char other[33];
    finding_fingerprint_as(&e.v[0], "renamed.sql", other);
    CHECK(strcmp(other, fd) != 0);
    finding_fingerprint_as(&e.v[0], "m.sql", other);
    CHECK_STR(other, fd);
    finding_list_release(&d);
    finding_list_release(&e);
}

int main(void)
{
    test_term();
    test_term_keep();
    test_github();
    test_xml();
    test_uri();
    test_fingerprint();
    return DONE("escape");
}
