/* fuzz_jdoc.c — differential libFuzzer harness: the plan loader's JSON parser (src/jdoc.c)
 * accepts exactly the texts jansson accepts (less those with a NUL byte, which RFC 8259 does not
 * allow and jansson skips), and reads each into the same values: types,
 * integers, reals (bit for bit), strings (bytes, embedded NULs excluded by both), arrays in
 * order, objects in document order with a repeated key in its first place holding its last
 * value, and every key found again by lookup. A difference aborts. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void differ(const char *what)
{
    fprintf(stderr, "jdoc differs from jansson: %s\n", what);
    abort();
}

static void same(const struct pval *v, const json_t *j, int depth)
{
    switch (json_typeof(j)) {
    case JSON_NULL:
        if (v->type != JT_NULL)
            differ("null");
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        if (v->type != (json_is_true(j) ? JT_TRUE : JT_FALSE))
            differ("boolean");
        break;
    case JSON_INTEGER:
        if (v->type != JT_INT || v->u.i != json_integer_value(j))
            differ("integer");
        break;
    case JSON_REAL: {
        double d = json_real_value(j);
        if (v->type != JT_REAL || memcmp(&v->u.d, &d, sizeof(d)))
            differ("real");
        break;
    }
    case JSON_STRING:
        if (v->type != JT_STRING || v->n != json_string_length(j) ||
            memcmp(v->u.s, json_string_value(j), v->n) || v->u.s[v->n])
            differ("string");
        break;
    case JSON_ARRAY:
        if (v->type != JT_ARRAY || v->n != json_array_size(j))
            differ("array size");
        for (size_t i = 0; i < v->n; i++)
            same(&v->u.kids[i], json_array_get(j, i), depth + 1);
        break;
    case JSON_OBJECT: {
        if (v->type != JT_OBJECT || v->n != json_object_size(j))
            differ("object size");
        size_t i = 0;
        const char *k;
        json_t *x;
        json_object_foreach ((json_t *)j, k, x) {
            const struct pval *m = jdoc_member(v, i++);
            if (!m || !m->key || strcmp(m->key, k))
                differ("member order or key");
            same(m, x, depth + 1);
            if (jdoc_getn(v, k, strlen(k)) != m)
                differ("lookup by key");
        }
        break;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    json_error_t err;
    json_t *j = json_loadb(s, size, JSON_DECODE_ANY, &err);
    struct jdoc_opts o = {1, NULL};
    struct jdoc *d = jdoc_parse(s, size, &o);
    /* jansson skips a NUL byte between tokens (or stops there); RFC 8259 and jdoc refuse it */
    int nul = memchr(s, '\0', size) != NULL;
    if (d && !j)
        differ("jdoc reads what jansson refuses");
    if (j && !d && !nul)
        differ("jdoc refuses what jansson reads");
    if (j && d)
        same(jdoc_root(d), j, 0);
    json_decref(j);
    jdoc_free(d);
    return 0;
}
