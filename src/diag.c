/* diag.c — input error lists. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/diag.h"
#include "infralint/strbuf.h"

static struct diag *diag_new(struct diag_list *d, const char *file)
{
    ALLOC_GROW(d->v, d->n + 1, d->alloc);
    struct diag *x = &d->v[d->n++];
    memset(x, 0, sizeof(*x));
    x->file = xstrdup(file);
    return x;
}

int diag_add(struct diag_list *d, const char *file, unsigned line, unsigned col, const char *fmt,
             ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct diag *x = diag_new(d, file);
    x->line = line;
    x->col = col;
    x->message = strbuf_detach(&sb);
    return -1;
}

int diag_add_jpath(struct diag_list *d, const char *file, const char *jpath, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct diag *x = diag_new(d, file);
    x->jpath = xstrdup(jpath);
    x->message = strbuf_detach(&sb);
    return -1;
}

void diag_move(struct diag_list *dst, struct diag_list *src)
{
    for (size_t i = 0; i < src->n; i++) {
        ALLOC_GROW(dst->v, dst->n + 1, dst->alloc);
        dst->v[dst->n++] = src->v[i];
    }
    free(src->v);
    memset(src, 0, sizeof(*src));
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag *x = a, *y = b;
    int c = str_cmp0(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if ((c = str_cmp0(x->jpath, y->jpath)))
        return c;
    return strcmp(x->message, y->message);
}

void diag_sort(struct diag_list *d)
{
    if (d->n > 1)
        qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

void diag_release(struct diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].jpath);
        free(d->v[i].message);
    }
    free(d->v);
    memset(d, 0, sizeof(*d));
}
