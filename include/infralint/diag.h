/* diag.h — input errors: what could not be read or parsed, with the best position the format keeps.
 * A diagnostic names a file and either a line/column (1-based; 0 when unknown) or a JSON path.
 * Loaders append to a diag_list and return -1; nothing deep in the code prints or exits. */
#ifndef INFRALINT_DIAG_H
#define INFRALINT_DIAG_H

#include <stddef.h>

#include "util.h"

struct diag {
    char *file;    /* as the user named it; "<stdin>" for standard input; NULL for usage-level */
    unsigned line; /* 1-based, 0 when the format keeps no position */
    unsigned col;  /* 1-based, 0 when unknown */
    char *jpath;   /* JSON path such as "resource_changes[3].change", or NULL */
    char *message; /* lowercase, no final period, never quotes sensitive input */
};

struct diag_list {
    struct diag *v;
    size_t n, alloc;
};

/* Append an error at file:line:col; always returns -1 so callers can `return diag_add(...)`. */
int diag_add(struct diag_list *d, const char *file, unsigned line, unsigned col, const char *fmt,
             ...) IL_PRINTF(5, 6);
/* Append an error at a JSON path inside file; returns -1. */
int diag_add_jpath(struct diag_list *d, const char *file, const char *jpath, const char *fmt, ...)
    IL_PRINTF(4, 5);
/* Move all diagnostics of src to the end of dst (src is left empty). */
void diag_move(struct diag_list *dst, struct diag_list *src);
/* Sort by file, line, column, message (stable output). */
void diag_sort(struct diag_list *d);
/* Free every diagnostic and the list storage. */
void diag_release(struct diag_list *d);

#endif
