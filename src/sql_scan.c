/* sql_scan.c — the PostgreSQL lexer (see sql_scan.h). One pass, byte by byte; positions are
 * tracked by a cursor that only moves forward, so a 4 MiB one-line file stays linear. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/sql_scan.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

struct cursor {
    const char *buf;
    size_t i, end;
    unsigned line, col;
    const struct sql_scan_in *in;
};

static int at(const struct cursor *c, size_t k)
{
    return c->i + k < c->end ? (unsigned char)c->buf[c->i + k] : -1;
}

/* Move one byte forward, keeping line and column (columns count UTF-8 lead bytes). */
static void step(struct cursor *c)
{
    unsigned char b = (unsigned char)c->buf[c->i++];
    if (b == '\n') {
        c->line++;
        c->col = 1;
    } else if ((b & 0xC0) != 0x80) {
        c->col++;
    }
}

static void skip(struct cursor *c, size_t n)
{
    while (n-- && c->i < c->end)
        step(c);
}

static int envsub_here(const struct cursor *c)
{
    const struct sql_scan_in *in = c->in;
    return in->envsub && c->line < in->nenvsub && in->envsub[c->line];
}

static int is_space(int b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v';
}

static int is_ident_start(int b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b >= 0x80;
}

static int is_digit(int b)
{
    return b >= '0' && b <= '9';
}

static int is_ident_char(int b)
{
    return is_ident_start(b) || is_digit(b) || b == '$';
}

static int is_op_char(int b)
{
    return b > 0 && b < 0x80 && strchr("+-*/<>=~!@#%^&|`?", b) != NULL;
}

static int fail(struct sql_scan_err *err, unsigned line, unsigned col, const char *fmt, ...)
    IL_PRINTF(4, 5);
static int fail(struct sql_scan_err *err, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

struct scan {
    struct cursor c;
    struct arena *a;
    struct sql_toks *out;
    struct strbuf sb; /* scratch for decoded text */
};

static struct sql_token *emit(struct scan *s, enum sql_tok kind, size_t off, unsigned line,
                              unsigned col, const char *text, size_t tlen)
{
    ALLOC_GROW(s->out->v, s->out->n + 1, s->out->alloc);
    struct sql_token *t = &s->out->v[s->out->n++];
    t->kind = kind;
    t->line = line;
    t->col = col;
    t->off = off;
    t->len = s->c.i - off;
    t->text = arena_strndup(s->a, text, tlen);
    return t;
}

/* Emit the token buf[off, cursor) with its raw text. */
static void emit_raw(struct scan *s, enum sql_tok kind, size_t off, unsigned line, unsigned col)
{
    emit(s, kind, off, line, col, s->c.buf + off, s->c.i - off);
}

/* -- comment up to the end of the line (the newline is not part of it). */
static void line_comment(struct scan *s)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    while (s->c.i < s->c.end && s->c.buf[s->c.i] != '\n')
        step(&s->c);
    emit_raw(s, SQL_COMMENT, off, line, col);
}

/* / * … * / with nesting, as PostgreSQL allows. */
static int block_comment(struct scan *s, struct sql_scan_err *err)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col, depth = 0;
    while (s->c.i < s->c.end) {
        if (at(&s->c, 0) == '/' && at(&s->c, 1) == '*') {
            depth++;
            skip(&s->c, 2);
        } else if (at(&s->c, 0) == '*' && at(&s->c, 1) == '/') {
            skip(&s->c, 2);
            if (--depth == 0) {
                emit_raw(s, SQL_COMMENT, off, line, col);
                return 0;
            }
        } else {
            step(&s->c);
        }
    }
    return fail(err, line, col, "unterminated /* comment");
}

/* A quoted string or identifier starting at the cursor's quote character q. backslash: E''
 * strings, where \x escapes the next byte. The decoded value goes to s->sb. */
static int quoted(struct scan *s, int q, int backslash)
{
    strbuf_reset(&s->sb);
    step(&s->c); /* opening quote */
    while (s->c.i < s->c.end) {
        int b = at(&s->c, 0);
        if (b == q) {
            if (at(&s->c, 1) == q) {
                strbuf_addch(&s->sb, q);
                skip(&s->c, 2);
                continue;
            }
            step(&s->c);
            return 0;
        }
        if (backslash && b == '\\' && s->c.i + 1 < s->c.end) {
            int e = at(&s->c, 1);
            strbuf_addch(&s->sb, e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
            skip(&s->c, 2);
            continue;
        }
        strbuf_addch(&s->sb, b);
        step(&s->c);
    }
    return -1;
}

/* String constant; prefix is the number of prefix bytes before the quote (E, B, X, N, U&). */
static int string(struct scan *s, size_t prefix, int backslash, struct sql_scan_err *err)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    skip(&s->c, prefix);
    if (quoted(s, '\'', backslash) < 0)
        return fail(err, line, col, "unterminated quoted string");
    emit(s, SQL_STRING, off, line, col, s->sb.buf, s->sb.len);
    return 0;
}

static int quoted_ident(struct scan *s, size_t prefix, struct sql_scan_err *err)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    skip(&s->c, prefix);
    if (quoted(s, '"', 0) < 0)
        return fail(err, line, col, "unterminated quoted identifier");
    emit(s, SQL_QIDENT, off, line, col, s->sb.buf, s->sb.len);
    return 0;
}

/* Length of a dollar-quote delimiter ($$ or $tag$) at the cursor, or 0. */
static size_t dollar_delim(const struct cursor *c)
{
    if (at(c, 0) != '$')
        return 0;
    size_t k = 1;
    if (is_ident_start(at(c, 1)) && at(c, 1) != '$') {
        k = 2;
        while (is_ident_start(at(c, k)) || is_digit(at(c, k)))
            k++;
    }
    return at(c, k) == '$' ? k + 1 : 0;
}

static int dollar_string(struct scan *s, size_t dlen, struct sql_scan_err *err)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    const char *delim = s->c.buf + off;
    skip(&s->c, dlen);
    size_t body = s->c.i;
    while (s->c.i < s->c.end) {
        /* On an ENVSUB ON line goose's substitution rewrites `$…`: no delimiter survives. */
        if (at(&s->c, 0) == '$' && s->c.end - s->c.i >= dlen &&
            !memcmp(s->c.buf + s->c.i, delim, dlen) && !envsub_here(&s->c)) {
            size_t body_end = s->c.i;
            skip(&s->c, dlen);
            emit(s, SQL_DOLLAR, off, line, col, s->c.buf + body, body_end - body);
            return 0;
        }
        step(&s->c);
    }
    return fail(err, line, col, "unterminated dollar-quoted string %.*s", (int)dlen, delim);
}

/* `$` on a goose ENVSUB ON line: what goose's substitution makes of it. */
static int envsub_dollar(struct scan *s, struct sql_scan_err *err)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    int next = at(&s->c, 1);
    if (next == '{') {
        int depth = 0;
        while (s->c.i < s->c.end && s->c.buf[s->c.i] != '\n') {
            int b = at(&s->c, 0);
            step(&s->c);
            if (b == '{')
                depth++;
            else if (b == '}' && --depth == 0) {
                emit_raw(s, SQL_PLACEHOLDER, off, line, col);
                return 0;
            }
        }
        return fail(err, line, col, "unterminated ${ placeholder (goose ENVSUB ON)");
    }
    if (next >= 0 && next != '\n' && next != '\r' && is_ident_start(next) && next != '_') {
        step(&s->c);
        while (is_ident_start(at(&s->c, 0)) || is_digit(at(&s->c, 0)))
            step(&s->c);
        emit_raw(s, SQL_PLACEHOLDER, off, line, col);
        return 0;
    }
    if (next == '$' || next == '(') { /* "$$" becomes "$"; "$(" is kept */
        skip(&s->c, 2);
        emit_raw(s, SQL_OTHER, off, line, col);
        return 0;
    }
    if (next < 0 || next == '\n' || next == '\r') { /* a '$' that ends the line is text */
        step(&s->c);
        emit_raw(s, SQL_OTHER, off, line, col);
        return 0;
    }
    return fail(err, line, col,
                "'$' followed by '%c' in a goose ENVSUB ON region: goose's variable "
                "substitution fails (write '$$' for a literal '$')",
                next);
}

static void number(struct scan *s)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    int hex = at(&s->c, 0) == '0' && (at(&s->c, 1) == 'x' || at(&s->c, 1) == 'X');
    while (s->c.i < s->c.end) {
        int b = at(&s->c, 0);
        if (is_digit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_') {
            step(&s->c);
            if (!hex && (b == 'e' || b == 'E') && (at(&s->c, 0) == '+' || at(&s->c, 0) == '-') &&
                is_digit(at(&s->c, 1)))
                step(&s->c);
        } else if (b == '.' && at(&s->c, 1) != '.') {
            step(&s->c);
        } else {
            break;
        }
    }
    emit_raw(s, SQL_NUMBER, off, line, col);
}

static void ident(struct scan *s)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    while (s->c.i < s->c.end && is_ident_char(at(&s->c, 0)))
        step(&s->c);
    size_t n = s->c.i - off;
    char *t = arena_strndup(s->a, s->c.buf + off, n);
    for (size_t k = 0; k < n; k++)
        if (t[k] >= 'A' && t[k] <= 'Z')
            t[k] = (char)(t[k] - 'A' + 'a');
    ALLOC_GROW(s->out->v, s->out->n + 1, s->out->alloc);
    struct sql_token *tok = &s->out->v[s->out->n++];
    tok->kind = SQL_IDENT;
    tok->line = line;
    tok->col = col;
    tok->off = off;
    tok->len = n;
    tok->text = t;
}

static void operator(struct scan *s)
{
    size_t off = s->c.i;
    unsigned line = s->c.line, col = s->c.col;
    step(&s->c);
    while (s->c.i < s->c.end && is_op_char(at(&s->c, 0))) {
        int b = at(&s->c, 0), n = at(&s->c, 1);
        if ((b == '-' && n == '-') || (b == '/' && n == '*'))
            break;
        step(&s->c);
    }
    emit_raw(s, SQL_OP, off, line, col);
}

static int one(struct scan *s, struct sql_scan_err *err)
{
    struct cursor *c = &s->c;
    int b = at(c, 0), n = at(c, 1);
    size_t off = c->i;
    unsigned line = c->line, col = c->col;

    if (is_space(b)) {
        step(c);
        return 0;
    }
    if (b == '-' && n == '-') {
        line_comment(s);
        return 0;
    }
    if (b == '/' && n == '*')
        return block_comment(s, err);
    if (b == '\'')
        return string(s, 0, 0, err);
    if (b == '"')
        return quoted_ident(s, 0, err);
    if ((b == 'e' || b == 'E') && n == '\'')
        return string(s, 1, 1, err);
    if ((b == 'b' || b == 'B' || b == 'x' || b == 'X' || b == 'n' || b == 'N') && n == '\'')
        return string(s, 1, 0, err);
    if ((b == 'u' || b == 'U') && n == '&' && at(c, 2) == '\'')
        return string(s, 2, 0, err);
    if ((b == 'u' || b == 'U') && n == '&' && at(c, 2) == '"')
        return quoted_ident(s, 2, err);
    if (b == '\\' && (n == '$' || n == '\\') && envsub_here(c)) { /* goose's \$ and \\ */
        skip(c, 2);
        emit_raw(s, SQL_OTHER, off, line, col);
        return 0;
    }
    if (b == '$') {
        if (envsub_here(c))
            return envsub_dollar(s, err);
        if (is_digit(n)) {
            step(c);
            while (is_digit(at(c, 0)))
                step(c);
            emit_raw(s, SQL_PARAM, off, line, col);
            return 0;
        }
        size_t d = dollar_delim(c);
        if (d)
            return dollar_string(s, d, err);
        step(c);
        emit_raw(s, SQL_OTHER, off, line, col);
        return 0;
    }
    if (is_digit(b) || (b == '.' && is_digit(n))) {
        number(s);
        return 0;
    }
    if (is_ident_start(b)) {
        ident(s);
        return 0;
    }
    if (b == ':' && (n == ':' || n == '=')) {
        skip(c, 2);
        emit_raw(s, SQL_OP, off, line, col);
        return 0;
    }
    if (b > 0 && strchr("()[],;:.", b)) {
        step(c);
        emit_raw(s, SQL_PUNCT, off, line, col);
        return 0;
    }
    if (is_op_char(b)) {
        operator(s);
        return 0;
    }
    step(c);
    while (c->i < c->end && (at(c, 0) & 0xC0) == 0x80) /* the rest of a UTF-8 character */
        step(c);
    emit_raw(s, SQL_OTHER, off, line, col);
    return 0;
}

int sql_scan(const struct sql_scan_in *in, struct arena *a, struct sql_toks *out,
             struct sql_scan_err *err)
{
    struct scan s = {.a = a, .out = out, .sb = STRBUF_INIT};
    s.c.buf = in->buf;
    s.c.i = in->from;
    s.c.end = in->to;
    s.c.line = in->line ? in->line : 1;
    s.c.col = in->col ? in->col : 1;
    s.c.in = in;
    int rc = 0;
    while (rc == 0 && s.c.i < s.c.end)
        rc = one(&s, err);
    strbuf_release(&s.sb);
    return rc;
}

void sql_toks_release(struct sql_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof(*t));
}

const char *sql_tok_name(enum sql_tok k)
{
    switch (k) {
    case SQL_IDENT: return "identifier";
    case SQL_QIDENT: return "quoted_identifier";
    case SQL_STRING: return "string";
    case SQL_DOLLAR: return "dollar_string";
    case SQL_NUMBER: return "number";
    case SQL_PARAM: return "parameter";
    case SQL_OP: return "operator";
    case SQL_PUNCT: return "punctuation";
    case SQL_PLACEHOLDER: return "placeholder";
    case SQL_COMMENT: return "comment";
    case SQL_OTHER: return "other";
    }
    return "?";
}

int sql_tok_is(const struct sql_token *t, const char *kw)
{
    return t && t->kind == SQL_IDENT && !strcmp(t->text, kw);
}

int sql_tok_punct(const struct sql_token *t, const char *p)
{
    return t && (t->kind == SQL_PUNCT || t->kind == SQL_OP) && !strcmp(t->text, p);
}
