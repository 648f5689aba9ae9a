/* finding.c — finding lists: ordering, fingerprints, ownership. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/finding.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

static const char *const sev_names[] = {"none", "note", "warning", "error"};

const char *severity_name(enum severity s)
{
    return (unsigned)s < ARRAY_SIZE(sev_names) ? sev_names[s] : "none";
}

int severity_parse(const char *s, enum severity *out)
{
    for (size_t i = 1; i < ARRAY_SIZE(sev_names); i++)
        if (!strcmp(s, sev_names[i])) {
            *out = (enum severity)i;
            return 0;
        }
    return -1;
}

struct finding *finding_list_add(struct finding_list *l)
{
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    struct finding *f = &l->v[l->n++];
    memset(f, 0, sizeof(*f));
    return f;
}

void finding_add_related(struct finding *f, const struct anchor *at, const char *message)
{
    ALLOC_GROW(f->related, f->nrelated + 1, f->related_alloc);
    struct related *r = &f->related[f->nrelated++];
    r->file = xstrdup(at->file);
    r->line = at->line;
    r->col = at->col;
    r->location = xstrdup(at->location);
    r->message = xstrdup(message);
}

static int finding_cmp(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
    int c;
    if ((c = str_cmp0(x->file, y->file)))
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if ((c = strcmp(x->rule, y->rule)))
        return c;
    if ((c = str_cmp0(x->location, y->location)))
        return c;
    if ((c = str_cmp0(x->path, y->path)))
        return c;
    return str_cmp0(x->message, y->message);
}

void finding_list_sort(struct finding_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof(*l->v), finding_cmp);
}

/* FNV-1a of s then a field separator, into two hashes at once: h[0] goes on from h[0], h[1]
 * from h[1] ^ 0x5bd1e995 (the fingerprint's two halves). */
static void fnv1a2(uint64_t h[2], const char *s)
{
    uint64_t a = h[0], b = h[1] ^ 0x5bd1e995;
    if (!s)
        s = "";
    for (; *s; s++) {
        a = (a ^ (unsigned char)*s) * 0x100000001b3ULL;
        b = (b ^ (unsigned char)*s) * 0x100000001b3ULL;
    }
    h[0] = (a ^ 0xff) * 0x100000001b3ULL; /* field separator */
    h[1] = (b ^ 0xff) * 0x100000001b3ULL;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The path with every all-digit segment ("steps[2]", "ingress.0.x") as "#". */
static char *norm_path(const char *p)
{
    if (!p)
        return NULL;
    char *out = xmalloc(strlen(p) + 1), *o = out; /* never longer than p */
    for (const char *s = p; *s;) {
        int at_start = s == p || s[-1] == '.' || s[-1] == '[';
        const char *e = s;
        while (is_digit(*e))
            e++;
        if (at_start && e > s && (!*e || *e == '.' || *e == ']')) {
            *o++ = '#';
            s = e;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* The message with every run of digits as "#": the line a message cites, a value the finding
 * quotes (`backup_retention_period is 3 days`) and a version bump (`actions/setup-uv@v6` to
 * `@v7`, what Dependabot does every week) leave the finding the same; names and paths keep it
 * apart from others. */
static char *norm_message(const char *m)
{
    if (!m)
        return NULL;
    char *out = xmalloc(strlen(m) + 1), *o = out; /* never longer than m */
    for (const char *s = m; *s;) {
        if (!is_digit(*s)) {
            *o++ = *s++;
            continue;
        }
        *o++ = '#';
        while (is_digit(*s))
            s++;
    }
    *o = '\0';
    return out;
}

static const char *strip_dot(const char *s)
{
    while (s && s[0] == '.' && s[1] == '/')
        s += 2;
    return s;
}

/* What a fingerprint is computed from (normalised copies owned here). */
struct fp_key {
    const char *rule, *file, *location;
    char *path, *message;
    uint64_t hash;  /* of the key, for counting occurrences */
    uint64_t hp[2]; /* the fingerprint's two hashes over everything but the occurrence */
};

static void key_init(struct fp_key *k, const struct finding *f, const char *file)
{
    k->rule = f->rule;
    k->file = strip_dot(file);
    k->location = f->location;
    k->path = norm_path(f->path);
    k->message = norm_message(f->message);
    k->hp[0] = 0xcbf29ce484222325ULL;
    k->hp[1] = 0x84222325cbf29ce4ULL;
    const char *parts[] = {"v2", k->rule, k->file, k->location, k->path, k->message};
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
        fnv1a2(k->hp, parts[i]);
    k->hash = k->hp[0];
}

static void key_release(struct fp_key *k)
{
    free(k->path);
    free(k->message);
}

static int key_same(const struct fp_key *x, const struct fp_key *y)
{
    return x->hash == y->hash && !str_cmp0(x->rule, y->rule) && !str_cmp0(x->file, y->file) &&
           !str_cmp0(x->location, y->location) && !str_cmp0(x->path, y->path) &&
           !str_cmp0(x->message, y->message);
}

/* MurmurHash3's 64-bit finalizer: every input bit reaches every output bit (FNV-1a alone leaves
 * fingerprints of findings that differ in one late byte alike in most digits). */
static uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* v as 16 lower-case hex digits at out. */
static void hex16(uint64_t v, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        out[i] = digits[v & 15];
}

static void key_print(const struct fp_key *k, unsigned occurrence, char out[33])
{
    char occ[16], *o = occ + sizeof(occ) - 1; /* occurrence in decimal */
    *o = '\0';
    do
        *--o = (char)('0' + occurrence % 10);
    while (occurrence /= 10);
    uint64_t h[2] = {k->hp[0], k->hp[1]};
    fnv1a2(h, o);
    hex16(fmix64(h[0]), out);
    hex16(fmix64(h[1]), out + 16);
    out[32] = '\0';
}

/* Occurrence counts by key: open addressing over the key hash, each slot keeping one key of
 * its kind to compare with, so counting stays linear. */
struct occ_slot {
    size_t rep; /* index of a finding with this key, + 1 (0: empty) */
    unsigned count;
};

void finding_list_fingerprint(struct finding_list *l)
{
    size_t cap = 16;
    while (cap < l->n * 2)
        cap *= 2;
    struct occ_slot *tab = xcalloc(cap, sizeof(*tab));
    struct fp_key *keys = xcalloc(l->n ? l->n : 1, sizeof(*keys));
    for (size_t i = 0; i < l->n; i++) {
        struct finding *f = &l->v[i];
        key_init(&keys[i], f, f->file);
        size_t at = (size_t)keys[i].hash & (cap - 1);
        while (tab[at].rep && !key_same(&keys[tab[at].rep - 1], &keys[i]))
            at = (at + 1) & (cap - 1);
        if (!tab[at].rep)
            tab[at].rep = i + 1;
        f->occurrence = tab[at].count++;
        key_print(&keys[i], f->occurrence, f->fingerprint);
    }
    for (size_t i = 0; i < l->n; i++)
        key_release(&keys[i]);
    free(keys);
    free(tab);
}

void finding_fingerprint_as(const struct finding *f, const char *file, char out[33])
{
    struct fp_key k;
    key_init(&k, f, file);
    key_print(&k, f->occurrence, out);
    key_release(&k);
}

void finding_release(struct finding *f)
{
    free(f->rule);
    free(f->message);
    free(f->fix);
    free(f->file);
    free(f->location);
    free(f->path);
    free(f->suppress_reason);
    for (size_t i = 0; i < f->nrelated; i++) {
        free(f->related[i].file);
        free(f->related[i].location);
        free(f->related[i].message);
    }
    free(f->related);
}

void finding_list_release(struct finding_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        finding_release(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}
