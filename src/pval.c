/* pval.c — read-only views of the values of a parsed document (the opaque struct pval is a jdoc
 * node, jdoc.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/pval.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "jdoc.h"

enum pval_type pval_type(const struct pval *v)
{
    if (!v)
        return PV_ABSENT;
    switch ((enum jtype)v->type) {
    case JT_OBJECT: return PV_OBJECT;
    case JT_ARRAY: return PV_ARRAY;
    case JT_STRING: return PV_STRING;
    case JT_INT:
    case JT_REAL: return PV_NUMBER;
    case JT_TRUE:
    case JT_FALSE: return PV_BOOL;
    case JT_NULL: break;
    }
    return PV_NULL;
}

int pval_is_true(const struct pval *v)
{
    return v && v->type == JT_TRUE;
}

int pval_is_false(const struct pval *v)
{
    return v && v->type == JT_FALSE;
}

const char *pval_str(const struct pval *v)
{
    return v && v->type == JT_STRING ? v->u.s : NULL;
}

int pval_num(const struct pval *v, double *out)
{
    if (!v || (v->type != JT_INT && v->type != JT_REAL))
        return -1;
    *out = v->type == JT_INT ? (double)v->u.i : v->u.d;
    return 0;
}

size_t pval_len(const struct pval *v)
{
    return v && (v->type == JT_ARRAY || v->type == JT_OBJECT) ? v->n : 0;
}

const struct pval *pval_idx(const struct pval *v, size_t i)
{
    return v && v->type == JT_ARRAY && i < v->n ? &v->u.kids[i] : NULL;
}

const struct pval *pval_get(const struct pval *v, const char *key)
{
    return jdoc_getn(v, key, strlen(key));
}

/* One path step: a key, or an index when v is an array and the step is all digits. */
static const struct pval *step(const struct pval *v, const char *s, size_t n)
{
    char key[256];
    if (n >= sizeof(key))
        return NULL;
    if (v && v->type == JT_ARRAY) {
        memcpy(key, s, n);
        key[n] = '\0';
        char *end;
        unsigned long i = strtoul(key, &end, 10);
        return n && !*end ? pval_idx(v, i) : NULL;
    }
    return jdoc_getn(v, s, n);
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
    if (!obj || obj->type != JT_OBJECT)
        return 0;
    const struct pval *m = *it ? (const struct pval *)*it + 1 : obj->u.kids;
    if (!obj->n || m >= obj->u.kids + obj->n)
        return 0;
    *it = (void *)m;
    *key = m->key;
    *val = m;
    return 1;
}

int pval_has_str(const struct pval *v, const char *s)
{
    const char *x = pval_str(v);
    if (x)
        return !strcmp(x, s);
    for (size_t i = 0; v && v->type == JT_ARRAY && i < v->n; i++)
        if (pval_has_str(&v->u.kids[i], s))
            return 1;
    return 0;
}

/* ---- JSON text, byte for byte as jansson's json_dumps(JSON_COMPACT | JSON_ENCODE_ANY) ---- */

static void text_string(struct strbuf *sb, const char *s, size_t n)
{
    strbuf_addch(sb, '"');
    const char *run = s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        strbuf_add(sb, run, (size_t)(s + i - run));
        run = s + i + 1;
        switch (c) {
        case '"': strbuf_addstr(sb, "\\\""); break;
        case '\\': strbuf_addstr(sb, "\\\\"); break;
        case '\b': strbuf_addstr(sb, "\\b"); break;
        case '\f': strbuf_addstr(sb, "\\f"); break;
        case '\n': strbuf_addstr(sb, "\\n"); break;
        case '\r': strbuf_addstr(sb, "\\r"); break;
        case '\t': strbuf_addstr(sb, "\\t"); break;
        default: strbuf_addf(sb, "\\u%04X", c); break;
        }
    }
    strbuf_add(sb, run, (size_t)(s + n - run));
    strbuf_addch(sb, '"');
}

/* jansson's jsonp_dtostr with its default precision (17 digits). */
static void text_real(struct strbuf *sb, double d)
{
    char buf[64];
    int len = snprintf(buf, sizeof(buf) - 3, "%.17g", d);
    if (len < 0 || (size_t)len >= sizeof(buf) - 3) {
        strbuf_addstr(sb, "?");
        return;
    }
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        buf[len++] = '.';
        buf[len++] = '0';
        buf[len] = '\0';
    }
    char *e = strchr(buf, 'e');
    if (e) { /* no '+' and no leading zeros in the exponent */
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start)
            memmove(start, end, strlen(end) + 1);
    }
    strbuf_addstr(sb, buf);
}

static void text_value(struct strbuf *sb, const struct pval *v, int depth)
{
    if (depth > 2048) { /* cannot happen in a parsed document */
        strbuf_addstr(sb, "null");
        return;
    }
    switch ((enum jtype)v->type) {
    case JT_NULL: strbuf_addstr(sb, "null"); break;
    case JT_TRUE: strbuf_addstr(sb, "true"); break;
    case JT_FALSE: strbuf_addstr(sb, "false"); break;
    case JT_INT: strbuf_addf(sb, "%lld", v->u.i); break;
    case JT_REAL: text_real(sb, v->u.d); break;
    case JT_STRING: text_string(sb, v->u.s, v->n); break;
    case JT_ARRAY:
    case JT_OBJECT:
        strbuf_addch(sb, v->type == JT_ARRAY ? '[' : '{');
        for (size_t i = 0; i < v->n; i++) {
            const struct pval *m = &v->u.kids[i];
            if (i)
                strbuf_addch(sb, ',');
            if (v->type == JT_OBJECT) {
                text_string(sb, m->key, strlen(m->key));
                strbuf_addch(sb, ':');
            }
            text_value(sb, m, depth + 1);
        }
        strbuf_addch(sb, v->type == JT_ARRAY ? ']' : '}');
        break;
    }
}

char *pval_to_text(const struct pval *v)
{
    if (!v)
        return xstrdup("null");
    struct strbuf sb = STRBUF_INIT;
    text_value(&sb, v, 0);
    return strbuf_detach(&sb);
}
