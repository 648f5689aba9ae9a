/* test_jdoc.c — the document parser agrees with jansson: it accepts exactly what jansson accepts,
 * and what it builds renders byte for byte as jansson's json_dumps of jansson's tree (key order,
 * duplicate keys, numbers, escapes), on hand-written cases and on 20,000 mutations of them. Large
 * objects (hash index), deferred members and long keys. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "infralint/util.h"
#include "jdoc.h"

static int disagreements, accepted, refused;

/* Parse s with both; 1 when both accept and render the same, 0 when both refuse. */
static int agree(const char *s, size_t len, int any)
{
    struct jdoc_opts o = {any, NULL};
    struct jdoc *d = jdoc_parse(s, len, &o);
    json_error_t e;
    json_t *j = json_loadb(s, len, any ? JSON_DECODE_ANY : 0, &e);
    int ok = (d != NULL) == (j != NULL);
    if (ok && d) {
        char *mine = pval_to_text(jdoc_root(d));
        char *theirs = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        ok = theirs && !strcmp(mine, theirs);
        if (!ok && disagreements < 5)
            printf("render: %s\n  jdoc    %s\n  jansson %s\n", s, mine, theirs ? theirs : "?");
        free(mine);
        free(theirs);
    } else if (!ok && disagreements < 5) {
        printf("accept: jdoc %s, jansson %s: %.*s\n", d ? "yes" : "no", j ? "yes" : "no",
               (int)(len > 200 ? 200 : len), s);
    }
    disagreements += !ok;
    accepted += ok && d;
    refused += ok && !d;
    jdoc_free(d);
    json_decref(j);
    return ok && d;
}

static const char *const cases[] = {
    "{}",
    "[]",
    " {\"a\": [1, -2.5e10, true, false, null, {\"b\": \"x\\u00e9\\n\"}]} \n",
    "{\"k\": \"\xc3\xa9\"}",
    "{\"k\": \"\xc3\"}",
    "{\"k\": \"\xed\xa0\x80\"}",
    "{\"k\": \"\xf4\x90\x80\x80\"}",
    "{\"k\": \"\xf0\x8f\xbf\xbf\"}",
    "{\"k\": \"\xe0\x9f\xbf\"}",
    "{\"k\": \"\xc0\xaf\"}",
    "{\"k\": \"\xf5\x80\x80\x80\"}",
    "{\"k\": \"\xf0\x9f\x98\x80 \\ud83d\\ude00\"}",
    "{\"k\": \"\\ud83d\"}",
    "{\"k\": \"\\ud83d\\u0041\"}",
    "{\"k\": \"\\ude00\"}",
    "{\"k\": \"\\u0000\"}",
    "{\"\\u0000\": 1}",
    "{\"k\": \"\\u00zz\"}",
    "{\"k\": \"\\u12\"}",
    "{\"k\": \"a\tb\"}",
    "{\"k\": \"a\x7f\"}",
    "{\"k\": \"\\x\"}",
    "{\"k\": \"\\/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"}",
    "{\"k\": 01}",
    "{\"k\": -01}",
    "{\"k\": -0}",
    "{\"k\": -0.0}",
    "{\"k\": 1.}",
    "{\"k\": .5}",
    "{\"k\": +1}",
    "{\"k\": -}",
    "{\"k\": 1e}",
    "{\"k\": 1e+}",
    "{\"k\": 1E-7}",
    "{\"k\": 0e5}",
    "{\"k\": 1.5e300}",
    "{\"k\": 1e400}",
    "{\"k\": -1e400}",
    "{\"k\": 1e-400}",
    "{\"k\": 9223372036854775807}",
    "{\"k\": 9223372036854775808}",
    "{\"k\": -9223372036854775808}",
    "{\"k\": -9223372036854775809}",
    "{\"k\": 123456789012345678}",
    "{\"k\": 1234567890123456789}",
    "{\"k\": 12345678901234567890123}",
    "{\"k\": 0.1, \"l\": 100.0, \"m\": 2.5e-300, \"n\": 1e21, \"o\": 123456789.123456789}",
    "{\"k\": tru}",
    "{\"k\": truex}",
    "{\"k\": nul}",
    "{\"k\": 1,}",
    "[1,]",
    "[,1]",
    "{,}",
    "{\"k\" 1}",
    "{\"k\": 1} x",
    "{\"k\": 1}{}",
    "{\"k\": 1}\n\t\r ",
    "{\"k\":\"v\"\"l\":2}",
    "[1 2]",
    "[1true]",
    "{'k': 1}",
    "{k: 1}",
    "\xef\xbb\xbf{}",
    "{\"a\":1,\"b\":2,\"a\":3}",
    "{\"a\":{\"x\":1},\"b\":[],\"a\":[1,2],\"c\":null,\"b\":\"s\"}",
    "{\"\":1,\"\":2}",
    "{\"k\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "\"top\"",
    "42",
    "null",
    "",
    "   ",
    "[\"\\u00e9\\u20ac\\ud83d\\ude00\"]",
    "{\"k\": \"a\\u0022b\\u005c\"}",
};

/* A small xorshift, for reproducible mutations. */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

static void mutations(void)
{
    static const char alphabet[] =
        "{}[]\",:\\u0123456789abcdefABCDEF.eE+-tfnrl \t\n\x7f\x80\xc3\xed\xf0";
    char buf[512];
    for (int round = 0; round < 20000; round++) {
        const char *seed = cases[rnd() % ARRAY_SIZE(cases)];
        size_t len = strlen(seed);
        if (len >= sizeof(buf) - 8)
            continue;
        memcpy(buf, seed, len);
        int edits = 1 + (int)(rnd() % 3);
        for (int e = 0; e < edits && len; e++) {
            size_t at = rnd() % len;
            char c = alphabet[rnd() % (sizeof(alphabet) - 1)];
            switch (rnd() % 3) {
            case 0: buf[at] = c; break;
            case 1:
                memmove(buf + at + 1, buf + at, len - at);
                buf[at] = c;
                len++;
                break;
            default:
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
                break;
            }
        }
        agree(buf, len, (int)(rnd() % 2));
    }
}

static void big_objects(void)
{
    /* 1,000 members (hashed) with a key given twice: every key found, the first place keeps the
     * last value, and the rendering is jansson's */
    char *s = malloc(64 * 1024);
    size_t n = 0;
    n += (size_t)sprintf(s + n, "{");
    for (int i = 0; i < 1000; i++)
        n += (size_t)sprintf(s + n, "%s\"key%d\":%d", i ? "," : "", i, i);
    n += (size_t)sprintf(s + n, ",\"key7\":\"again\"}");
    CHECK(agree(s, n, 0));
    struct jdoc *d = jdoc_parse(s, n, NULL);
    const struct pval *r = jdoc_root(d);
    CHECK(pval_len(r) == 1000);
    CHECK_STR(pval_str(pval_get(r, "key7")), "again");
    CHECK(pval_get(r, "key999") && !pval_get(r, "key1000") && !pval_get(r, "key"));
    const char *k;
    const struct pval *v;
    void *it = NULL;
    int seen = 0;
    while (pval_next(r, &it, &k, &v))
        seen += !strcmp(k, "key7") && pval_str(v) && seen == 0;
    CHECK(seen == 1);
    jdoc_free(d);

    /* a key longer than 65,535 bytes */
    n = 0;
    n += (size_t)sprintf(s + n, "{\"");
    memset(s + n, 'x', 60000);
    n += 60000;
    n += (size_t)sprintf(s + n, "\":1,\"");
    memset(s + n, 'y', 3000);
    n += 3000;
    n += (size_t)sprintf(s + n, "\":2}");
    d = jdoc_parse(s, n, NULL);
    CHECK(d != NULL);
    char *key = malloc(70000);
    memset(key, 'x', 60000);
    key[60000] = '\0';
    CHECK(d && pval_get(jdoc_root(d), key));
    key[59999] = '\0';
    CHECK(d && !pval_get(jdoc_root(d), key));
    free(key);
    jdoc_free(d);
    free(s);
}

static void deferred(void)
{
    static const char *const defer[] = {"planned_values", NULL};
    const char *s = "{\"a\":1,\"planned_values\":{\"x\":[1,2]},\"b\":\"s\"}";
    struct jdoc_opts o = {0, defer};
    struct jdoc *d = jdoc_parse(s, strlen(s), &o);
    const struct pval *pv = pval_get(jdoc_root(d), "planned_values");
    CHECK(jdoc_is_deferred(pv) && pval_type(pv) == PV_NULL);
    size_t len;
    const char *text = jdoc_deferred_text(pv, &len);
    CHECK(len == 11 && !strncmp(text, "{\"x\":[1,2]}", 11));
    char *before = pval_to_text(jdoc_root(d));
    CHECK_STR(before, "{\"a\":1,\"planned_values\":null,\"b\":\"s\"}");
    free(before);
    CHECK(jdoc_undefer(d, pv) == 0 && !jdoc_is_deferred(pv));
    char *after = pval_to_text(jdoc_root(d));
    CHECK_STR(after, "{\"a\":1,\"planned_values\":{\"x\":[1,2]},\"b\":\"s\"}");
    free(after);
    jdoc_free(d);
    /* a deferred member is validated all the same */
    const char *bad = "{\"planned_values\":{\"x\":[1,2}}";
    CHECK(jdoc_parse(bad, strlen(bad), &o) == NULL);
}

int main(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        agree(cases[i], strlen(cases[i]), 0);
        agree(cases[i], strlen(cases[i]), 1);
    }
    mutations();
    CHECK(disagreements == 0);
    CHECK(accepted > 1000 && refused > 10000); /* the mutations reach both sides */
    big_objects();
    deferred();
    return DONE("jdoc");
}
