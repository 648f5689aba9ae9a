/* jsonw.c — streaming JSON for reports (the layout of jansson's JSON_INDENT(2)). */
#include <string.h>

#include "infralint/jsonw.h"

void jsonw_init(struct jsonw *w, struct strbuf *out)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
}

static void string_body(struct strbuf *out, const char *value);

static void indent(struct jsonw *w)
{
    strbuf_addch(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        strbuf_addstr(w->out, "  ");
}

/* Separator, newline and indentation before a member or element, and its key. */
static void begin(struct jsonw *w, const char *key)
{
    if (w->depth == 0)
        return;
    if (w->count[w->depth - 1]++)
        strbuf_addch(w->out, ',');
    indent(w);
    if (key) {
        string_body(w->out, key);
        strbuf_addstr(w->out, ": ");
    }
}

static int utf8_valid(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        size_t n = c < 0x80             ? 0
                   : (c & 0xE0) == 0xC0 ? 1
                   : (c & 0xF0) == 0xE0 ? 2
                   : (c & 0xF8) == 0xF0 ? 3
                                        : 4;
        if (n == 4 || (n == 1 && c < 0xC2))
            return 0;
        unsigned long cp = n ? c & (0x3Fu >> n) : c;
        for (size_t i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += n + 1;
    }
    return 1;
}

/* Decode one valid UTF-8 sequence at *s. */
static unsigned long next_cp(const unsigned char **s)
{
    unsigned c = *(*s)++;
    if (c < 0x80)
        return c;
    size_t n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    unsigned long cp = c & (0x3Fu >> n);
    while (n--)
        cp = cp << 6 | (*(*s)++ & 0x3F);
    return cp;
}

static void string_body(struct strbuf *out, const char *value)
{
    const unsigned char *s = (const unsigned char *)value;
    int valid = utf8_valid(s);
    strbuf_addch(out, '"');
    while (*s) {
        unsigned long c = valid ? next_cp(&s) : *s++;
        switch (c) {
        case '"': strbuf_addstr(out, "\\\""); break;
        case '\\': strbuf_addstr(out, "\\\\"); break;
        case '\b': strbuf_addstr(out, "\\b"); break;
        case '\f': strbuf_addstr(out, "\\f"); break;
        case '\n': strbuf_addstr(out, "\\n"); break;
        case '\r': strbuf_addstr(out, "\\r"); break;
        case '\t': strbuf_addstr(out, "\\t"); break;
        default:
            if (c < 0x20)
                strbuf_addf(out, "\\u%04lx", c);
            else if (c < 0x80)
                strbuf_addch(out, (int)c);
            else if (!valid)
                strbuf_addch(out, '?');
            else if (c < 0x10000)
                strbuf_addf(out, "\\u%04lx", c);
            else {
                c -= 0x10000;
                strbuf_addf(out, "\\u%04lx\\u%04lx", 0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF));
            }
        }
    }
    strbuf_addch(out, '"');
}

void jsonw_string(struct jsonw *w, const char *key, const char *value)
{
    begin(w, key);
    if (!value)
        strbuf_addstr(w->out, "null");
    else
        string_body(w->out, value);
}

static void open(struct jsonw *w, const char *key, char o, char c)
{
    begin(w, key);
    strbuf_addch(w->out, o);
    if (w->depth < JSONW_MAX_DEPTH) {
        w->close[w->depth] = c;
        w->count[w->depth] = 0;
        w->depth++;
    }
}

void jsonw_object(struct jsonw *w, const char *key)
{
    open(w, key, '{', '}');
}

void jsonw_array(struct jsonw *w, const char *key)
{
    open(w, key, '[', ']');
}

void jsonw_end(struct jsonw *w)
{
    if (!w->depth)
        return;
    w->depth--;
    if (w->count[w->depth])
        indent(w);
    strbuf_addch(w->out, w->close[w->depth]);
}

void jsonw_int(struct jsonw *w, const char *key, long long value)
{
    begin(w, key);
    strbuf_addf(w->out, "%lld", value);
}

void jsonw_bool(struct jsonw *w, const char *key, int value)
{
    begin(w, key);
    strbuf_addstr(w->out, value ? "true" : "false");
}

void jsonw_null(struct jsonw *w, const char *key)
{
    begin(w, key);
    strbuf_addstr(w->out, "null");
}
