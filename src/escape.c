/* escape.c — escaping for the terminal, GitHub workflow commands, XML and URIs (escape.h). */
#include <stdarg.h>
#include <string.h>

#include "infralint/escape.h"
#include "infralint/strbuf.h"

enum mode { M_TERM, M_GH_DATA, M_GH_PROP, M_XML_TEXT, M_XML_ATTR };

/* Decode one UTF-8 character at s; its length, or 0 when the bytes are not UTF-8 (overlong
 * forms, surrogates and values above U+10FFFF included). */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Characters that must never reach an output raw (outside ASCII controls). */
static int hidden_cp(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF;
}

/* The visible form of an ASCII control byte or DEL. */
static void visible_byte(struct strbuf *out, unsigned char c)
{
    if (c == '\n')
        strbuf_addstr(out, "\\n");
    else if (c == '\r')
        strbuf_addstr(out, "\\r");
    else if (c == '\t')
        strbuf_addstr(out, "\\t");
    else
        strbuf_addf(out, "\\x%02x", c);
}

/* Format-specific ASCII escapes; 1 when c was written. */
static int special(struct strbuf *out, unsigned char c, enum mode m)
{
    switch (m) {
    case M_TERM: return 0;
    case M_GH_PROP:
        if (c == ':' || c == ',') {
            strbuf_addstr(out, c == ':' ? "%3A" : "%2C");
            return 1;
        }
        /* fall through */
    case M_GH_DATA:
        if (c == '%' || c == '\r' || c == '\n') {
            strbuf_addstr(out, c == '%' ? "%25" : c == '\r' ? "%0D" : "%0A");
            return 1;
        }
        return 0;
    case M_XML_ATTR:
        if (c == '"' || c == '\t' || c == '\n') {
            strbuf_addstr(out, c == '"' ? "&quot;" : c == '\t' ? "&#9;" : "&#10;");
            return 1;
        }
        /* fall through */
    case M_XML_TEXT:
        if (c == '&' || c == '<' || c == '>' || c == '\r') {
            strbuf_addstr(out, c == '&'   ? "&amp;"
                               : c == '<' ? "&lt;"
                               : c == '>' ? "&gt;"
                                          : "&#13;");
            return 1;
        }
        if (m == M_XML_TEXT && (c == '\t' || c == '\n')) {
            strbuf_addch(out, c);
            return 1;
        }
        return 0;
    }
    return 0;
}

/* keep: ASCII control characters that pass raw (terminal text only), or NULL. */
static void escape(struct strbuf *out, const char *str, enum mode m, const char *keep)
{
    if (!str)
        return;
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        const unsigned char *run = s; /* plain printable ASCII is copied in one go */
        while (*s >= 0x20 && *s < 0x7F && !(m != M_TERM && strchr("%:,&<>\"", *s)))
            s++;
        strbuf_add(out, run, (size_t)(s - run));
        if (!*s)
            break;
        if (*s < 0x80) {
            if (!special(out, *s, m)) {
                if (keep && *s < 0x20 && strchr(keep, *s))
                    strbuf_addch(out, *s);
                else if (*s < 0x20 || *s == 0x7F)
                    visible_byte(out, *s);
                else
                    strbuf_addch(out, *s);
            }
            s++;
            continue;
        }
        unsigned cp;
        size_t n = utf8_decode(s, &cp);
        if (!n) {
            strbuf_addf(out, "\\x%02x", *s);
            s++;
        } else if (hidden_cp(cp)) {
            strbuf_addf(out, "\\u%04x", cp);
            s += n;
        } else {
            strbuf_add(out, s, n);
            s += n;
        }
    }
}

void escape_term(struct strbuf *out, const char *s)
{
    escape(out, s, M_TERM, NULL);
}

char *escape_term_dup(const char *s)
{
    if (!s)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    escape(&sb, s, M_TERM, NULL);
    return strbuf_detach(&sb);
}

void escape_term_keep(struct strbuf *out, const char *s, const char *keep)
{
    escape(out, s, M_TERM, keep);
}

void escape_term_printf(FILE *out, const char *fmt, ...)
{
    struct strbuf raw = STRBUF_INIT, sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&raw, fmt, ap);
    va_end(ap);
    escape(&sb, raw.buf, M_TERM, NULL);
    strbuf_addch(&sb, '\n');
    fputs(sb.buf, out);
    strbuf_release(&raw);
    strbuf_release(&sb);
}

void escape_gh_data(struct strbuf *out, const char *s)
{
    escape(out, s, M_GH_DATA, NULL);
}

void escape_gh_property(struct strbuf *out, const char *s)
{
    escape(out, s, M_GH_PROP, NULL);
}

void escape_xml_text(struct strbuf *out, const char *s)
{
    escape(out, s, M_XML_TEXT, NULL);
}

void escape_xml_attr(struct strbuf *out, const char *s)
{
    escape(out, s, M_XML_ATTR, NULL);
}

void escape_uri_path(struct strbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            strbuf_addch(out, c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            strbuf_add(out, e, 3);
        }
    }
}
