/* finding.c — finding lists: ordering, fingerprints, ownership. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/finding.h"
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

static uint64_t fnv1a(uint64_t h, const char *s)
{
    if (!s)
        s = "";
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff; /* field separator */
    h *= 0x100000001b3ULL;
    return h;
}

static int same_key(const struct finding *x, const struct finding *y)
{
    return !strcmp(x->rule, y->rule) && !str_cmp0(x->file, y->file) &&
           !str_cmp0(x->location, y->location) && !str_cmp0(x->path, y->path);
}

/* Occurrence counts by key (rule, file, location, path): open addressing over the key hash,
 * each slot keeping one finding of its key to compare with, so the count stays linear. */
struct occ_slot {
    uint64_t hash;
    size_t rep; /* index of a finding with this key, + 1 (0: empty) */
    unsigned count;
};

void finding_list_fingerprint(struct finding_list *l)
{
    size_t cap = 16;
    while (cap < l->n * 2)
        cap *= 2;
    struct occ_slot *tab = xcalloc(cap, sizeof(*tab));
    for (size_t i = 0; i < l->n; i++) {
        struct finding *f = &l->v[i];
        uint64_t key = 0xcbf29ce484222325ULL;
        const char *kparts[] = {f->rule, f->file, f->location, f->path};
        for (size_t k = 0; k < ARRAY_SIZE(kparts); k++)
            key = fnv1a(key, kparts[k]);
        size_t at = (size_t)key & (cap - 1);
        while (tab[at].rep && (tab[at].hash != key || !same_key(&l->v[tab[at].rep - 1], f)))
            at = (at + 1) & (cap - 1);
        if (!tab[at].rep) {
            tab[at].hash = key;
            tab[at].rep = i + 1;
        }
        unsigned occurrence = tab[at].count++;
        char occ[16];
        snprintf(occ, sizeof(occ), "%u", occurrence);
        uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
        const char *parts[] = {f->rule, f->file, f->location, f->path, occ};
        for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
            h1 = fnv1a(h1, parts[k]);
            h2 = fnv1a(h2 ^ 0x5bd1e995, parts[k]);
        }
        snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx%016llx", (unsigned long long)h1,
                 (unsigned long long)h2);
    }
    free(tab);
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
