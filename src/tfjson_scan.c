/* tfjson_scan.c — validate a JSON document without building it, and find the members of its
 * top-level object. A large plan is checked in one pass over its bytes; jansson then builds only
 * the members rules read, and the large members that merely repeat them (planned_values,
 * prior_state) wait until something asks for them. The grammar is RFC 8259's, as strict as
 * jansson's (UTF-8 strings, no control characters, depth at most 2048), so whatever passes here
 * jansson also accepts. */
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "tfjson.h"

#define MAX_DEPTH 2048

struct scanner {
    const unsigned char *s, *end;
};

static void ws(struct scanner *sc)
{
    while (sc->s < sc->end && (*sc->s == ' ' || *sc->s == '\t' || *sc->s == '\n' || *sc->s == '\r'))
        sc->s++;
}

static int hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One UTF-8 sequence starting with a byte >= 0x80; 0 when invalid. */
static int utf8(struct scanner *sc)
{
    unsigned c = *sc->s;
    size_t n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (!n || (n == 1 && c < 0xC2) || (size_t)(sc->end - sc->s) <= n)
        return 0;
    unsigned long cp = c & (0x3Fu >> n);
    for (size_t i = 1; i <= n; i++) {
        if ((sc->s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (sc->s[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    sc->s += n + 1;
    return 1;
}

/* The code unit of the \uXXXX escape at p (6 bytes available), or -1. */
static long escape_unit(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex(p[2]) || !hex(p[3]) || !hex(p[4]) ||
        !hex(p[5]))
        return -1;
    char buf[5] = {(char)p[2], (char)p[3], (char)p[4], (char)p[5], 0};
    return strtol(buf, NULL, 16);
}

/* A \uXXXX escape (a surrogate pair: two) as jansson takes it: no lone or misordered
 * surrogate, no \u0000. */
static int unicode_escape(struct scanner *sc)
{
    long u = escape_unit(sc->s, sc->end);
    if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
        return 0;
    sc->s += 6;
    if (u >= 0xD800 && u <= 0xDBFF) {
        long lo = escape_unit(sc->s, sc->end);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        sc->s += 6;
    }
    return 1;
}

static int string(struct scanner *sc)
{
    sc->s++; /* the opening quote */
    while (sc->s < sc->end) {
        unsigned c = *sc->s;
        if (c == '"') {
            sc->s++;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (sc->end - sc->s < 2)
                return 0;
            unsigned e = sc->s[1];
            if (e == 'u') {
                if (!unicode_escape(sc))
                    return 0;
            } else if (strchr("\"\\/bfnrt", (int)e) && e) {
                sc->s += 2;
            } else {
                return 0;
            }
        } else if (c >= 0x80) {
            if (!utf8(sc))
                return 0;
        } else {
            sc->s++;
        }
    }
    return 0;
}

static int digits(struct scanner *sc)
{
    const unsigned char *b = sc->s;
    while (sc->s < sc->end && *sc->s >= '0' && *sc->s <= '9')
        sc->s++;
    return sc->s > b;
}

/* A number. Integers of more than 18 digits and exponents of more than 2 digits are refused:
 * jansson may overflow on them, and the whole-document parse then reports it exactly. */
static int number(struct scanner *sc)
{
    if (*sc->s == '-')
        sc->s++;
    const unsigned char *int_start = sc->s;
    if (sc->s < sc->end && *sc->s == '0')
        sc->s++;
    else if (!digits(sc))
        return 0;
    int integer = 1;
    size_t int_digits = (size_t)(sc->s - int_start);
    if (sc->s < sc->end && *sc->s == '.') {
        sc->s++;
        integer = 0;
        if (!digits(sc))
            return 0;
    }
    if (sc->s < sc->end && (*sc->s == 'e' || *sc->s == 'E')) {
        sc->s++;
        integer = 0;
        if (sc->s < sc->end && (*sc->s == '+' || *sc->s == '-'))
            sc->s++;
        const unsigned char *e = sc->s;
        if (!digits(sc) || sc->s - e > 2)
            return 0;
    }
    return !(integer && int_digits > 18);
}

static int literal(struct scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(sc->end - sc->s) < n || memcmp(sc->s, word, n))
        return 0;
    sc->s += n;
    return 1;
}

static int value(struct scanner *sc, int depth);

/* An object or array after its opening bracket. */
static int container(struct scanner *sc, int depth, unsigned char close)
{
    if (depth > MAX_DEPTH)
        return 0;
    sc->s++;
    ws(sc);
    if (sc->s < sc->end && *sc->s == close) {
        sc->s++;
        return 1;
    }
    for (;;) {
        if (close == '}') {
            if (sc->s >= sc->end || *sc->s != '"' || !string(sc))
                return 0;
            ws(sc);
            if (sc->s >= sc->end || *sc->s != ':')
                return 0;
            sc->s++;
        }
        if (!value(sc, depth))
            return 0;
        ws(sc);
        if (sc->s >= sc->end)
            return 0;
        if (*sc->s == close) {
            sc->s++;
            return 1;
        }
        if (*sc->s != ',')
            return 0;
        sc->s++;
        ws(sc);
    }
}

static int value(struct scanner *sc, int depth)
{
    ws(sc);
    if (sc->s >= sc->end)
        return 0;
    switch (*sc->s) {
    case '{': return container(sc, depth + 1, '}');
    case '[': return container(sc, depth + 1, ']');
    case '"': return string(sc);
    case 't': return literal(sc, "true");
    case 'f': return literal(sc, "false");
    case 'n': return literal(sc, "null");
    default: return (*sc->s == '-' || (*sc->s >= '0' && *sc->s <= '9')) && number(sc);
    }
}

int tfjson_scan_object(const char *buf, size_t len, struct jmember **out, size_t *n)
{
    struct scanner sc = {(const unsigned char *)buf, (const unsigned char *)buf + len};
    struct jmember *v = NULL;
    size_t alloc = 0;
    *n = 0;
    ws(&sc);
    if (sc.s >= sc.end || *sc.s != '{')
        goto fail;
    sc.s++;
    ws(&sc);
    if (sc.s < sc.end && *sc.s == '}') {
        sc.s++;
    } else {
        for (;;) {
            if (sc.s >= sc.end || *sc.s != '"')
                goto fail;
            const unsigned char *k = sc.s;
            if (!string(&sc))
                goto fail;
            const unsigned char *kend = sc.s - 1; /* the closing quote */
            ws(&sc);
            if (sc.s >= sc.end || *sc.s != ':')
                goto fail;
            sc.s++;
            ws(&sc);
            const unsigned char *val = sc.s;
            if (!value(&sc, 1))
                goto fail;
            ALLOC_GROW(v, *n + 1, alloc);
            v[*n].key = (const char *)k + 1; /* raw: may hold escapes (the caller checks) */
            v[*n].klen = (size_t)(kend - k - 1);
            v[*n].val = (const char *)val;
            v[*n].vlen = (size_t)(sc.s - val);
            (*n)++;
            ws(&sc);
            if (sc.s < sc.end && *sc.s == ',') {
                sc.s++;
                ws(&sc);
                continue;
            }
            if (sc.s < sc.end && *sc.s == '}') {
                sc.s++;
                break;
            }
            goto fail;
        }
    }
    ws(&sc);
    if (sc.s != sc.end)
        goto fail;
    *out = v;
    return 0;
fail:
    free(v);
    *out = NULL;
    *n = 0;
    return -1;
}
