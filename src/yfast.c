/* yfast.c — read the YAML of workflows without libyaml (see yfast.h). Each construct follows what
 * libyaml 0.2.5's scanner and parser do with it: the marks of every event (block collections
 * start at their first key or entry and end at the next token, indentless sequences at their
 * first '-', empty values at the end of their ':' or '-'), plain scalars ending at ": ", " #" and
 * the end of the line, libyaml's chomping and folding of block scalars and its choice of their
 * indentation. Whatever might continue, or be read another way, returns -1 before anything is
 * used: libyaml reads those documents, and reports their errors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "infralint/util.h"
#include "infralint/ynode.h"
#include "yfast.h"

#define BAIL (-1)
#define MAX_NEST 200 /* deeper documents are left to libyaml (and ynode.c's depth limit) */
#define MAX_FLOW 32
#define MAX_KEY 1000 /* libyaml refuses simple keys of 1,024 characters and more */

struct yf {
    const unsigned char *s, *end, *p;
    const unsigned char *ls; /* start of the line p is on */
    size_t line, ls_chars;   /* its number (0-based), characters before it */
    int ascii;               /* the whole text is ASCII */
    int ls_ascii;            /* the line p is on is (-1: not known yet) */
    int nest;
    struct yfast_events *out;
};

/* A scalar read but not yet emitted. */
struct scalar {
    int style;
    struct yfast_mark start, end;
    const char *value;
    size_t len;
    int decoded;
    size_t boff;
};

/* ---- positions ---- */

static size_t chars(struct yf *y, const unsigned char *a, const unsigned char *b)
{
    if (y->ascii)
        return (size_t)(b - a);
    if (a == y->ls) { /* most counts run from the start of the line: is it ASCII? */
        if (y->ls_ascii < 0) {
            const unsigned char *e = y->ls;
            while (e < y->end && *e != '\n' && *e < 0x80)
                e++;
            y->ls_ascii = e >= y->end || *e == '\n';
        }
        if (y->ls_ascii)
            return (size_t)(b - a);
    }
    size_t n = 0;
    for (; a < b; a++)
        n += (*a & 0xC0) != 0x80;
    return n;
}

/* The mark of q, on the line p is on. */
static struct yfast_mark mark_at(struct yf *y, const unsigned char *q)
{
    size_t col = chars(y, y->ls, q);
    struct yfast_mark m = {y->ls_chars + col, y->line, col, (size_t)(q - y->s)};
    return m;
}

/* Where the end of the stream closes a block collection of indentation indent: libyaml closes
 * those deeper than the last line's column there, then moves the mark to the start of the next
 * line (when the last line has no line break) and closes the others. */
static struct yfast_mark eof_close(struct yf *y, long indent)
{
    struct yfast_mark m = mark_at(y, y->end);
    if (indent <= (long)m.column && m.column) {
        m.line++;
        m.column = 0;
    }
    return m;
}

static size_t column(struct yf *y)
{
    return chars(y, y->ls, y->p);
}

/* Step over the line break at p. */
static void newline(struct yf *y)
{
    y->p++;
    y->ls_chars += chars(y, y->ls, y->p);
    y->ls = y->p;
    y->ls_ascii = -1;
    y->line++;
}

static int blankz(const struct yf *y, const unsigned char *q)
{
    return q >= y->end || *q == ' ' || *q == '\t' || *q == '\n';
}

static int is_entry(const struct yf *y, const unsigned char *q)
{
    return q < y->end && *q == '-' && blankz(y, q + 1);
}

/* "---" or "..." at q, followed by a blank or the end. */
static int doc_marker(const struct yf *y, const unsigned char *q)
{
    return y->end - q >= 3 &&
           ((q[0] == '-' && q[1] == '-' && q[2] == '-') ||
            (q[0] == '.' && q[1] == '.' && q[2] == '.')) &&
           blankz(y, q + 3);
}

/* ---- events ---- */

static struct yfast_event *emit(struct yf *y, enum yfast_kind k, struct yfast_mark a,
                                struct yfast_mark b)
{
    struct yfast_events *o = y->out;
    ALLOC_GROW(o->v, o->n + 1, o->alloc);
    struct yfast_event *e = &o->v[o->n++];
    memset(e, 0, sizeof(*e));
    e->kind = k;
    e->start = a;
    e->end = b;
    return e;
}

static void emit_collection(struct yf *y, enum yfast_kind k, struct yfast_mark a,
                            struct yfast_mark b, int flow)
{
    emit(y, k, a, b)->style = flow;
}

static void emit_scalar(struct yf *y, const struct scalar *sc)
{
    struct yfast_event *e = emit(y, YF_SCALAR, sc->start, sc->end);
    e->style = sc->style;
    e->value = sc->value;
    e->len = sc->len;
    e->decoded = sc->decoded;
    e->boff = sc->boff;
}

static int empty(struct yf *y, struct yfast_mark m)
{
    struct scalar sc = {YSTYLE_PLAIN, m, m, "", 0, 0, 0};
    emit_scalar(y, &sc);
    return 0;
}

static void buf_add(struct yf *y, const void *data, size_t n)
{
    struct yfast_events *o = y->out;
    ALLOC_GROW(o->buf, o->blen + n + 1, o->balloc);
    memcpy(o->buf + o->blen, data, n);
    o->blen += n;
}

static void buf_addch(struct yf *y, int c)
{
    char ch = (char)c;
    buf_add(y, &ch, 1);
}

/* ---- whitespace ---- */

/* Spaces on this line (a tab: not read here). */
static int line_spaces(struct yf *y)
{
    while (y->p < y->end && *y->p == ' ')
        y->p++;
    return y->p < y->end && *y->p == '\t' ? BAIL : 0;
}

/* Spaces, comments and line breaks up to the next token (libyaml's scan_to_next_token). A
 * directive or document marker there is not read here. */
static int next_token(struct yf *y)
{
    for (;;) {
        if (line_spaces(y))
            return BAIL;
        if (y->p < y->end && *y->p == '#')
            while (y->p < y->end && *y->p != '\n')
                y->p++;
        if (y->p < y->end && *y->p == '\n') {
            newline(y);
            continue;
        }
        break;
    }
    if (y->p < y->end && y->p == y->ls && (*y->p == '%' || doc_marker(y, y->p)))
        return BAIL;
    return 0;
}

/* What may follow a value on its line: spaces, a comment. */
static int trailing(struct yf *y)
{
    if (line_spaces(y))
        return BAIL;
    if (y->p < y->end && *y->p == '#')
        while (y->p < y->end && *y->p != '\n')
            y->p++;
    return y->p < y->end && *y->p != '\n' ? BAIL : 0;
}

/* ---- scalars ---- */

/* Can a plain scalar start at q? ('?' and ':' before a non-blank are left to libyaml.) */
static int plain_start(const struct yf *y, const unsigned char *q)
{
    if (q >= y->end)
        return 0;
    unsigned c = *q;
    if (c == '-')
        return !blankz(y, q + 1);
    return !strchr("?:,[]{}#&*!|>'\"%@` \t\n", (int)c) && c;
}

static int flow_indicator(unsigned c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* A plain scalar on one line. In block context (indent: the enclosing collection's), one that
 * would go on in the next line is not read here. */
static int scan_plain(struct yf *y, int flow, long indent, struct scalar *sc)
{
    const unsigned char *a = y->p, *q = y->p, *last = y->p, *end = y->end;
    int at_eol = 0;
    for (;;) {
        while (q < end && *q != ' ' && *q != '\t' && *q != '\n') {
            if (*q == ':' && blankz(y, q + 1))
                goto done;
            if (flow && *q == ':' && q + 1 < end && strchr(",?[]{}", q[1]))
                return BAIL; /* libyaml: "found unexpected ':'" */
            if (flow && flow_indicator(*q))
                goto done;
            last = ++q;
        }
        const unsigned char *w = q;
        while (w < end && *w == ' ')
            w++;
        if (w < end && *w == '\t')
            return BAIL;
        if (w >= end || *w == '\n') {
            at_eol = 1;
            q = w;
            break;
        }
        if (*w == '#')
            break;
        q = w;
    }
done:
    if (at_eol && !flow) { /* does it go on in the next line? */
        const unsigned char *r = q;
        while (r < end) {
            const unsigned char *t = ++r; /* past the line break */
            while (t < end && *t == ' ')
                t++;
            if (t < end && *t == '\t')
                return BAIL;
            if (t >= end)
                break;
            if (*t == '\n') {
                r = t;
                continue;
            }
            if ((long)(t - r) > indent && *t != '#')
                return BAIL;
            break;
        }
    }
    sc->style = YSTYLE_PLAIN;
    sc->start = mark_at(y, a);
    sc->end = mark_at(y, last);
    sc->value = (const char *)a;
    sc->len = (size_t)(last - a);
    sc->decoded = 0;
    y->p = last;
    return 0;
}

static int hex_digit(unsigned c)
{
    return c >= '0' && c <= '9'   ? (int)(c - '0')
           : c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10)
           : c >= 'A' && c <= 'F' ? (int)(c - 'A' + 10)
                                  : -1;
}

/* One escape of a double-quoted scalar at q (the backslash), decoded into the buffer; its length
 * in the source, 0 when libyaml would refuse it or it breaks the line. */
static size_t escape(struct yf *y, const unsigned char *q)
{
    static const char simple[] = "0\0a\ab\bt\t\t\tn\nv\vf\fr\re\x1b  \"\"//\\\\";
    if (y->end - q < 2)
        return 0;
    unsigned c = q[1];
    for (size_t i = 0; i + 1 < sizeof(simple); i += 2)
        if ((unsigned char)simple[i] == c) {
            buf_addch(y, simple[i + 1]);
            return 2;
        }
    static const char *const named[][2] = {
        {"N", "\xc2\x85"}, {"_", "\xc2\xa0"}, {"L", "\xe2\x80\xa8"}, {"P", "\xe2\x80\xa9"}};
    for (size_t i = 0; i < ARRAY_SIZE(named); i++)
        if ((unsigned char)named[i][0][0] == c) {
            buf_add(y, named[i][1], strlen(named[i][1]));
            return 2;
        }
    size_t n = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (!n || (size_t)(y->end - q) < 2 + n)
        return 0;
    unsigned long v = 0;
    for (size_t i = 0; i < n; i++) {
        int h = hex_digit(q[2 + i]);
        if (h < 0)
            return 0;
        v = v << 4 | (unsigned long)h;
    }
    if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0;
    unsigned char o[4];
    size_t k;
    if (v <= 0x7F) {
        o[0] = (unsigned char)v;
        k = 1;
    } else if (v <= 0x7FF) {
        o[0] = (unsigned char)(0xC0 + (v >> 6));
        o[1] = (unsigned char)(0x80 + (v & 0x3F));
        k = 2;
    } else if (v <= 0xFFFF) {
        o[0] = (unsigned char)(0xE0 + (v >> 12));
        o[1] = (unsigned char)(0x80 + ((v >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 + (v & 0x3F));
        k = 3;
    } else {
        o[0] = (unsigned char)(0xF0 + (v >> 18));
        o[1] = (unsigned char)(0x80 + ((v >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 + ((v >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 + (v & 0x3F));
        k = 4;
    }
    buf_add(y, o, k);
    return 2 + n;
}

/* A quoted scalar that closes on its line (single: '' is a quote; double: escapes). */
static int scan_quoted(struct yf *y, struct scalar *sc)
{
    const unsigned char *a = y->p, *q = a + 1, *end = y->end;
    unsigned quote = *a;
    size_t boff = y->out->blen;
    int decoded = 0;
    const unsigned char *run = q; /* not yet copied (once decoding) */
    for (;;) {
        if (q >= end || *q == '\n')
            return BAIL; /* goes on in the next line, or never closes */
        if (*q == quote) {
            if (quote == '\'' && q + 1 < end && q[1] == '\'') {
                if (!decoded)
                    decoded = 1;
                buf_add(y, run, (size_t)(q - run));
                buf_addch(y, '\'');
                q += 2;
                run = q;
                continue;
            }
            break;
        }
        if (quote == '"' && *q == '\\') {
            decoded = 1;
            buf_add(y, run, (size_t)(q - run));
            size_t n = escape(y, q);
            if (!n)
                return BAIL;
            q += n;
            run = q;
            continue;
        }
        q++;
    }
    sc->style = quote == '\'' ? YSTYLE_SINGLE : YSTYLE_DOUBLE;
    sc->start = mark_at(y, a);
    sc->end = mark_at(y, q + 1);
    if (decoded) {
        buf_add(y, run, (size_t)(q - run));
        sc->decoded = 1;
        sc->boff = boff;
        sc->len = y->out->blen - boff;
        sc->value = NULL;
    } else {
        sc->decoded = 0;
        sc->value = (const char *)a + 1;
        sc->len = (size_t)(q - a - 1);
    }
    y->p = q + 1;
    return 0;
}

/* A plain or quoted scalar at p, or -1. */
static int scan_scalar(struct yf *y, int flow, long indent, struct scalar *sc)
{
    if (y->p < y->end && (*y->p == '\'' || *y->p == '"'))
        return scan_quoted(y, sc);
    if (!plain_start(y, y->p))
        return BAIL;
    return scan_plain(y, flow, indent, sc);
}

/* Block scalar indentation and breaks (libyaml's scan_block_scalar_breaks). */
static int block_breaks(struct yf *y, long *ind, long parent, size_t *breaks,
                        struct yfast_mark *endm)
{
    long max = 0;
    *endm = mark_at(y, y->p);
    for (;;) {
        while ((!*ind || (long)column(y) < *ind) && y->p < y->end && *y->p == ' ')
            y->p++;
        if ((long)column(y) > max)
            max = (long)column(y);
        if ((!*ind || (long)column(y) < *ind) && y->p < y->end && *y->p == '\t')
            return BAIL;
        if (y->p >= y->end || *y->p != '\n')
            break;
        newline(y);
        (*breaks)++;
        *endm = mark_at(y, y->p);
    }
    if (!*ind) {
        *ind = max;
        if (*ind < parent + 1)
            *ind = parent + 1;
        if (*ind < 1)
            *ind = 1;
    }
    return 0;
}

static void add_breaks(struct yf *y, size_t n)
{
    while (n--)
        buf_addch(y, '\n');
}

/* A literal or folded block scalar; indent: the enclosing collection's. */
static int block_scalar(struct yf *y, long indent)
{
    const unsigned char *q = y->p, *end = y->end;
    int literal = *q == '|', chomp = 0, inc = 0;
    struct scalar sc = {literal ? YSTYLE_LITERAL : YSTYLE_FOLDED,
                        mark_at(y, q),
                        {0, 0, 0, 0},
                        NULL,
                        0,
                        1,
                        y->out->blen};
    q++;
    for (int k = 0; k < 2; k++) {
        if (q < end && (*q == '+' || *q == '-') && !chomp) {
            chomp = *q++ == '+' ? 1 : -1;
        } else if (q < end && *q >= '0' && *q <= '9' && !inc) {
            if (*q == '0')
                return BAIL;
            inc = *q++ - '0';
        }
    }
    y->p = q;
    if (trailing(y))
        return BAIL;
    if (y->p < end)
        newline(y);
    long ind = inc ? (indent >= 0 ? indent + inc : inc) : 0;
    size_t breaks = 0;
    int leading_break = 0, leading_blank = 0;
    if (block_breaks(y, &ind, indent, &breaks, &sc.end))
        return BAIL;
    while ((long)column(y) == ind && y->p < end) {
        int trailing_blank = *y->p == ' ' || *y->p == '\t';
        if (!literal && leading_break && !leading_blank && !trailing_blank) {
            if (!breaks)
                buf_addch(y, ' ');
        } else if (leading_break) {
            buf_addch(y, '\n');
        }
        leading_break = 0;
        add_breaks(y, breaks);
        breaks = 0;
        leading_blank = *y->p == ' ' || *y->p == '\t';
        const unsigned char *l = y->p;
        while (y->p < end && *y->p != '\n')
            y->p++;
        buf_add(y, l, (size_t)(y->p - l));
        if (y->p < end) {
            newline(y);
            leading_break = 1;
        }
        if (block_breaks(y, &ind, indent, &breaks, &sc.end))
            return BAIL;
    }
    if (chomp != -1 && leading_break)
        buf_addch(y, '\n');
    if (chomp == 1)
        add_breaks(y, breaks);
    sc.len = y->out->blen - sc.boff;
    emit_scalar(y, &sc);
    return 0;
}

/* ---- flow collections (on one line) ---- */

static int flow_spaces(struct yf *y)
{
    if (line_spaces(y))
        return BAIL;
    return y->p >= y->end || *y->p == '\n' || *y->p == '#' ? BAIL : 0;
}

static int flow_seq(struct yf *y, int depth);
static int flow_map(struct yf *y, int depth);

/* A value inside a flow collection: a scalar or a nested collection. */
static int flow_value(struct yf *y, int depth)
{
    if (*y->p == '[')
        return flow_seq(y, depth + 1);
    if (*y->p == '{')
        return flow_map(y, depth + 1);
    struct scalar sc;
    if (scan_scalar(y, 1, 0, &sc))
        return BAIL;
    emit_scalar(y, &sc);
    return 0;
}

static int flow_seq(struct yf *y, int depth)
{
    if (depth > MAX_FLOW)
        return BAIL;
    struct yfast_mark a = mark_at(y, y->p);
    y->p++;
    emit_collection(y, YF_SEQ_START, a, mark_at(y, y->p), 1);
    if (flow_spaces(y))
        return BAIL;
    while (*y->p != ']') {
        if (flow_value(y, depth) || flow_spaces(y))
            return BAIL;
        if (*y->p == ':')
            return BAIL; /* a single-pair mapping */
        if (*y->p == ',') {
            y->p++;
            if (flow_spaces(y) || *y->p == ']')
                return BAIL; /* a trailing comma */
        } else if (*y->p != ']') {
            return BAIL;
        }
    }
    a = mark_at(y, y->p);
    y->p++;
    emit_collection(y, YF_SEQ_END, a, mark_at(y, y->p), 1);
    return 0;
}

static int flow_map(struct yf *y, int depth)
{
    if (depth > MAX_FLOW)
        return BAIL;
    struct yfast_mark a = mark_at(y, y->p);
    y->p++;
    emit_collection(y, YF_MAP_START, a, mark_at(y, y->p), 1);
    if (flow_spaces(y))
        return BAIL;
    while (*y->p != '}') {
        struct scalar key;
        if (scan_scalar(y, 1, 0, &key) || flow_spaces(y) || *y->p != ':')
            return BAIL;
        emit_scalar(y, &key);
        y->p++;
        if (flow_spaces(y))
            return BAIL;
        if (*y->p == ',' || *y->p == '}')
            empty(y, mark_at(y, y->p));
        else if (flow_value(y, depth) || flow_spaces(y))
            return BAIL;
        if (*y->p == ',') {
            y->p++;
            if (flow_spaces(y) || *y->p == '}')
                return BAIL;
        } else if (*y->p != '}') {
            return BAIL;
        }
    }
    a = mark_at(y, y->p);
    y->p++;
    emit_collection(y, YF_MAP_END, a, mark_at(y, y->p), 1);
    return 0;
}

/* ---- block collections ---- */

static int block_mapping(struct yf *y, long col);
static int block_seq(struct yf *y, long col);

/* Is the scalar at p a mapping key (followed by ':' and a blank)? p is left where it was. */
static int key_ahead(struct yf *y, long indent)
{
    const unsigned char *save = y->p;
    size_t blen = y->out->blen;
    struct scalar sc;
    int key = scan_scalar(y, 0, indent, &sc) == 0 && line_spaces(y) == 0 && y->p < y->end &&
              *y->p == ':' && blankz(y, y->p + 1);
    y->p = save;
    y->out->blen = blen;
    return key;
}

/* A node that starts on a line of its own at column col (deeper than indent). */
static int node_on_new_line(struct yf *y, long indent, long col)
{
    if (is_entry(y, y->p))
        return block_seq(y, col);
    if (key_ahead(y, indent))
        return block_mapping(y, col);
    unsigned c = *y->p;
    if (c == '|' || c == '>' || c == '[' || c == '{')
        return BAIL;
    struct scalar sc;
    if (scan_scalar(y, 0, indent, &sc))
        return BAIL;
    emit_scalar(y, &sc);
    return trailing(y);
}

/* A value that starts on the line of its key or '-' (in_seq: it may be a compact mapping). */
static int inline_value(struct yf *y, long indent, int in_seq)
{
    unsigned c = *y->p;
    if (c == '|' || c == '>')
        return block_scalar(y, indent);
    if (c == '[')
        return flow_seq(y, 0) ? BAIL : trailing(y);
    if (c == '{')
        return flow_map(y, 0) ? BAIL : trailing(y);
    if (key_ahead(y, indent))
        return in_seq ? block_mapping(y, (long)column(y)) : BAIL;
    struct scalar sc;
    if (scan_scalar(y, 0, indent, &sc))
        return BAIL;
    emit_scalar(y, &sc);
    return trailing(y);
}

/* The value after a key's ':' (vend: the mark after it) in a mapping at column indent. */
/* One entry of a block sequence whose '-' is at y->p (the sequence at column col): the entry's
 * node, on the same line or on the lines below, or an empty scalar. */
static int seq_entry(struct yf *y, long col)
{
    struct yfast_mark dend = mark_at(y, y->p + 1);
    y->p++;
    if (line_spaces(y))
        return BAIL;
    if (y->p < y->end && *y->p != '\n' && *y->p != '#') {
        if (is_entry(y, y->p) || inline_value(y, col, 1))
            return BAIL;
    } else {
        if (next_token(y))
            return BAIL;
        if (y->p < y->end && (long)column(y) > col) {
            if (node_on_new_line(y, col, (long)column(y)))
                return BAIL;
        } else {
            empty(y, dend);
        }
    }
    return 0;
}

static int mapping_value(struct yf *y, long indent, struct yfast_mark vend)
{
    if (line_spaces(y))
        return BAIL;
    if (y->p < y->end && *y->p != '\n' && *y->p != '#')
        return is_entry(y, y->p) ? BAIL : inline_value(y, indent, 0);
    if (next_token(y))
        return BAIL;
    if (y->p >= y->end)
        return empty(y, vend);
    long col = (long)column(y);
    if (col > indent)
        return node_on_new_line(y, indent, col);
    if (col == indent && is_entry(y, y->p)) { /* an indentless sequence */
        struct yfast_mark a = mark_at(y, y->p);
        emit_collection(y, YF_SEQ_START, a, mark_at(y, y->p + 1), 0);
        for (;;) {
            if (seq_entry(y, indent))
                return BAIL;
            if (next_token(y))
                return BAIL;
            if (y->p < y->end && (long)column(y) == indent && is_entry(y, y->p))
                continue;
            if (y->p < y->end && (long)column(y) > indent)
                return BAIL;
            struct yfast_mark m = y->p < y->end ? mark_at(y, y->p) : eof_close(y, indent);
            emit_collection(y, YF_SEQ_END, m, m, 0);
            return 0;
        }
    }
    return empty(y, vend);
}

static int block_mapping(struct yf *y, long col)
{
    if (++y->nest > MAX_NEST)
        return BAIL;
    struct yfast_mark m = mark_at(y, y->p);
    emit_collection(y, YF_MAP_START, m, m, 0);
    for (;;) {
        const unsigned char *k = y->p;
        struct scalar key;
        if (scan_scalar(y, 0, col, &key) || y->p - k > MAX_KEY || line_spaces(y) ||
            y->p >= y->end || *y->p != ':' || !blankz(y, y->p + 1))
            return BAIL;
        emit_scalar(y, &key);
        y->p++;
        if (mapping_value(y, col, mark_at(y, y->p)) || next_token(y))
            return BAIL;
        if (y->p >= y->end) {
            m = eof_close(y, col);
            break;
        }
        long c = (long)column(y);
        if (c < col) {
            m = mark_at(y, y->p);
            break;
        }
        if (c > col || is_entry(y, y->p))
            return BAIL;
    }
    emit_collection(y, YF_MAP_END, m, m, 0);
    y->nest--;
    return 0;
}

static int block_seq(struct yf *y, long col)
{
    if (++y->nest > MAX_NEST)
        return BAIL;
    struct yfast_mark m = mark_at(y, y->p);
    emit_collection(y, YF_SEQ_START, m, m, 0);
    for (;;) {
        if (seq_entry(y, col))
            return BAIL;
        if (next_token(y))
            return BAIL;
        if (y->p >= y->end) {
            m = eof_close(y, col);
            break;
        }
        long c = (long)column(y);
        if (c < col) {
            m = mark_at(y, y->p);
            break;
        }
        if (c > col || !is_entry(y, y->p))
            return BAIL;
    }
    emit_collection(y, YF_SEQ_END, m, m, 0);
    y->nest--;
    return 0;
}

/* ---- the document ---- */

/* Every byte is one libyaml reads as printable (or a tab or a line feed), UTF-8 is valid, and
 * nothing is a line break but '\n'; *ascii when all bytes are below 0x80. */
static int plain_text(const unsigned char *s, size_t len, int *ascii)
{
    *ascii = 1;
    for (size_t i = 0; i < len;) {
#ifdef __SSE2__
        if (len - i >= 16) { /* sixteen printable ASCII bytes, line feeds and tabs at a time */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i ctl = _mm_andnot_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))),
                _mm_cmplt_epi8(x, _mm_set1_epi8(0x20))); /* and every byte from 0x80 */
            __m128i bad = _mm_or_si128(ctl, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
            if (!_mm_movemask_epi8(bad)) {
                i += 16;
                continue;
            }
        }
#endif
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
                return BAIL;
            i++;
            continue;
        }
        *ascii = 0;
        size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        if (!n || len - i < n)
            return BAIL;
        uint32_t v = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return BAIL;
            v = v << 6 | (s[i + k] & 0x3F);
        }
        if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) || v < 0xA0 ||
            (v >= 0xD800 && v <= 0xDFFF) || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF ||
            v == 0x2028 || v == 0x2029)
            return BAIL;
        i += n;
    }
    return 0;
}

int yfast_parse(const char *src, size_t len, struct yfast_events *out)
{
    memset(out, 0, sizeof(*out));
    struct yf y = {0};
    y.s = y.p = y.ls = (const unsigned char *)src;
    y.ls_ascii = -1;
    y.end = y.s + len;
    y.out = out;
    int rc = plain_text(y.s, len, &y.ascii);
    if (!rc) {
        for (;;) { /* comments and blank lines, then an optional "---" */
            if (line_spaces(&y))
                rc = BAIL;
            else if (y.p < y.end && *y.p == '#')
                while (y.p < y.end && *y.p != '\n')
                    y.p++;
            if (!rc && y.p < y.end && *y.p == '\n') {
                newline(&y);
                continue;
            }
            break;
        }
        if (!rc && y.p == y.ls && y.end - y.p >= 3 && !memcmp(y.p, "---", 3) &&
            blankz(&y, y.p + 3)) {
            y.p += 3;
            rc = trailing(&y) || next_token(&y) || y.p >= y.end ? BAIL : 0;
        } else if (!rc && y.p < y.end && y.p == y.ls && (*y.p == '%' || doc_marker(&y, y.p))) {
            rc = BAIL;
        }
    }
    if (!rc && y.p < y.end) {
        long col = (long)column(&y);
        if (is_entry(&y, y.p))
            rc = block_seq(&y, col);
        else if (key_ahead(&y, -1))
            rc = block_mapping(&y, col);
        else
            rc = BAIL; /* a scalar or a flow collection for a document */
        if (!rc)
            rc = next_token(&y) || y.p < y.end ? BAIL : 0;
    }
    if (rc) {
        yfast_events_free(out);
        return BAIL;
    }
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].decoded)
            out->v[i].value = out->buf ? out->buf + out->v[i].boff : ""; /* empty: no buffer */
    return 0;
}

void yfast_events_free(struct yfast_events *e)
{
    free(e->v);
    free(e->buf);
    memset(e, 0, sizeof(*e));
}
