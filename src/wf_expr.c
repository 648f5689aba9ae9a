/* wf_expr.c — GitHub Actions expressions: finding `${{ … }}` in scalars with their exact file
 * position, and parsing the expression language (literals, context references, operators,
 * function calls) far enough to tell which contexts a value comes from. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

int wf_has_expr(const char *s)
{
    return s && str_find(s, "${{") != NULL;
}

/* End of the expression that starts after "${{" at s: the offset of its "}}", skipping quoted
 * strings ('…' with '' for a quote); (size_t)-1 when it never ends. */
static size_t expr_end(const char *s, size_t len)
{
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'')
            quoted = !quoted; /* '' inside a string toggles twice: still quoted */
        else if (!quoted && s[i] == '}' && i + 1 < len && s[i + 1] == '}')
            return i;
    }
    return (size_t)-1;
}

/* Offsets of "${{" in the source bytes [from, to). */
static size_t find_opens(const char *src, size_t from, size_t to, size_t **out)
{
    size_t n = 0, alloc = 0;
    *out = NULL;
    for (size_t i = from; i + 3 <= to; i++) {
        if (src[i] == '$' && src[i + 1] == '{' && src[i + 2] == '{') {
            ALLOC_GROW(*out, n + 1, alloc);
            (*out)[n++] = i;
            i += 2;
        }
    }
    return n;
}

/* The next "${{" in [p, end), or NULL. memchr, whose sanitizer interceptor checks only the bytes
 * up to the match: strstr and memmem check the whole rest of the text on every call, which made
 * a run: block of N expressions N^2 under ASan (20,000 lines: 6 s; now 0.1 s). */
static const char *expr_open(const char *p, const char *end)
{
    while (p + 3 <= end && (p = memchr(p, '$', (size_t)(end - p - 2))))
        if (p[1] == '{' && p[2] == '{')
            return p;
        else
            p++;
    return NULL;
}

struct scan {
    struct workflow *wf;
    size_t alloc;
};

/* Find the expressions of scalar n, with their source positions, and append them. */
static void scan_scalar(struct scan *sc, const struct ynode *n)
{
    struct workflow *wf = sc->wf;
    const char *v = n->str;
    size_t len = n->len, i = 0, first = wf->nexprs;
    while (i + 3 <= len) {
        const char *open = expr_open(v + i, v + len);
        if (!open)
            break;
        size_t at = (size_t)(open - v);
        size_t close = expr_end(open + 3, len - at - 3);
        if (close == (size_t)-1)
            break;
        ALLOC_GROW(wf->exprs, wf->nexprs + 1, sc->alloc);
        struct wf_expr *e = &wf->exprs[wf->nexprs++];
        memset(e, 0, sizeof(*e));
        e->node = n;
        e->text = open + 3;
        e->len = close;
        e->off = at;
        e->line = n->line;
        e->col = n->col;
        e->x = wfx_parse(e->text, e->len, wf->doc.arena, &e->err);
        i = at + 3 + close + 2;
    }
    size_t count = wf->nexprs - first;
    if (!count)
        return;
    /* the source of the scalar: for a block scalar, the lines below its `|` / `>` header */
    size_t from = n->start, to = n->end < wf->len ? n->end : wf->len;
    if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED)
        while (from < to && wf->src[from] != '\n' && wf->src[from] != '\r')
            from++;
    size_t *opens;
    size_t nopen = find_opens(wf->src, from, to, &opens);
    /* every "${{" of the value is one of the source, in order, unless escapes or folding made
     * them differ: then the node's own position is the best there is */
    size_t all = 0;
    const char *end = v + len;
    for (const char *p = v; (p = expr_open(p, end)); p += 3)
        all++;
    if (nopen == all) {
        size_t k = 0, j = first;
        for (const char *p = v; j < wf->nexprs && (p = expr_open(p, end)); p += 3, k++) {
            if ((size_t)(p - v) == wf->exprs[j].off) {
                ydoc_pos(&wf->doc, opens[k], &wf->exprs[j].line, &wf->exprs[j].col);
                j++;
            }
        }
    }
    free(opens);
}

static void scan_node(struct scan *sc, const struct ynode *n, int depth)
{
    if (!n || n->type == YNODE_ALIAS || depth > YNODE_MAX_DEPTH)
        return;
    if (n->type == YNODE_SCALAR) {
        if (n->len >= 5 && memchr(n->str, '$', n->len))
            scan_scalar(sc, n);
        return;
    }
    for (size_t i = 0; n->type == YNODE_SEQ && i < n->nitems; i++)
        scan_node(sc, n->items[i], depth + 1);
    for (size_t i = 0; n->type == YNODE_MAP && i < n->npairs; i++)
        scan_node(sc, n->pairs[i].value, depth + 1);
}

void wf_scan_exprs(struct workflow *wf)
{
    struct scan sc = {wf, 0};
    if (wf->doc.ndocs)
        scan_node(&sc, wf->doc.docs[0], 0);
}

/* Where the value of scalar n starts in the source: past a block scalar's header line, past an
 * opening quote. */
static size_t value_start(const struct workflow *wf, const struct ynode *n, size_t end)
{
    size_t s = n->start;
    if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED) {
        while (s < end && wf->src[s] != '\n' && wf->src[s] != '\r')
            s++;
    } else if (n->style == YSTYLE_SINGLE || n->style == YSTYLE_DOUBLE) {
        s++;
    }
    return s;
}

int wf_value_pos(const struct workflow *wf, const struct ynode *n, size_t off, unsigned *line,
                 unsigned *col)
{
    *line = n->line;
    *col = n->col;
    if (n->type != YNODE_SCALAR || off > n->len)
        return 0;
    size_t end = n->end < wf->len ? n->end : wf->len, s = value_start(wf, n, end), i = 0;
    const char *v = n->str, *src = wf->src;
    /* walk value and source together: what the source has more of is indentation, folded line
     * breaks, quote escapes and block headers; a value byte is matched by the same source byte */
    while (i < off && s < end) {
        if (v[i] == src[s]) {
            i++;
            s++;
        } else if ((v[i] == ' ' || v[i] == '\n') && (src[s] == '\n' || src[s] == '\r')) {
            s++; /* a line break folded into a space, or \r\n for \n */
            if (v[i] == ' ' || src[s - 1] == '\n')
                i++;
        } else {
            s++;
        }
    }
    while (s < end && off < n->len && src[s] != v[off] &&
           (src[s] == ' ' || src[s] == '\t' || src[s] == '\n' || src[s] == '\r'))
        s++; /* the indentation before a byte that starts a line */
    if (i < off || (off < n->len && (s >= end || src[s] != v[off])))
        return 0;
    ydoc_pos(&wf->doc, s, line, col);
    return 1;
}

size_t wf_expr_index(const struct workflow *wf, size_t off)
{
    size_t lo = 0, hi = wf->nexprs; /* in file order, so by start offset */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (wf->exprs[mid].node->start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t wf_exprs(const struct workflow *wf, const struct ynode *node, const struct wf_expr **out)
{
    const struct ynode *n = ynode_deref(node);
    *out = NULL;
    if (!n || n->type != YNODE_SCALAR || !wf->nexprs)
        return 0;
    size_t lo = wf_expr_index(wf, n->start), k = lo;
    while (k < wf->nexprs && wf->exprs[k].node == n)
        k++;
    *out = wf->exprs + lo;
    return k - lo;
}

/* ---- the expression language ---- */

enum tok {
    T_END = 0,
    T_IDENT,
    T_NUM,
    T_STR,
    T_LP,
    T_RP,
    T_LB,
    T_RB,
    T_COMMA,
    T_DOT,
    T_STAR,
    T_NOT,
    T_AND,
    T_OR,
    T_EQ,
    T_NE,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_BAD
};

struct parser {
    const char *s;
    size_t len, pos;
    enum tok tok;
    size_t tstart, tlen;
    struct arena *a;
    const char *err;
    int depth;
    char errbuf[80];
};

#define WFX_MAX_DEPTH 64

static int ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static void next(struct parser *p)
{
    while (p->pos < p->len && isspace((unsigned char)p->s[p->pos]))
        p->pos++;
    p->tstart = p->pos;
    if (p->pos >= p->len) {
        p->tok = T_END;
        p->tlen = 0;
        return;
    }
    const char *s = p->s + p->pos;
    size_t rest = p->len - p->pos;
    char c = s[0], c1 = rest > 1 ? s[1] : '\0';
    size_t n = 1;
    if (isalpha((unsigned char)c) || c == '_') {
        while (n < rest && ident_char(s[n]))
            n++;
        p->tok = T_IDENT;
    } else if (isdigit((unsigned char)c) ||
               ((c == '-' || c == '+' || c == '.') && isdigit((unsigned char)c1))) {
        while (n < rest && (isalnum((unsigned char)s[n]) || s[n] == '.' ||
                            ((s[n] == '-' || s[n] == '+') && (s[n - 1] == 'e' || s[n - 1] == 'E'))))
            n++;
        p->tok = T_NUM;
    } else if (c == '\'') {
        for (;;) {
            if (n >= rest) {
                p->tok = T_BAD;
                p->err = "string literal is never closed";
                break;
            }
            if (s[n] == '\'') {
                if (n + 1 < rest && s[n + 1] == '\'') {
                    n += 2;
                    continue;
                }
                n++;
                p->tok = T_STR;
                break;
            }
            n++;
        }
    } else if (c == '&' && c1 == '&') {
        n = 2, p->tok = T_AND;
    } else if (c == '|' && c1 == '|') {
        n = 2, p->tok = T_OR;
    } else if (c == '=' && c1 == '=') {
        n = 2, p->tok = T_EQ;
    } else if (c == '!' && c1 == '=') {
        n = 2, p->tok = T_NE;
    } else if (c == '<' && c1 == '=') {
        n = 2, p->tok = T_LE;
    } else if (c == '>' && c1 == '=') {
        n = 2, p->tok = T_GE;
    } else {
        switch (c) {
        case '(': p->tok = T_LP; break;
        case ')': p->tok = T_RP; break;
        case '[': p->tok = T_LB; break;
        case ']': p->tok = T_RB; break;
        case ',': p->tok = T_COMMA; break;
        case '.': p->tok = T_DOT; break;
        case '*': p->tok = T_STAR; break;
        case '!': p->tok = T_NOT; break;
        case '<': p->tok = T_LT; break;
        case '>': p->tok = T_GT; break;
        default:
            p->tok = T_BAD;
            if (c == '"')
                p->err = "strings take single quotes ('…'), not double quotes";
            else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f) {
                snprintf(p->errbuf, sizeof(p->errbuf),
                         "'%c' is not an operator of GitHub expressions", c);
                p->err = p->errbuf;
            } else {
                p->err = "unexpected character in expression";
            }
        }
    }
    p->tlen = n;
    p->pos += n;
}

static struct wfx *node(struct parser *p, enum wfx_kind k, size_t off, size_t nargs)
{
    struct wfx *x = arena_alloc(p->a, sizeof(*x));
    x->kind = k;
    x->off = off;
    x->nargs = nargs;
    x->args = nargs ? arena_alloc(p->a, nargs * sizeof(*x->args)) : NULL;
    return x;
}

static struct wfx *fail(struct parser *p, const char *err)
{
    if (!p->err)
        p->err = err;
    return NULL;
}

static struct wfx *parse_or(struct parser *p);

static int tok_is(const struct parser *p, const char *word)
{
    return p->tok == T_IDENT && p->tlen == strlen(word) && !memcmp(p->s + p->tstart, word, p->tlen);
}

/* Append ".seg" to a reference's path. */
static void path_add(struct parser *p, struct wfx *ref, const char *seg, size_t len)
{
    size_t old = strlen(ref->path);
    char *np = arena_alloc(p->a, old + len + 2);
    memcpy(np, ref->path, old);
    np[old] = '.';
    memcpy(np + old + 1, seg, len);
    np[old + 1 + len] = '\0';
    ref->path = np;
}

/* The text of a string literal without quotes ('' unescaped). */
static char *str_value(struct parser *p, const char *s, size_t len, size_t *out_len)
{
    char *v = arena_alloc(p->a, len + 1);
    size_t n = 0;
    for (size_t i = 1; i + 1 < len; i++) {
        v[n++] = s[i];
        if (s[i] == '\'' && s[i + 1] == '\'')
            i++;
    }
    v[n] = '\0';
    *out_len = n;
    return v;
}

/* Append a step to a reference's segments. */
static void seg_add(struct parser *p, struct wfx *ref, enum wfx_seg_kind k, const char *s,
                    size_t len, size_t off, const struct wfx *idx)
{
    struct wfx_seg *v = arena_alloc(p->a, (ref->nsegs + 1) * sizeof(*v));
    if (ref->nsegs)
        memcpy(v, ref->segs, ref->nsegs * sizeof(*v));
    v[ref->nsegs] = (struct wfx_seg){k, s, len, off, idx};
    ref->segs = v;
    ref->nsegs++;
}

static struct wfx *parse_postfix(struct parser *p, struct wfx *base)
{
    for (;;) {
        if (p->tok == T_DOT) {
            next(p);
            const char *seg;
            size_t seglen, segoff = p->tstart;
            if (p->tok == T_STAR) {
                seg = "*";
                seglen = 1;
            } else if (p->tok == T_IDENT) {
                seg = p->s + p->tstart;
                seglen = p->tlen;
            } else {
                return fail(p, "expected a property name after '.'");
            }
            if (base->kind == WFX_REF) {
                path_add(p, base, seg, seglen);
                seg_add(p, base, p->tok == T_STAR ? WFX_SEG_STAR : WFX_SEG_NAME, seg, seglen,
                        segoff, NULL);
            } else {
                struct wfx *x = node(p, WFX_INDEX, base->off, 1);
                x->args[0] = base;
                x->s = seg;
                x->len = seglen;
                base = x;
            }
            next(p);
        } else if (p->tok == T_LB) {
            size_t lb = p->tstart;
            next(p);
            if (p->tok == T_STAR) { /* `[*]` is a filter, as `.*` */
                next(p);
                if (p->tok != T_RB)
                    return fail(p, "expected ']'");
                next(p);
                if (base->kind == WFX_REF) {
                    path_add(p, base, "*", 1);
                    seg_add(p, base, WFX_SEG_STAR, "*", 1, lb, NULL);
                } else {
                    struct wfx *x = node(p, WFX_INDEX, base->off, 1);
                    x->args[0] = base;
                    x->s = "*";
                    x->len = 1;
                    base = x;
                }
                continue;
            }
            struct wfx *idx = parse_or(p);
            if (!idx)
                return NULL;
            if (p->tok != T_RB)
                return fail(p, "expected ']'");
            next(p);
            if (base->kind == WFX_REF) {
                if (idx->kind == WFX_STR) {
                    path_add(p, base, idx->s, idx->len);
                    seg_add(p, base, WFX_SEG_NAME, idx->s, idx->len, lb, NULL);
                } else {
                    if (idx->kind == WFX_NUM)
                        seg_add(p, base, WFX_SEG_NUM, idx->s, idx->len, lb, NULL);
                    else
                        seg_add(p, base, WFX_SEG_EXPR, NULL, 0, lb, idx);
                    path_add(p, base, "*", 1);
                    if (idx->kind != WFX_NUM) { /* keep the index's own references */
                        struct wfx **args = arena_alloc(p->a, (base->nargs + 1) * sizeof(*args));
                        if (base->nargs)
                            memcpy(args, base->args, base->nargs * sizeof(*args));
                        args[base->nargs++] = idx;
                        base->args = args;
                    }
                }
            } else {
                struct wfx *x = node(p, WFX_INDEX, base->off, 2);
                x->args[0] = base;
                x->args[1] = idx;
                base = x;
            }
        } else {
            return base;
        }
    }
}

static struct wfx *parse_primary(struct parser *p)
{
    size_t off = p->tstart;
    const char *t = p->s + p->tstart;
    size_t tl = p->tlen;
    struct wfx *x;
    switch (p->tok) {
    case T_NUM:
        x = node(p, WFX_NUM, off, 0);
        x->s = t;
        x->len = tl;
        next(p);
        return x;
    case T_STR:
        x = node(p, WFX_STR, off, 0);
        x->s = str_value(p, t, tl, &x->len);
        next(p);
        return x;
    case T_LP:
        next(p);
        x = parse_or(p);
        if (!x)
            return NULL;
        if (p->tok != T_RP)
            return fail(p, "expected ')'");
        next(p);
        return parse_postfix(p, x);
    case T_IDENT:
        if (tok_is(p, "true") || tok_is(p, "false")) {
            x = node(p, WFX_BOOL, off, 0);
        } else if (tok_is(p, "null")) {
            x = node(p, WFX_NULL, off, 0);
        } else if (tok_is(p, "NaN") || tok_is(p, "Infinity")) {
            x = node(p, WFX_NUM, off, 0);
        } else {
            next(p);
            if (p->tok == T_LP) { /* a function call */
                struct wfx *args[32];
                size_t n = 0;
                next(p);
                while (p->tok != T_RP) {
                    if (n == ARRAY_SIZE(args))
                        return fail(p, "too many function arguments");
                    if (!(args[n++] = parse_or(p)))
                        return NULL;
                    if (p->tok == T_COMMA)
                        next(p);
                    else if (p->tok != T_RP)
                        return fail(p, "expected ',' or ')' in a function call");
                }
                next(p);
                x = node(p, WFX_CALL, off, n);
                x->s = t;
                x->len = tl;
                if (n)
                    memcpy(x->args, args, n * sizeof(*args));
                return parse_postfix(p, x);
            }
            x = node(p, WFX_REF, off, 0);
            x->path = arena_strndup(p->a, t, tl);
            x->s = t;
            x->len = tl;
            return parse_postfix(p, x);
        }
        x->s = t;
        x->len = tl;
        next(p);
        return x;
    case T_BAD: return NULL;
    case T_END: return fail(p, "expression ends too early");
    default: return fail(p, "unexpected token in expression");
    }
}

static struct wfx *parse_unary(struct parser *p)
{
    if (p->tok == T_NOT) {
        size_t off = p->tstart;
        next(p);
        if (++p->depth > WFX_MAX_DEPTH)
            return fail(p, "expression nested too deeply");
        struct wfx *a = parse_unary(p);
        p->depth--;
        if (!a)
            return NULL;
        struct wfx *x = node(p, WFX_NOT, off, 1);
        x->args[0] = a;
        return x;
    }
    return parse_primary(p);
}

static struct wfx *binary(struct parser *p, enum wfx_kind k, const char *op, struct wfx *l,
                          struct wfx *r)
{
    struct wfx *x = node(p, k, l->off, 2);
    x->s = op;
    x->len = op ? strlen(op) : 0;
    x->args[0] = l;
    x->args[1] = r;
    return x;
}

static struct wfx *parse_rel(struct parser *p)
{
    struct wfx *l = parse_unary(p);
    while (l && (p->tok == T_LT || p->tok == T_LE || p->tok == T_GT || p->tok == T_GE)) {
        const char *op = p->tok == T_LT ? "<" : p->tok == T_LE ? "<=" : p->tok == T_GT ? ">" : ">=";
        next(p);
        struct wfx *r = parse_unary(p);
        l = r ? binary(p, WFX_CMP, op, l, r) : NULL;
    }
    return l;
}

static struct wfx *parse_eq(struct parser *p)
{
    struct wfx *l = parse_rel(p);
    while (l && (p->tok == T_EQ || p->tok == T_NE)) {
        const char *op = p->tok == T_EQ ? "==" : "!=";
        next(p);
        struct wfx *r = parse_rel(p);
        l = r ? binary(p, WFX_CMP, op, l, r) : NULL;
    }
    return l;
}

static struct wfx *parse_and(struct parser *p)
{
    struct wfx *l = parse_eq(p);
    while (l && p->tok == T_AND) {
        next(p);
        struct wfx *r = parse_eq(p);
        l = r ? binary(p, WFX_AND, "&&", l, r) : NULL;
    }
    return l;
}

static struct wfx *parse_or(struct parser *p)
{
    if (++p->depth > WFX_MAX_DEPTH)
        return fail(p, "expression nested too deeply");
    struct wfx *l = parse_and(p);
    while (l && p->tok == T_OR) {
        next(p);
        struct wfx *r = parse_and(p);
        l = r ? binary(p, WFX_OR, "||", l, r) : NULL;
    }
    p->depth--;
    return l;
}

struct wfx *wfx_parse(const char *text, size_t len, struct arena *a, const char **err)
{
    struct parser p = {.s = text, .len = len, .a = a};
    next(&p);
    struct wfx *x = parse_or(&p);
    if (x && p.tok != T_END)
        x = fail(&p, p.tok == T_BAD ? "unexpected character in expression"
                                    : "unexpected text after the expression");
    if (!x)
        *err = p.err ? arena_strdup(a, p.err) : "syntax error in expression";
    return x;
}

void wfx_refs(const struct wfx *x, void (*fn)(const struct wfx *ref, void *arg), void *arg)
{
    if (!x)
        return;
    if (x->kind == WFX_REF)
        fn(x, arg);
    for (size_t i = 0; i < x->nargs; i++)
        wfx_refs(x->args[i], fn, arg);
}

static int call_is(const struct wfx *x, const char *name)
{
    return x->len == strlen(name) && !strncasecmp(x->s, name, x->len);
}

void wfx_value_refs(const struct wfx *x, void (*fn)(const struct wfx *ref, void *arg), void *arg)
{
    if (!x)
        return;
    switch (x->kind) {
    case WFX_REF: fn(x, arg); return;
    case WFX_CALL: {
        static const char *const safe[] = {"contains", "startsWith", "endsWith", "hashFiles",
                                           "success",  "always",     "failure",  "cancelled"};
        for (size_t i = 0; i < ARRAY_SIZE(safe); i++)
            if (call_is(x, safe[i]))
                return; /* a boolean or a hash: nothing of the arguments comes through */
        for (size_t i = 0; i < x->nargs; i++)
            wfx_value_refs(x->args[i], fn, arg);
        return;
    }
    case WFX_AND: /* `a && b` is b, or a falsy a ('' / 0 / null / false): only b matters */
        wfx_value_refs(x->args[1], fn, arg);
        return;
    case WFX_OR:
        wfx_value_refs(x->args[0], fn, arg);
        wfx_value_refs(x->args[1], fn, arg);
        return;
    case WFX_INDEX: wfx_value_refs(x->args[0], fn, arg); return;
    default: /* literals, `!x`, comparisons: booleans and constants */ return;
    }
}

/* Next '.'-separated segment of *p: start and length; 0 at the end. */
static int segment(const char **p, const char **seg, size_t *len)
{
    if (!**p)
        return 0;
    *seg = *p;
    *len = strcspn(*p, ".");
    *p += *len;
    if (**p == '.')
        (*p)++;
    return 1;
}

int wfx_path_match(const char *pat, const char *p)
{
    const char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    for (;;) {
        int ha = segment(&pat, &a, &al), hb = segment(&p, &b, &bl);
        if (ha && al == 2 && !memcmp(a, "**", 2))
            return hb;
        if (!ha || !hb)
            return ha == hb;
        if ((al == 1 && *a == '*') || (bl == 1 && *b == '*'))
            continue;
        if (al != bl || strncasecmp(a, b, al))
            return 0;
    }
}

struct wfx *wf_if_parse(struct yref if_, struct arena *a)
{
    const char *s = yref_str(if_);
    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return NULL;
    if (len >= 5 && !strncmp(s, "${{", 3) && !strncmp(s + len - 2, "}}", 2)) {
        const char *inner = str_find(s + 3, "}}");
        if (inner != s + len - 2)
            return NULL;
        s += 3;
        len -= 5;
    } else if (str_find(s, "${{")) {
        return NULL;
    }
    const char *err;
    return wfx_parse(s, len, a, &err);
}
