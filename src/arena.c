/* arena.c — chunked bump allocation. */
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/util.h"

struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char mem[];
};

struct arena {
    struct chunk *head;
    size_t total;
    size_t next_size; /* chunks grow geometrically: small documents stay small */
};

enum { CHUNK_FIRST = 4 * 1024, CHUNK_MAX = 1024 * 1024 };

struct arena *arena_new(void)
{
    return xcalloc(1, sizeof(struct arena));
}

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = a->next_size ? a->next_size : CHUNK_FIRST;
        if (size < CHUNK_MAX)
            a->next_size = size * 2;
        if (size < n)
            size = n;
        c = xmalloc(sizeof(*c) + size);
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->mem + c->used;
    c->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}
