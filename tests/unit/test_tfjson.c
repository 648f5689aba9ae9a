/* test_tfjson.c — the JSON scanner accepts exactly what jansson accepts (or refuses, and the
 * caller parses whole), and finds the top-level members. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infralint/redact.h"
#include "tfjson.h"

/* 1 if the scanner accepts s; checks jansson accepts it too whenever the scanner does. */
static int scans(const char *s)
{
    struct jmember *m;
    size_t n;
    int ok = tfjson_scan_object(s, strlen(s), &m, &n) == 0;
    json_error_t e;
    json_t *j = json_loadb(s, strlen(s), 0, &e);
    if (ok && !j)
        printf("FAIL scanner accepts what jansson refuses: %s\n", s);
    CHECK(!ok || j);
    json_decref(j);
    free(m);
    return ok;
}

/* jansson's message for text, as infralint shows it: no byte of the input in it. */
static int says(const char *text, const char *want)
{
    char *got = tfjson_error_text(text);
    int ok = !strcmp(got, want);
    if (!ok)
        printf("tfjson_error_text(\"%s\") = \"%s\"\n", text, got);
    free(got);
    return ok;
}

static void error_texts(void)
{
    CHECK(says("invalid Unicode '\\uD800\\u0041'",
               "invalid Unicode escape (a lone or misordered surrogate)"));
    CHECK(says("invalid Unicode '\\uDC00'",
               "invalid Unicode escape (a lone or misordered surrogate)"));
    CHECK(says("control character 0x1 near '\"abc'",
               "a control character in a string (escape it as \\u00XX)"));
    CHECK(says("unable to decode byte 0xe9 near 'x'", "invalid UTF-8"));
    CHECK(says("invalid token near 'secret'", "invalid token"));
    CHECK(says("'[' or '{' expected near 'hunter2'", "'[' or '{' expected"));
    CHECK(says("odd '\\x41' text", "odd (input) text"));
    CHECK(says("maximum parsing depth reached", "maximum parsing depth reached"));
}

int main(void)
{
    error_texts();
    CHECK(scans("{}"));
    CHECK(scans(" {\"a\": [1, -2.5e10, true, false, null, {\"b\": \"x\\u00e9\\n\"}]} \n"));
    CHECK(scans("{\"k\": \"\xc3\xa9\"}"));
    /* escapes as jansson takes them (a fuzzed difference: the scanner took lone surrogates) */
    CHECK(scans("{\"k\": \"\\uD83D\\uDE00\"}"));  /* a pair */
    CHECK(!scans("{\"k\": \"\\uD800\\u0041\"}")); /* a high surrogate, then no low one */
    CHECK(!scans("{\"k\": \"\\uDC00\"}"));        /* a lone low surrogate */
    CHECK(!scans("{\"k\": \"\\uD800\"}"));        /* a high one at the end */
    CHECK(!scans("{\"k\": \"\\u0000\"}"));        /* NUL */
    CHECK(!scans("{\"k\": \"\xc3\"}"));           /* truncated UTF-8 */
    CHECK(!scans("{\"k\": \"\xed\xa0\x80\"}"));   /* a surrogate encoded in UTF-8 */
    CHECK(!scans("{\"k\": \"a\tb\"}"));           /* control character */
    CHECK(!scans("{\"k\": \"\\x\"}"));            /* bad escape */
    CHECK(!scans("{\"k\": 01}"));
    CHECK(!scans("{\"k\": 1.}"));
    CHECK(!scans("{\"k\": tru}"));
    CHECK(!scans("{\"k\": 1,}"));
    CHECK(!scans("{\"k\": 1} x"));
    CHECK(!scans("[1]"));                           /* the top level must be an object */
    CHECK(!scans("{\"k\": 12345678901234567890}")); /* left to jansson: overflow */
    CHECK(scans("{\"k\": 123456789012345678}"));
    CHECK(!scans("{\"k\": 1e400}"));
    CHECK(!scans("{\"k\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["));

    const char *doc =
        "{\"format_version\": \"1.2\", \"planned_values\": {\"x\": 1}, \"a\\\"b\": 2}";
    struct jmember *m;
    size_t n;
    CHECK(tfjson_scan_object(doc, strlen(doc), &m, &n) == 0 && n == 3);
    CHECK(m[0].klen == 14 && !strncmp(m[0].key, "format_version", 14));
    CHECK(m[1].vlen == 8 && !strncmp(m[1].val, "{\"x\": 1}", 8));
    CHECK(m[2].klen == 4 && !strncmp(m[2].key, "a\\\"b", 4));
    free(m);

    /* a deferred member is parsed when asked for, and the plan behaves as if read whole */
    const char *plan =
        "{\"format_version\":\"1.2\",\"planned_values\":{\"outputs\":{\"pw\":"
        "{\"sensitive\":true,\"value\":\"hunter22hunter\"}}},\"resource_changes\":[]}";
    struct diag_list d = {0};
    struct tfjson_result r;
    tfjson_load("p.json", plan, strlen(plan), TFJSON_EXPLICIT, &r, &d);
    CHECK(r.kind == TFJSON_PLAN && d.n == 0);
    struct redact_set *sens = redact_set_new();
    redact_plan_collect(r.plan, sens);
    CHECK(redact_set_count(sens) == 1 && redact_set_has(sens, "hunter22hunter", 14));
    redact_set_free(sens);
    CHECK(pval_type(pval_get(plan_top(r.plan, "planned_values"), "outputs")) == PV_OBJECT);
    plan_free(r.plan);
    diag_release(&d);
    return DONE("tfjson");
}
