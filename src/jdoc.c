/* jdoc.c — parse JSON in one pass into the loaders' document model (see jdoc.h). The grammar and
 * every limit are jansson 2.14's, so that a document this parser refuses is one jansson refuses
 * too, and jansson is asked only for the message. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "infralint/util.h"
#include "jdoc.h"

#define MAX_DEPTH 2048   /* jansson's JSON_PARSER_MAX_DEPTH */
#define INDEX_FROM 24    /* objects with more members than this get a hash index */
#define KLEN_LONG 0xFFFF /* pval.klen of a key this long or longer */

struct chunk {
    struct chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

struct jdeferred {
    char *text;
    size_t len;
};

struct jdoc {
    struct chunk *chunks; /* the first one is being filled */
    unsigned char *cur, *end;
    size_t next_chunk, size;
    struct pval *root;
    struct jdeferred **defs; /* deferred members (freed with the document) */
    size_t ndefs, defs_alloc;
};

/* ---- memory ---- */

/* A new chunk (the current one is full): chunks double up to 16 MB. */
static void *doc_alloc_slow(struct jdoc *d, size_t n, size_t align)
{
    size_t size = d->next_chunk;
    if (size < n + align)
        size = n + align;
    struct chunk *c = xmalloc(sizeof(*c) + size);
    c->next = d->chunks;
    c->size = size;
    d->chunks = c;
    d->end = c->data + size;
    d->size += size;
    if (d->next_chunk < ((size_t)16 << 20))
        d->next_chunk *= 2;
    uintptr_t p = ((uintptr_t)c->data + (align - 1)) & ~(uintptr_t)(align - 1);
    d->cur = (unsigned char *)(p + n);
    return (void *)p;
}

static inline void *doc_alloc(struct jdoc *d, size_t n, size_t align)
{
    uintptr_t p = ((uintptr_t)d->cur + (align - 1)) & ~(uintptr_t)(align - 1);
    if (!d->cur || p + n > (uintptr_t)d->end)
        return doc_alloc_slow(d, n, align);
    d->cur = (unsigned char *)(p + n);
    return (void *)p;
}

static struct jdoc *doc_new(size_t len)
{
    struct jdoc *d = xcalloc(1, sizeof(*d));
    size_t first = 2 * len + 256; /* about what a small document needs */
    d->next_chunk = first > ((size_t)1 << 20) ? ((size_t)1 << 20) : first;
    return d;
}

void jdoc_free(struct jdoc *d)
{
    if (!d)
        return;
    for (struct chunk *c = d->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    for (size_t i = 0; i < d->ndefs; i++) {
        free(d->defs[i]->text);
        free(d->defs[i]);
    }
    free(d->defs);
    free(d);
}

size_t jdoc_size(const struct jdoc *d)
{
    return d ? d->size + sizeof(*d) : 0;
}

const struct pval *jdoc_root(const struct jdoc *d)
{
    return d->root;
}

/* ---- the parser ---- */

struct parser {
    const unsigned char *s, *end;
    struct jdoc *doc; /* NULL: validate only */
    struct pval *stk; /* values whose container is still open */
    size_t n, cap;
    int depth;
    const char *const *defer; /* top-level members to keep as text */
};

/* A byte a string holds as it is: not '"', '\\', a control character or non-ASCII. */
static int plain(unsigned c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Nonzero when one of the 8 bytes in x may not be plain (exact for "all plain"). */
static uint64_t maybe_special(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - ONES * 0x20) & ~x) | x) & HIGHS;
}

/* Skip the plain bytes at s, sixteen at a time with SSE2 (signed bytes below 0x20 are the
 * control characters and everything from 0x80), else eight at a time: on a little-endian
 * machine the lowest byte maybe_special() flags is the first special one (borrows run upward). */
static const unsigned char *skip_plain(const unsigned char *s, const unsigned char *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  space = _mm_set1_epi8(0x20);
    while (end - s >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                                 _mm_cmplt_epi8(x, space));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return s + __builtin_ctz(bits);
        s += 16;
    }
#endif
    while (end - s >= 8) {
        uint64_t x;
        memcpy(&x, s, sizeof(x));
        uint64_t m = maybe_special(x);
        if (m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return s + (__builtin_ctzll(m) >> 3);
#else
            break;
#endif
        }
        s += 8;
    }
    while (s < end && plain(*s))
        s++;
    return s;
}

/* Length of the valid UTF-8 sequence at s (a byte >= 0x80), 0 when invalid (jansson's
 * utf8_check_first / utf8_check_full). */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0];
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (!n || (size_t)(end - s) < n)
        return 0;
    uint32_t v = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) ||
        (n == 4 && v < 0x10000))
        return 0;
    return n;
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* The code point of "\uXXXX" at s (6 bytes available), or -1. */
static long hex4(const unsigned char *s)
{
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v << 4 | h;
    }
    return v;
}

/* A \u escape at s (and its low surrogate): the code point and the bytes it spans; -1 when
 * jansson refuses it (bad hex, a lone or mismatched surrogate, U+0000). */
static long unicode_escape(const unsigned char *s, const unsigned char *end, size_t *span)
{
    if (end - s < 6)
        return -1;
    long v = hex4(s);
    *span = 6;
    if (v >= 0xD800 && v <= 0xDBFF) {
        if (end - s < 12 || s[6] != '\\' || s[7] != 'u')
            return -1;
        long lo = hex4(s + 6);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return -1;
        v = ((v - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
        *span = 12;
    } else if (v >= 0xDC00 && v <= 0xDFFF) {
        return -1;
    }
    return v > 0 ? v : -1; /* \u0000: jansson refuses NUL in strings and keys */
}

static size_t utf8_put(unsigned char *o, long u)
{
    if (u < 0x80) {
        o[0] = (unsigned char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (unsigned char)(0xC0 | u >> 6);
        o[1] = (unsigned char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (unsigned char)(0xE0 | u >> 12);
        o[1] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (u & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | u >> 18);
    o[1] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (u & 0x3F));
    return 4;
}

/* Decode the valid string body [s, e) (escapes in it) into o; its length. */
static size_t unescape(const unsigned char *s, const unsigned char *e, unsigned char *o)
{
    unsigned char *start = o;
    while (s < e) {
        const unsigned char *b = s;
        while (s < e && *s != '\\')
            s++;
        memcpy(o, b, (size_t)(s - b));
        o += s - b;
        if (s == e)
            break;
        unsigned c = s[1];
        if (c == 'u') {
            size_t span;
            o += utf8_put(o, unicode_escape(s, e, &span));
            s += span;
            continue;
        }
        *o++ = c == 'b'   ? '\b'
               : c == 'f' ? '\f'
               : c == 'n' ? '\n'
               : c == 'r' ? '\r'
               : c == 't' ? '\t'
                          : (unsigned char)c;
        s += 2;
    }
    return (size_t)(o - start);
}

/* The string at p->s (its opening quote). When building, *out gets the decoded copy. */
static int string(struct parser *p, const char **out, size_t *outlen)
{
    const unsigned char *s = p->s + 1, *start = s, *end = p->end;
    int escaped = 0;
    for (;;) {
        s = skip_plain(s, end);
        if (s >= end)
            return -1;
        unsigned c = *s;
        if (c == '"')
            break;
        if (c == '\\') {
            escaped = 1;
            if (end - s < 2)
                return -1;
            unsigned e = s[1];
            if (e == 'u') {
                size_t span;
                if (unicode_escape(s, end, &span) < 0)
                    return -1;
                s += span;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                       e == 'r' || e == 't') {
                s += 2;
            } else {
                return -1;
            }
        } else if (c < 0x20) {
            return -1;
        } else {
            size_t n = utf8_len(s, end);
            if (!n)
                return -1;
            s += n;
        }
    }
    p->s = s + 1;
    if (!p->doc)
        return 0;
    size_t raw = (size_t)(s - start);
    if (raw >= UINT32_MAX)
        return -1;
    unsigned char *dst = doc_alloc(p->doc, raw + 1, 1);
    size_t n = escaped ? unescape(start, s, dst) : raw;
    if (!escaped)
        memcpy(dst, start, raw);
    dst[n] = '\0';
    *out = (const char *)dst;
    *outlen = n;
    return 0;
}

static struct pval *push(struct parser *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->stk = xreallocarray(p->stk, p->cap, sizeof(*p->stk));
    }
    struct pval *v = &p->stk[p->n++];
    v->flags = 0;
    v->klen = 0;
    v->key = NULL;
    return v;
}

static int isdigit_(unsigned c)
{
    return c >= '0' && c <= '9';
}

/* A number as jansson lexes it: integers within 64 bits, reals that do not overflow. */
static int number(struct parser *p)
{
    const unsigned char *s = p->s, *b = s, *end = p->end;
    if (*s == '-')
        s++;
    if (s < end && *s == '0') {
        s++;
        if (s < end && isdigit_(*s))
            return -1; /* a leading zero */
    } else if (s < end && isdigit_(*s)) {
        while (s < end && isdigit_(*s))
            s++;
    } else {
        return -1;
    }
    int real = 0;
    if (s < end && *s == '.') {
        real = 1;
        s++;
        if (s >= end || !isdigit_(*s))
            return -1;
        while (s < end && isdigit_(*s))
            s++;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        real = 1;
        s++;
        if (s < end && (*s == '+' || *s == '-'))
            s++;
        if (s >= end || !isdigit_(*s))
            return -1;
        while (s < end && isdigit_(*s))
            s++;
    }
    p->s = s;
    size_t len = (size_t)(s - b);
    int neg = *b == '-';
    if (!real && len - (size_t)neg <= 18) { /* no overflow possible */
        long long v = 0;
        for (const unsigned char *d = b + neg; d < s; d++)
            v = v * 10 + (*d - '0');
        if (p->doc) {
            struct pval *x = push(p);
            x->type = JT_INT;
            x->u.i = neg ? -v : v;
        }
        return 0;
    }
    char small[64], *text = len < sizeof(small) ? small : xmalloc(len + 1);
    memcpy(text, b, len);
    text[len] = '\0';
    errno = 0;
    long long iv = 0;
    double dv = 0;
    if (real)
        dv = strtod(text, NULL);
    else
        iv = strtoll(text, NULL, 10);
    int range = errno == ERANGE;
    if (text != small)
        free(text);
    if (real ? range && (dv == HUGE_VAL || dv == -HUGE_VAL) : range)
        return -1; /* "real number overflow", "too big integer" */
    if (p->doc) {
        struct pval *x = push(p);
        x->type = real ? JT_REAL : JT_INT;
        if (real)
            x->u.d = dv;
        else
            x->u.i = iv;
    }
    return 0;
}

static int literal(struct parser *p, const char *word, size_t n, enum jtype t)
{
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n))
        return -1;
    p->s += n;
    if (p->doc)
        push(p)->type = (uint8_t)t;
    return 0;
}

static void ws(struct parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t'))
        p->s++;
}

static int value(struct parser *p);

static uint32_t key_hash(const char *k, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

static size_t key_len(const struct pval *m)
{
    return m->klen == KLEN_LONG ? strlen(m->key) : m->klen;
}

static int same_key(const struct pval *a, const struct pval *b)
{
    return a->klen == b->klen && !memcmp(a->key, b->key, key_len(a));
}

/* Members kids[0..n) of an object with a key given twice: each key once, at its first place,
 * with its last value (jansson's json_object_set on a key it has). The new count. */
static size_t dedup(struct pval *kids, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < w && !same_key(&kids[j], &kids[i]))
            j++;
        kids[j] = kids[i]; /* the key is the same */
        if (j == w)
            w++;
    }
    return w;
}

/* Slots of an object's hash index (after its members): member index + 1, 0 when free. */
static size_t index_slots(size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

/* Build the hash index of an object's n members (slots after them). */
static void build_index(struct pval *kids, size_t n)
{
    size_t cap = index_slots(n);
    uint32_t *slot = (uint32_t *)(kids + n);
    memset(slot, 0, cap * sizeof(*slot));
    for (size_t i = 0; i < n; i++) {
        size_t h = key_hash(kids[i].key, key_len(&kids[i])) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = (uint32_t)(i + 1);
    }
}

/* A large object's members without a key given twice (see dedup), through the index: the new
 * count (the index is rebuilt for it). */
static size_t dedup_indexed(struct pval *kids, size_t n)
{
    size_t cap = index_slots(n), w = 0;
    uint32_t *slot = (uint32_t *)(kids + n);
    memset(slot, 0, cap * sizeof(*slot));
    for (size_t i = 0; i < n; i++) {
        size_t h = key_hash(kids[i].key, key_len(&kids[i])) & (cap - 1);
        while (slot[h] && !same_key(&kids[slot[h] - 1], &kids[i]))
            h = (h + 1) & (cap - 1);
        if (slot[h]) { /* given before: its first place takes this value */
            kids[slot[h] - 1] = kids[i];
            continue;
        }
        kids[w] = kids[i];
        slot[h] = (uint32_t)(++w);
    }
    if (w < n)
        build_index(kids, w);
    return w;
}

/* Close the container whose members are p->stk[first..]: one block in the document. dup: a
 * small object saw a key twice (large ones find out through their index). */
static void close_container(struct parser *p, size_t first, enum jtype t, int dup)
{
    size_t n = p->n - first;
    struct pval *m = p->stk ? p->stk + first : NULL; /* no stack yet: an empty container */
    int indexed = t == JT_OBJECT && n > INDEX_FROM;
    if (dup && !indexed)
        n = dedup(m, n);
    struct pval *kids = NULL;
    if (n) {
        size_t extra = indexed ? index_slots(n) * sizeof(uint32_t) : 0;
        kids = doc_alloc(p->doc, n * sizeof(*kids) + extra, _Alignof(struct pval));
        memcpy(kids, m, n * sizeof(*kids));
        if (indexed)
            n = dedup_indexed(kids, n);
    }
    p->n = first;
    struct pval *v = push(p);
    v->type = (uint8_t)t;
    v->flags = indexed ? JF_INDEXED : 0;
    v->n = (uint32_t)n;
    v->u.kids = kids;
}

static int deferred_key(const struct parser *p, const char *k, size_t n)
{
    for (size_t i = 0; p->defer && p->defer[i]; i++)
        if (strlen(p->defer[i]) == n && !memcmp(p->defer[i], k, n))
            return 1;
    return 0;
}

/* A member of the top-level object kept as text: validated now, built by jdoc_undefer(). */
static int defer_member(struct parser *p)
{
    const unsigned char *b = p->s;
    struct jdoc *doc = p->doc;
    size_t n = p->n;
    p->doc = NULL; /* validate only */
    int rc = value(p);
    p->doc = doc;
    p->n = n;
    if (rc)
        return -1;
    struct jdeferred *def = xmalloc(sizeof(*def));
    def->len = (size_t)(p->s - b);
    def->text = xstrndup((const char *)b, def->len);
    ALLOC_GROW(doc->defs, doc->ndefs + 1, doc->defs_alloc);
    doc->defs[doc->ndefs++] = def;
    struct pval *v = push(p);
    v->type = JT_NULL;
    v->flags = JF_DEFERRED;
    v->u.def = def;
    return 0;
}

static int object(struct parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return -1;
    p->s++;
    ws(p);
    size_t first = p->n;
    uint64_t seen = 0; /* small objects: one bit per key hash, for duplicate keys */
    int dup = 0, top = p->depth == 1;
    if (p->s < p->end && *p->s == '}') {
        p->s++;
    } else {
        for (;;) {
            if (p->s >= p->end || *p->s != '"')
                return -1;
            const char *key = NULL;
            size_t klen = 0;
            if (string(p, &key, &klen))
                return -1;
            ws(p);
            if (p->s >= p->end || *p->s != ':')
                return -1;
            p->s++;
            ws(p);
            if (top && p->defer && p->s < p->end && *p->s == '{' && p->doc &&
                deferred_key(p, key, klen)) {
                if (defer_member(p))
                    return -1;
            } else if (value(p)) {
                return -1;
            }
            if (p->doc) {
                struct pval *v = &p->stk[p->n - 1];
                v->key = key;
                v->klen = (uint16_t)(klen < KLEN_LONG ? klen : KLEN_LONG);
                size_t members = p->n - first;
                if (members <= INDEX_FROM + 1 && !dup) {
                    uint64_t bit = 1ull << ((klen * 7 + (klen ? (unsigned char)key[0] * 3u +
                                                                    (unsigned char)key[klen - 1]
                                                              : 0)) &
                                            63);
                    if (seen & bit)
                        for (size_t j = first; j + 1 < p->n && !dup; j++)
                            dup = same_key(&p->stk[j], v);
                    seen |= bit;
                }
            }
            ws(p);
            if (p->s < p->end && *p->s == ',') {
                p->s++;
                ws(p);
                continue;
            }
            if (p->s < p->end && *p->s == '}') {
                p->s++;
                break;
            }
            return -1;
        }
    }
    p->depth--;
    if (p->doc)
        close_container(p, first, JT_OBJECT, dup);
    return 0;
}

static int array(struct parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return -1;
    p->s++;
    ws(p);
    size_t first = p->n;
    if (p->s < p->end && *p->s == ']') {
        p->s++;
    } else {
        for (;;) {
            if (value(p))
                return -1;
            ws(p);
            if (p->s < p->end && *p->s == ',') {
                p->s++;
                ws(p);
                continue;
            }
            if (p->s < p->end && *p->s == ']') {
                p->s++;
                break;
            }
            return -1;
        }
    }
    p->depth--;
    if (p->doc)
        close_container(p, first, JT_ARRAY, 0);
    return 0;
}

static int value(struct parser *p)
{
    if (p->s >= p->end)
        return -1;
    switch (*p->s) {
    case '{': return object(p);
    case '[': return array(p);
    case '"': {
        const char *s = NULL;
        size_t n = 0;
        if (string(p, &s, &n))
            return -1;
        if (p->doc) {
            struct pval *v = push(p);
            v->type = JT_STRING;
            v->n = (uint32_t)n;
            v->u.s = s;
        }
        return 0;
    }
    case 't': return literal(p, "true", 4, JT_TRUE);
    case 'f': return literal(p, "false", 5, JT_FALSE);
    case 'n': return literal(p, "null", 4, JT_NULL);
    default: return number(p);
    }
}

/* Parse the whole text: one value (an object or array unless any), whitespace around it. */
static int document(struct parser *p, int any)
{
    ws(p);
    if (!any && (p->s >= p->end || (*p->s != '{' && *p->s != '[')))
        return -1;
    if (value(p))
        return -1;
    ws(p);
    return p->s == p->end ? 0 : -1;
}

struct jdoc *jdoc_parse(const char *buf, size_t len, const struct jdoc_opts *o)
{
    struct jdoc *d = doc_new(len);
    struct parser p = {
        (const unsigned char *)buf, (const unsigned char *)buf + len, d, NULL, 0, 0, 0,
        o ? o->defer : NULL};
    if (document(&p, o && o->any)) {
        free(p.stk);
        jdoc_free(d);
        return NULL;
    }
    d->root = doc_alloc(d, sizeof(*d->root), _Alignof(struct pval));
    *d->root = p.stk[0];
    free(p.stk);
    return d;
}

int jdoc_scan_members(const char *buf, size_t len, jdoc_member_fn *fn, void *arg)
{
    struct parser p = {
        (const unsigned char *)buf, (const unsigned char *)buf + len, NULL, NULL, 0, 0, 0, NULL};
    ws(&p);
    if (p.s >= p.end || *p.s != '{')
        return -1;
    p.s++;
    p.depth = 1;
    ws(&p);
    if (p.s < p.end && *p.s == '}') {
        p.s++;
    } else {
        for (;;) {
            if (p.s >= p.end || *p.s != '"')
                return -1;
            const unsigned char *k = p.s;
            if (string(&p, NULL, NULL))
                return -1;
            const unsigned char *kend = p.s - 1;
            ws(&p);
            if (p.s >= p.end || *p.s != ':')
                return -1;
            p.s++;
            ws(&p);
            const unsigned char *v = p.s;
            if (value(&p))
                return -1;
            if (fn)
                fn(arg, (const char *)k + 1, (size_t)(kend - k - 1), (const char *)v,
                   (size_t)(p.s - v));
            ws(&p);
            if (p.s < p.end && *p.s == ',') {
                p.s++;
                ws(&p);
                continue;
            }
            if (p.s < p.end && *p.s == '}') {
                p.s++;
                break;
            }
            return -1;
        }
    }
    ws(&p);
    return p.s == p.end ? 0 : -1;
}

/* ---- deferred members ---- */

int jdoc_is_deferred(const struct pval *v)
{
    return v && (v->flags & JF_DEFERRED);
}

const char *jdoc_deferred_text(const struct pval *v, size_t *len)
{
    *len = v->u.def->len;
    return v->u.def->text;
}

int jdoc_undefer(struct jdoc *d, const struct pval *cv)
{
    struct pval *v = (struct pval *)cv; /* the placeholder is the document's own */
    struct jdoc *sub = jdoc_parse(v->u.def->text, v->u.def->len, NULL);
    if (!sub)
        return -1;
    const char *key = v->key;
    uint16_t klen = v->klen;
    *v = *sub->root;
    v->key = key;
    v->klen = klen;
    /* the sub-document's memory joins the document's (its first chunk stays current) */
    struct chunk *last = sub->chunks;
    while (last->next)
        last = last->next;
    last->next = d->chunks->next;
    d->chunks->next = sub->chunks;
    d->size += sub->size;
    sub->chunks = NULL;
    jdoc_free(sub);
    return 0;
}

/* ---- reading ---- */

const struct pval *jdoc_member(const struct pval *obj, size_t i)
{
    return obj && (obj->type == JT_OBJECT || obj->type == JT_ARRAY) && i < obj->n ? &obj->u.kids[i]
                                                                                  : NULL;
}

const struct pval *jdoc_getn(const struct pval *obj, const char *key, size_t klen)
{
    if (!obj || obj->type != JT_OBJECT)
        return NULL;
    const struct pval *m = obj->u.kids;
    size_t n = obj->n;
    if (obj->flags & JF_INDEXED) {
        const uint32_t *slot = (const uint32_t *)(m + n);
        size_t cap = index_slots(n), h = key_hash(key, klen) & (cap - 1);
        for (; slot[h]; h = (h + 1) & (cap - 1)) {
            const struct pval *x = &m[slot[h] - 1];
            if (key_len(x) == klen && !memcmp(x->key, key, klen))
                return x;
        }
        return NULL;
    }
    if (klen >= KLEN_LONG) {
        for (size_t i = 0; i < n; i++)
            if (m[i].klen == KLEN_LONG && key_len(&m[i]) == klen && !memcmp(m[i].key, key, klen))
                return &m[i];
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (m[i].klen == klen && m[i].key[0] == key[0] && !memcmp(m[i].key, key, klen))
            return &m[i];
    return NULL;
}
