/* redact.c — redaction sets and the scrubber: which strings are secrets, and replacing them (whole
 * tokens, longest first, overlaps covered) in a text. See redact.h for the promise. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

#define MIN_SECRET 4 /* shorter literals are never scrubbed from text (views mask them) */

struct entry {
    const char *s;
    size_t len;
    uint64_t window; /* the first WIDE bytes when it has that many, else the first MIN_SECRET
                      * (zero-extended: a text's eight bytes never end in NULs) */
    unsigned loc;    /* a plan's or backend's: may stand in a location, glued in a text */
};

/* One slot of the index: the entries that start with one window (a run of the sorted array). */
struct slot {
    uint64_t window;
    uint32_t first, count; /* count 0: empty slot */
};

struct redact_set {
    struct entry *v;
    size_t n, alloc;
    int sorted;       /* v sorted and unique, index built */
    struct slot *tab; /* open addressing, a power of two */
    size_t cap;
    uint64_t *filter; /* FILTER_BITS bits, one per window hash: most text starts no secret
                       * (only for sets of FILTER_MIN entries and more) */
};

#define FILTER_BITS 65536
#define FILTER_MIN 32

static unsigned filter_bit(uint32_t w)
{
    return (unsigned)((w * 2654435761u) >> 16);
}

struct redact_set *redact_set_new(void)
{
    return xcalloc(1, sizeof(struct redact_set));
}

void redact_set_free(struct redact_set *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->tab);
    free(s->filter);
    free(s);
}

/* Secrets of WIDE bytes and more are indexed by their first WIDE bytes: many secrets may share
 * a four-byte prefix ("tok-", "AKIA"), and a text position must not be compared with each. */
#define WIDE 8

static uint32_t window_of(const char *p)
{
    uint32_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

static uint64_t wide_window_of(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

/* The window an entry of len bytes at p is indexed by. */
static uint64_t entry_window(const char *p, size_t len)
{
    return len >= WIDE ? wide_window_of(p) : window_of(p);
}

/* ---- what cannot be a secret ---- */

static int ieq(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && !strncasecmp(a, b, n);
}

static int is_number(const char *v, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (v[i] == '-' || v[i] == '+'))
        i++;
    for (; i < len; i++) {
        if (isdigit((unsigned char)v[i]))
            digits++;
        else if (v[i] != '.' && v[i] != '_')
            return 0;
    }
    return digits > 0;
}

int redact_placeholder(const char *v, size_t len)
{
    /* well-known placeholders and local-service defaults (LocalStack's test/test, MinIO's
     * minioadmin, the database images' defaults, the AWS documentation's example keys) */
    static const char *const placeholders[] = {
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "nil",
        "none",
        "undefined",
        "test",
        "tests",
        "testing",
        "test123",
        "testtest",
        "dummy",
        "changeme",
        "change-me",
        "change_me",
        "changeit",
        "example",
        "sample",
        "localstack",
        "password",
        "passwd",
        "pass",
        "secret",
        "token",
        "admin",
        "administrator",
        "root",
        "guest",
        "user",
        "username",
        "postgres",
        "mysql",
        "redis",
        "mongo",
        "minioadmin",
        "minio123",
        "foo",
        "bar",
        "foobar",
        "baz",
        "placeholder",
        "fake",
        "mock",
        "default",
        "local",
        "empty",
        "todo",
        "insecure",
        "notasecret",
        "not-a-secret",
        "secret123",
        "password123",
        "password1",
        "abc123",
        "qwerty",
        "letmein",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    };
    if (len < 1)
        return 1;
    for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++)
        if (ieq(v, len, placeholders[i]))
            return 1;
    size_t same = 1; /* xxxx, ****, 0000 */
    while (same < len && v[same] == v[0])
        same++;
    if (same == len && len > 1)
        return 1;
    return (v[0] == '<' && v[len - 1] == '>') || v[0] == '$'; /* <your-token>, $VAR, ${VAR} */
}

int redact_can_be_secret(const char *v, size_t len)
{
    return !redact_placeholder(v, len) && !is_number(v, len);
}

/* ---- key names ---- */

void redact_key_norm(const char *key, char *norm, size_t size)
{
    size_t n = 0;
    for (const char *s = key; *s && n + 2 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (isupper(c) && s > key && islower((unsigned char)s[-1]))
            norm[n++] = '_'; /* camelCase: accessToken is access_token */
        norm[n++] = c == '-' ? '_' : (char)tolower(c);
    }
    norm[n] = '\0';
}

int redact_key_named(const char *key, const char *const *terms, size_t nterms)
{
    char norm[128];
    redact_key_norm(key, norm, sizeof(norm));
    size_t n = strlen(norm);
    for (size_t i = 0; i < nterms; i++) {
        size_t t = strlen(terms[i]);
        if (n == t && !strcmp(norm, terms[i]))
            return 1;
        if (n > t && norm[n - t - 1] == '_' && !strcmp(norm + n - t, terms[i]))
            return 1;
    }
    return 0;
}

/* ---- building ---- */

void redact_set_add(struct redact_set *s, const char *v, size_t len, enum redact_origin o)
{
    if (!v || len < MIN_SECRET || !redact_can_be_secret(v, len))
        return;
    ALLOC_GROW(s->v, s->n + 1, s->alloc);
    struct entry *e = &s->v[s->n++];
    e->s = v;
    e->len = len;
    e->window = entry_window(v, len);
    e->loc = o != REDACT_WORKFLOW;
    s->sorted = 0;
}

void redact_set_merge(struct redact_set *dst, const struct redact_set *src)
{
    if (!src || !src->n)
        return;
    ALLOC_GROW(dst->v, dst->n + src->n, dst->alloc);
    memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
    dst->n += src->n;
    dst->sorted = 0;
}

/* By window, then longest first, then bytes (duplicates next to each other). */
static int entry_cmp(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->window != y->window)
        return x->window < y->window ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return memcmp(x->s, y->s, x->len);
}

static size_t hash_window(uint64_t w, size_t cap)
{
    w *= 0x9E3779B97F4A7C15u;
    return (size_t)(w ^ (w >> 29)) & (cap - 1);
}

static void seal(struct redact_set *s)
{
    if (s->sorted)
        return;
    s->sorted = 1;
    free(s->tab);
    s->tab = NULL;
    s->cap = 0;
    free(s->filter);
    s->filter = NULL;
    if (!s->n)
        return;
    qsort(s->v, s->n, sizeof(*s->v), entry_cmp);
    size_t w = 1;
    for (size_t i = 1; i < s->n; i++) {
        struct entry *last = &s->v[w - 1];
        if (s->v[i].len == last->len && !memcmp(s->v[i].s, last->s, last->len))
            last->loc |= s->v[i].loc; /* one secret, known to two documents */
        else
            s->v[w++] = s->v[i];
    }
    s->n = w;
    s->cap = 16;
    while (s->cap < s->n * 2)
        s->cap *= 2;
    s->tab = xcalloc(s->cap, sizeof(*s->tab));
    for (size_t i = 0; i < s->n;) {
        size_t k = i;
        while (k < s->n && s->v[k].window == s->v[i].window)
            k++;
        size_t at = hash_window(s->v[i].window, s->cap);
        while (s->tab[at].count)
            at = (at + 1) & (s->cap - 1);
        s->tab[at].window = s->v[i].window;
        s->tab[at].first = (uint32_t)i;
        s->tab[at].count = (uint32_t)(k - i);
        i = k;
    }
    if (s->n >= FILTER_MIN) {
        s->filter = xcalloc(FILTER_BITS / 64, sizeof(*s->filter));
        for (size_t i = 0; i < s->n; i++) {
            unsigned b = filter_bit(window_of(s->v[i].s));
            s->filter[b / 64] |= (uint64_t)1 << (b % 64);
        }
    }
}

size_t redact_set_count(const struct redact_set *s)
{
    if (!s)
        return 0;
    seal((struct redact_set *)s); /* the index is the set's own business */
    return s->n;
}

static const struct slot *lookup(const struct redact_set *s, uint64_t w)
{
    for (size_t at = hash_window(w, s->cap); s->tab[at].count; at = (at + 1) & (s->cap - 1))
        if (s->tab[at].window == w)
            return &s->tab[at];
    return NULL;
}

int redact_set_has(const struct redact_set *s, const char *v, size_t len)
{
    if (!s || len < MIN_SECRET || !redact_set_count(s))
        return 0;
    const struct slot *sl = lookup(s, entry_window(v, len));
    for (uint32_t i = 0; sl && i < sl->count; i++) {
        const struct entry *e = &s->v[sl->first + i];
        if (e->len == len && !memcmp(e->s, v, len))
            return 1;
    }
    return 0;
}

/* ---- scrubbing ---- */

static int word(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

/* Does the byte before t[at] (or at t[at], after=1) continue a word? A `.` does when it joins two
 * word bytes (aws_db_instance.orders, db.internal). */
static int joined(const char *t, size_t len, size_t at, int after)
{
    if (after) {
        if (at >= len)
            return 0;
        unsigned char c = (unsigned char)t[at];
        return word(c) || (c == '.' && at + 1 < len && word((unsigned char)t[at + 1]));
    }
    if (!at)
        return 0;
    unsigned char c = (unsigned char)t[at - 1];
    return word(c) || (c == '.' && at >= 2 && word((unsigned char)t[at - 2]));
}

static int whole_token(const char *t, size_t len, size_t at, const struct entry *e)
{
    if (word((unsigned char)e->s[0]) && joined(t, len, at, 0))
        return 0;
    return !(word((unsigned char)e->s[e->len - 1]) && joined(t, len, at + e->len, 1));
}

/* Does a match of e in field f have to be a whole token? A workflow's literal in text, and any
 * secret in a location (an address segment is not a secret); a plan's or backend's secret in text
 * is replaced wherever it stands, and so is any secret in a value a policy reads. */
static int whole_match(enum redact_field f, const struct entry *e)
{
    return f == REDACT_LOCATION || (f == REDACT_TEXT && !e->loc);
}

struct span {
    size_t from, to;
};

char *redact_scrub(const struct redact_set *s, const char *text, size_t len, enum redact_field f)
{
    if (!text || len < MIN_SECRET || !redact_set_count(s))
        return NULL;
    const size_t mark = strlen(REDACT_MARK);
    struct span *sp = NULL;
    size_t nsp = 0, alloc = 0;
    for (size_t at = 0; at + MIN_SECRET <= len; at++) {
        if (text[at] == REDACT_MARK[0] && len - at >= mark &&
            !memcmp(text + at, REDACT_MARK, mark)) {
            at += mark - 1; /* scrubbed already: scrubbing again changes nothing */
            continue;
        }
        uint32_t w = window_of(text + at);
        unsigned b = filter_bit(w);
        if (s->filter && !(s->filter[b / 64] >> (b % 64) & 1))
            continue; /* no secret starts with these bytes */
        /* the secrets of WIDE bytes and more, then the shorter ones: longest first */
        const struct slot *slots[2] = {
            len - at >= WIDE ? lookup(s, wide_window_of(text + at)) : NULL, lookup(s, w)};
        const struct entry *hit = NULL;
        for (size_t k = 0; k < 2 && !hit; k++)
            for (uint32_t i = 0; slots[k] && i < slots[k]->count; i++) {
                const struct entry *e = &s->v[slots[k]->first + i];
                if (e->len > len - at || (f == REDACT_LOCATION && !e->loc) ||
                    memcmp(text + at, e->s, e->len) ||
                    (whole_match(f, e) && !whole_token(text, len, at, e)))
                    continue;
                hit = e;
                break;
            }
        if (!hit)
            continue;
        if (nsp && sp[nsp - 1].to >= at) { /* overlaps (or touches) the previous match */
            if (at + hit->len > sp[nsp - 1].to)
                sp[nsp - 1].to = at + hit->len;
        } else {
            ALLOC_GROW(sp, nsp + 1, alloc);
            sp[nsp].from = at;
            sp[nsp++].to = at + hit->len;
        }
    }
    if (!nsp)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t from = 0;
    for (size_t i = 0; i < nsp; i++) {
        strbuf_add(&sb, text + from, sp[i].from - from);
        strbuf_addstr(&sb, REDACT_MARK);
        from = sp[i].to;
    }
    strbuf_add(&sb, text + from, len - from);
    free(sp);
    return strbuf_detach(&sb);
}

void redact_str(const struct redact_set *s, char **text, enum redact_field f)
{
    if (!*text)
        return;
    char *out = redact_scrub(s, *text, strlen(*text), f);
    if (out) {
        free(*text);
        *text = out;
    }
}
