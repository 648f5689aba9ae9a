/* sql_parse.c — libpg_query's parser, and its JSON parse tree read into arena nodes.
 * The JSON is the library's own output (well-formed by construction); the reader below is still
 * strict and bounded: anything unexpected ends the parse as a rejection, never a crash. */
#include <pg_query.h>
#include <stdio.h>
#include <string.h>

#include "infralint/arena.h"
#include "sql_parse.h"

/* ---- a small reader for the parser's JSON ---- */

struct jr {
    const char *p, *end;
    struct arena *a;
    int depth;
    int bad;
};

static void skip_ws(struct jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
        r->p++;
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return -1;
        *v = *v * 16 + d;
    }
    return 0;
}

static size_t put_utf8(char *o, unsigned c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* A JSON string at r->p (on the opening quote), decoded into the arena. */
static const char *read_string(struct jr *r)
{
    const char *q = ++r->p;
    size_t n = 0;
    while (q < r->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
        n++;
    }
    if (q >= r->end) {
        r->bad = 1;
        return NULL;
    }
    char *out = arena_alloc(r->a, n * 4 + 1), *o = out;
    while (r->p < q) {
        char c = *r->p++;
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        c = *r->p++;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': {
            unsigned v, lo;
            if (q - r->p < 4 || hex4(r->p, &v) < 0) {
                r->bad = 1;
                return NULL;
            }
            r->p += 4;
            if (v >= 0xD800 && v < 0xDC00 && q - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' &&
                hex4(r->p + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                r->p += 6;
            }
            o += put_utf8(o, v);
            break;
        }
        default: *o++ = c; break; /* \" \\ \/ */
        }
    }
    *o = 0;
    r->p = q + 1;
    return out;
}

static const struct pgn *read_value(struct jr *r);

static const struct pgn *read_container(struct jr *r, int object)
{
    struct pgn *n = arena_alloc(r->a, sizeof(*n));
    n->kind = object ? PGN_OBJ : PGN_LIST;
    r->p++;
    const struct pgn *vals[64];
    const char *keys[64];
    const struct pgn **more_v = NULL;
    const char **more_k = NULL;
    size_t cnt = 0, cap = 64;
    skip_ws(r);
    if (r->p < r->end && *r->p == (object ? '}' : ']')) {
        r->p++;
        return n;
    }
    for (;;) {
        skip_ws(r);
        const char *key = NULL;
        if (object) {
            if (r->p >= r->end || *r->p != '"')
                break;
            key = read_string(r);
            skip_ws(r);
            if (r->bad || r->p >= r->end || *r->p != ':')
                break;
            r->p++;
        }
        const struct pgn *v = read_value(r);
        if (r->bad)
            break;
        if (cnt == cap) { /* long lists (a big VALUES): grow in the arena */
            const struct pgn **nv = arena_alloc(r->a, cap * 2 * sizeof(*nv));
            const char **nk = arena_alloc(r->a, cap * 2 * sizeof(*nk));
            memcpy(nv, more_v ? more_v : vals, cap * sizeof(*nv));
            memcpy(nk, more_k ? more_k : keys, cap * sizeof(*nk));
            more_v = nv;
            more_k = nk;
            cap *= 2;
        }
        (more_v ? more_v : vals)[cnt] = v;
        (more_k ? more_k : keys)[cnt] = key;
        cnt++;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == (object ? '}' : ']')) {
            r->p++;
            n->n = cnt;
            n->items = arena_alloc(r->a, cnt * sizeof(*n->items));
            memcpy(n->items, more_v ? more_v : vals, cnt * sizeof(*n->items));
            if (object) {
                n->keys = arena_alloc(r->a, cnt * sizeof(*n->keys));
                memcpy(n->keys, more_k ? more_k : keys, cnt * sizeof(*n->keys));
                /* {"AlterTableStmt": {…}}: a typed node; the wrapper disappears */
                if (cnt == 1 && n->keys[0][0] >= 'A' && n->keys[0][0] <= 'Z' &&
                    n->items[0]->kind == PGN_OBJ && !n->items[0]->tag) {
                    struct pgn *inner = (struct pgn *)n->items[0];
                    inner->tag = n->keys[0];
                    return inner;
                }
            }
            return n;
        }
        break;
    }
    r->bad = 1;
    return n;
}

static const struct pgn *read_value(struct jr *r)
{
    static const struct pgn null_node = {PGN_NULL, NULL, 0, NULL, 0, NULL, NULL};
    skip_ws(r);
    if (r->p >= r->end || ++r->depth > 2000) {
        r->bad = 1;
        return &null_node;
    }
    const struct pgn *v = &null_node;
    char c = *r->p;
    if (c == '{' || c == '[') {
        v = read_container(r, c == '{');
    } else if (c == '"') {
        struct pgn *s = arena_alloc(r->a, sizeof(*s));
        s->kind = PGN_STR;
        s->s = read_string(r);
        v = s;
    } else if (c == 't' || c == 'f') {
        struct pgn *b = arena_alloc(r->a, sizeof(*b));
        b->kind = PGN_BOOL;
        b->i = c == 't';
        r->p += c == 't' ? 4 : 5;
        v = b;
    } else if (c == 'n') {
        r->p += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        struct pgn *num = arena_alloc(r->a, sizeof(*num));
        num->kind = PGN_INT;
        const char *b = r->p;
        int neg = c == '-';
        if (neg)
            r->p++;
        unsigned long long x = 0;
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
            if (x < 1000000000000000000ULL)
                x = x * 10 + (unsigned)(*r->p - '0');
            r->p++;
        }
        if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E')) {
            while (r->p < r->end && strchr("0123456789.eE+-", *r->p))
                r->p++;
            num->kind = PGN_STR; /* not used as a number by anyone */
            num->s = arena_strndup(r->a, b, (size_t)(r->p - b));
        }
        num->i = neg ? -(long long)x : (long long)x;
        v = num;
    } else {
        r->bad = 1;
    }
    if (r->p > r->end)
        r->bad = 1;
    r->depth--;
    return v;
}

/* ---- the parser ---- */

/* Byte offset of 1-based character position pos of text (libpg_query's cursorpos counts
 * characters), or -1. */
static long char_to_byte(const char *text, int pos)
{
    if (pos <= 0)
        return -1;
    long chars = 0;
    for (long i = 0; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && ++chars == pos)
            return i;
    }
    return (long)strlen(text);
}

int sql_parse(struct arena *a, const char *text, const struct pgn **stmts, struct sql_syntax *err)
{
    PgQueryParseResult res = pg_query_parse(text);
    int rc = 0;
    if (res.error) {
        err->off = char_to_byte(text, res.error->cursorpos);
        snprintf(err->msg, sizeof(err->msg), "%s",
                 res.error->message ? res.error->message : "syntax error");
        rc = -1;
    } else {
        struct jr r = {res.parse_tree, res.parse_tree + strlen(res.parse_tree), a, 0, 0};
        const struct pgn *root = read_value(&r);
        const struct pgn *list = pgn_get(root, "stmts");
        if (r.bad) {
            err->off = -1;
            snprintf(err->msg, sizeof(err->msg), "the parse tree could not be read");
            rc = -1;
        } else if (list && list->kind == PGN_LIST) {
            *stmts = list;
        } else {
            static const struct pgn empty = {PGN_LIST, NULL, 0, NULL, 0, NULL, NULL};
            *stmts = &empty;
        }
    }
    pg_query_free_parse_result(res);
    return rc;
}

/* ---- reading nodes ---- */

const struct pgn *pgn_get(const struct pgn *n, const char *key)
{
    if (!n || n->kind != PGN_OBJ)
        return NULL;
    for (size_t i = 0; i < n->n; i++)
        if (!strcmp(n->keys[i], key))
            return n->items[i];
    return NULL;
}

int pgn_is(const struct pgn *n, const char *tag)
{
    return n && n->tag && !strcmp(n->tag, tag);
}

const char *pgn_str(const struct pgn *n, const char *key)
{
    const struct pgn *v = pgn_get(n, key);
    return v && v->kind == PGN_STR ? v->s : NULL;
}

long long pgn_int(const struct pgn *n, const char *key)
{
    const struct pgn *v = pgn_get(n, key);
    return v && (v->kind == PGN_INT || v->kind == PGN_BOOL) ? v->i : 0;
}

size_t pgn_list(const struct pgn *n, const char *key, const struct pgn *const **items)
{
    const struct pgn *v = pgn_get(n, key);
    if (!v || v->kind != PGN_LIST) {
        *items = NULL;
        return 0;
    }
    *items = v->items;
    return v->n;
}

const char *pgn_sval(const struct pgn *n)
{
    return pgn_is(n, "String") ? pgn_str(n, "sval") : NULL;
}

const char *pgn_last_name(const struct pgn *n, const char *key)
{
    const struct pgn *const *v;
    size_t k = pgn_list(n, key, &v);
    return k ? pgn_sval(v[k - 1]) : NULL;
}

int pgn_walk(const struct pgn *n, int (*fn)(const struct pgn *n, void *arg), void *arg)
{
    if (!n)
        return 0;
    int rc = fn(n, arg);
    if (rc)
        return rc;
    if (n->kind == PGN_OBJ || n->kind == PGN_LIST)
        for (size_t i = 0; i < n->n; i++)
            if ((rc = pgn_walk(n->items[i], fn, arg)))
                return rc;
    return 0;
}
