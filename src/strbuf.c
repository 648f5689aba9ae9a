/* strbuf.c — growable strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/strbuf.h"

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb)
{
    sb->buf = strbuf_slopbuf;
    sb->len = sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb)
{
    char *s = sb->alloc ? sb->buf : xstrdup("");
    strbuf_init(sb);
    return s;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->alloc)
        return;
    size_t cap = sb->alloc < 64 ? 64 : sb->alloc;
    while (cap < need)
        cap *= 2;
    char *p = sb->alloc ? sb->buf : NULL;
    p = xreallocarray(p, cap, 1);
    if (!sb->alloc)
        p[0] = '\0';
    sb->buf = p;
    sb->alloc = cap;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
    strbuf_grow(sb, 1);
    sb->buf[sb->len++] = (char)c;
    sb->buf[sb->len] = '\0';
}

/* Formats once into the room the buffer has (64 bytes at least), twice only when it grows. */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    if (!sb->alloc)
        strbuf_grow(sb, 63);
    va_list cp;
    va_copy(cp, ap);
    size_t room = sb->alloc - sb->len;
    int n = vsnprintf(sb->buf + sb->len, room, fmt, cp);
    va_end(cp);
    if (n < 0) {
        sb->buf[sb->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        strbuf_grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    }
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
    if (len > sb->len)
        return;
    sb->len = len;
    if (sb->alloc)
        sb->buf[len] = '\0';
}

void strbuf_reset(struct strbuf *sb)
{
    strbuf_setlen(sb, 0);
}

void strbuf_addjson(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': strbuf_addstr(sb, "\\\""); break;
        case '\\': strbuf_addstr(sb, "\\\\"); break;
        case '\n': strbuf_addstr(sb, "\\n"); break;
        case '\r': strbuf_addstr(sb, "\\r"); break;
        case '\t': strbuf_addstr(sb, "\\t"); break;
        default:
            if (c < 0x20)
                strbuf_addf(sb, "\\u%04x", c);
            else
                strbuf_addch(sb, c);
        }
    }
}
