/* arena.h — a bump allocator for documents: many small allocations, all freed at once.
 * Whatever a loader builds for a document lives in the document's arena; arena_free() releases
 * it. Memory is 16-byte aligned and never returned individually. */
#ifndef INFRALINT_ARENA_H
#define INFRALINT_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena. */
struct arena *arena_new(void);
/* n bytes of zeroed memory, valid until arena_free(). */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A copy of a NUL-terminated string (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* Bytes handed out so far (for limits and measurements). */
size_t arena_used(const struct arena *a);
/* Free the arena and everything allocated in it. */
void arena_free(struct arena *a);

#endif
