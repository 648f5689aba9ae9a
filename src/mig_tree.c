/* mig_tree.c — version directories of one migration sequence (see mig_tree.h). */
#include <stdlib.h>
#include <string.h>

#include "infralint/migration.h"
#include "infralint/util.h"
#include "mig_tree.h"

struct vdir {
    struct mig_set *s;
    size_t parent_len; /* real_dir[0, parent_len) is the parent */
    unsigned long long n;
};

/* The directory's last component as a number; 0 when it is not one. */
static int version_dir(const char *dir, size_t *parent_len, unsigned long long *n)
{
    const char *l = strrchr(dir, '/');
    if (!l || !l[1] || strlen(l + 1) > 18)
        return 0;
    unsigned long long v = 0;
    for (const char *c = l + 1; *c; c++) {
        if (*c < '0' || *c > '9')
            return 0;
        v = v * 10 + (unsigned long long)(*c - '0');
    }
    *parent_len = (size_t)(l - dir);
    *n = v;
    return 1;
}

static int vdir_cmp(const void *a, const void *b)
{
    const struct vdir *x = a, *y = b;
    size_t n = x->parent_len < y->parent_len ? x->parent_len : y->parent_len;
    int c = memcmp(x->s->real_dir, y->s->real_dir, n);
    if (c)
        return c;
    if (x->parent_len != y->parent_len)
        return x->parent_len < y->parent_len ? -1 : 1;
    return x->n < y->n ? -1 : x->n > y->n;
}

static int same_parent(const struct vdir *a, const struct vdir *b)
{
    return a->parent_len == b->parent_len && !memcmp(a->s->real_dir, b->s->real_dir, a->parent_len);
}

void mig_tree_link(struct project *p)
{
    struct vdir *v = xcalloc(p->nmigs ? p->nmigs : 1, sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < p->nmigs; i++)
        if (version_dir(p->migs[i]->real_dir, &v[n].parent_len, &v[n].n))
            v[n++].s = p->migs[i];
    if (n > 1)
        qsort(v, n, sizeof(*v), vdir_cmp);
    for (size_t b = 0, e; b < n; b = e) {
        for (e = b + 1; e < n && same_parent(&v[b], &v[e]);)
            e++;
        if (e - b < 2)
            continue;
        for (size_t i = b; i < e; i++) {
            v[i].s->release_dir = 1;
            v[i].s->prev = i > b ? v[i - 1].s : NULL;
            v[i].s->next = i + 1 < e ? v[i + 1].s : NULL;
        }
    }
    free(v);
}
