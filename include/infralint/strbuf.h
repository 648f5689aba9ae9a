/* strbuf.h — a growable, always NUL-terminated string buffer (after git's strbuf).
 * Invariant: buf is never NULL (it points at a shared empty string until the first write).
 * The owner calls strbuf_release(), or takes the string with strbuf_detach(). */
#ifndef INFRALINT_STRBUF_H
#define INFRALINT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        strbuf_slopbuf, 0, 0                                                                       \
    }

/* Initialise an empty buffer. */
void strbuf_init(struct strbuf *sb);
/* Free the contents; the buffer is empty and reusable afterwards. */
void strbuf_release(struct strbuf *sb);
/* Hand the string to the caller (never NULL) and reset the buffer. */
char *strbuf_detach(struct strbuf *sb);
/* Make room for extra more bytes. */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Append len bytes. */
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
/* Append a NUL-terminated string. */
void strbuf_addstr(struct strbuf *sb, const char *s);
/* Append one character. */
void strbuf_addch(struct strbuf *sb, int c);
/* Append formatted text. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) IL_PRINTF(2, 3);
/* Append formatted text from a va_list. */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) IL_PRINTF(2, 0);
/* Cut the buffer to len bytes. */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Empty the buffer, keeping its allocation. */
void strbuf_reset(struct strbuf *sb);
/* Append s as a JSON string literal body, escaping quotes, backslashes and control bytes. */
void strbuf_addjson(struct strbuf *sb, const char *s);

#endif
