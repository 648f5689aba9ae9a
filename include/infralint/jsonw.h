/* jsonw.h — a streaming JSON writer for reports: values go straight into a strbuf, indented by
 * two spaces exactly as jansson's JSON_INDENT(2) | JSON_ENSURE_ASCII prints them (non-ASCII as
 * \uXXXX; a string that is not valid UTF-8 has its non-ASCII bytes replaced by '?'). The writer
 * tracks nesting itself, so callers only open, add and close. */
#ifndef INFRALINT_JSONW_H
#define INFRALINT_JSONW_H

#include <stddef.h>

#include "strbuf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
    struct strbuf *out;
    int depth;
    int count[JSONW_MAX_DEPTH]; /* members written at each open level */
    char close[JSONW_MAX_DEPTH];
};

/* Start writing into out. */
void jsonw_init(struct jsonw *w, struct strbuf *out);
/* Open an object or array: as a member of the enclosing object (key), or as an element (NULL). */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
/* Close the innermost object or array. */
void jsonw_end(struct jsonw *w);
/* A string member or element (NULL writes null). */
void jsonw_string(struct jsonw *w, const char *key, const char *value);
/* An integer member or element. */
void jsonw_int(struct jsonw *w, const char *key, long long value);
/* A boolean member or element. */
void jsonw_bool(struct jsonw *w, const char *key, int value);
/* A null member or element. */
void jsonw_null(struct jsonw *w, const char *key);

#endif
