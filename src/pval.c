/* pval.c — read-only views of jansson values (the opaque struct pval is a json_t). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/pval.h"
#include "infralint/util.h"

#define J(v) ((json_t *)(v))

enum pval_type pval_type(const struct pval *v)
{
    if (!v)
        return PV_ABSENT;
    switch (json_typeof(J(v))) {
    case JSON_OBJECT: return PV_OBJECT;
    case JSON_ARRAY: return PV_ARRAY;
    case JSON_STRING: return PV_STRING;
    case JSON_INTEGER:
    case JSON_REAL: return PV_NUMBER;
    case JSON_TRUE:
    case JSON_FALSE: return PV_BOOL;
    default: return PV_NULL;
    }
}

int pval_is_true(const struct pval *v)
{
    return v && json_is_true(J(v));
}

int pval_is_false(const struct pval *v)
{
    return v && json_is_false(J(v));
}

const char *pval_str(const struct pval *v)
{
    return v && json_is_string(J(v)) ? json_string_value(J(v)) : NULL;
}

int pval_num(const struct pval *v, double *out)
{
    if (!v || !json_is_number(J(v)))
        return -1;
    *out = json_number_value(J(v));
    return 0;
}

size_t pval_len(const struct pval *v)
{
    if (!v)
        return 0;
    if (json_is_array(J(v)))
        return json_array_size(J(v));
    if (json_is_object(J(v)))
        return json_object_size(J(v));
    return 0;
}

const struct pval *pval_idx(const struct pval *v, size_t i)
{
    return v && json_is_array(J(v)) ? (const struct pval *)json_array_get(J(v), i) : NULL;
}

const struct pval *pval_get(const struct pval *v, const char *key)
{
    return v && json_is_object(J(v)) ? (const struct pval *)json_object_get(J(v), key) : NULL;
}

/* One path step: a key, or an index when v is an array and the step is all digits. */
static const struct pval *step(const struct pval *v, const char *s, size_t n)
{
    char key[256];
    if (n >= sizeof(key))
        return NULL;
    memcpy(key, s, n);
    key[n] = '\0';
    if (v && json_is_array(J(v))) {
        char *end;
        unsigned long i = strtoul(key, &end, 10);
        return n && !*end ? pval_idx(v, i) : NULL;
    }
    return pval_get(v, key);
}

const struct pval *pval_path(const struct pval *v, const char *path)
{
    while (v && *path) {
        size_t n = strcspn(path, ".");
        v = step(v, path, n);
        path += n;
        if (*path == '.')
            path++;
    }
    return v;
}

int pval_next(const struct pval *obj, void **it, const char **key, const struct pval **val)
{
    if (!obj || !json_is_object(J(obj)))
        return 0;
    void *i = *it ? json_object_iter_next(J(obj), *it) : json_object_iter(J(obj));
    if (!i)
        return 0;
    *it = i;
    *key = json_object_iter_key(i);
    *val = (const struct pval *)json_object_iter_value(i);
    return 1;
}

int pval_has_str(const struct pval *v, const char *s)
{
    const char *x = pval_str(v);
    if (x)
        return !strcmp(x, s);
    for (size_t i = 0; i < pval_len(v) && json_is_array(J(v)); i++)
        if (pval_has_str(pval_idx(v, i), s))
            return 1;
    return 0;
}

char *pval_to_text(const struct pval *v)
{
    if (!v)
        return xstrdup("null");
    json_malloc_t jmalloc;
    json_free_t jfree;
    json_get_alloc_funcs(&jmalloc, &jfree);
    char *s = json_dumps(J(v), JSON_COMPACT | JSON_ENCODE_ANY);
    char *copy = xstrdup(s ? s : "?");
    if (s)
        jfree(s);
    return copy;
}
