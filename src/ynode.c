/* ynode.c — libyaml events into a position-keeping node tree (the only user of yaml.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/ynode.h"
#include "yfast.h"

/* A collection being built: its node and the children collected so far. */
/* A collection being built: its node, and where its children start on the builder's kids
 * stack (sequence items, or map keys and values alternating). */
struct frame {
    struct ynode *node;
    size_t base;
};

/* Anchor name -> completed node, open addressing. */
struct anchors {
    const char **names;
    struct ynode **nodes;
    size_t cap, n;
};

struct builder {
    struct ydoc *doc;
    struct diag_list *d;
    struct frame *stack;
    size_t depth, stack_alloc;
    struct ynode **kids; /* the children of every open collection, innermost last */
    size_t nkids, kids_alloc;
    struct anchors anchors;
    struct ynode *root;
    struct ydup *dups;
    size_t dups_alloc;
    size_t roots_alloc;
    /* libyaml marks count characters (a UTF-8 BOM excluded): a cursor turns them into bytes */
    size_t bom;          /* bytes of BOM before character 0 */
    int bytes_are_chars; /* ASCII (or UTF-16) input: a character index is the byte offset */
    size_t cur_char, cur_byte;
};

/* Byte offset of the character at index ch (a libyaml mark index). Marks come nearly in order,
 * so a forward cursor makes this linear over a document. */
static size_t char_to_byte(struct builder *b, size_t ch)
{
    const unsigned char *s = (const unsigned char *)b->doc->src;
    size_t len = b->doc->srclen;
    if (b->bytes_are_chars)
        return b->bom + ch;
    if (ch < b->cur_char) {
        b->cur_char = 0;
        b->cur_byte = b->bom;
    }
    while (b->cur_char < ch && b->cur_byte < len) {
        b->cur_byte++;
        while (b->cur_byte < len && (s[b->cur_byte] & 0xC0) == 0x80)
            b->cur_byte++;
        b->cur_char++;
    }
    return b->cur_byte;
}

/* Do the eight bytes at p hold a byte >= 0x80, a '\n' or a '\r'? */
static int breaks_or_high(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    uint64_t nl = w ^ (ones * '\n'), cr = w ^ (ones * '\r');
    return ((w | ((nl - ones) & ~nl) | ((cr - ones) & ~cr)) & highs) != 0;
}

/* Where each line starts, counting line breaks as libyaml does; 1 if the text is all ASCII. */
static int line_table(struct ydoc *doc, size_t bom)
{
    const unsigned char *s = (const unsigned char *)doc->src;
    size_t n = doc->srclen, alloc = 0;
    unsigned char high = 0;
    ALLOC_GROW(doc->lines, 1, alloc);
    doc->lines[0] = bom;
    doc->nlines = 1;
    for (size_t i = bom; i < n; i++) {
        while (i + 8 <= n && !breaks_or_high(s + i)) /* eight plain ASCII bytes at a time */
            i += 8;
        if (i >= n)
            break;
        unsigned char c = s[i];
        high |= c;
        if (c != '\n' && c != '\r' && c != 0xC2 && c != 0xE2)
            continue;
        size_t next = 0;
        if (c == '\n')
            next = i + 1;
        else if (c == '\r')
            next = i + 1 < n && s[i + 1] == '\n' ? i + 2 : i + 1;
        else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
            next = i + 2;
        else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] & 0xFE) == 0xA8)
            next = i + 3;
        if (!next)
            continue;
        ALLOC_GROW(doc->lines, doc->nlines + 1, alloc);
        doc->lines[doc->nlines++] = next;
        i = next - 1;
    }
    return !(high & 0x80);
}

void ydoc_pos(const struct ydoc *doc, size_t off, unsigned *line, unsigned *col)
{
    if (!doc->nlines) {
        *line = *col = 0;
        return;
    }
    size_t lo = 0, hi = doc->nlines; /* the last line starting at or before off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    unsigned c = 1;
    const unsigned char *s = (const unsigned char *)doc->src;
    for (size_t i = doc->lines[lo]; i < off && i < doc->srclen; i++)
        if ((s[i] & 0xC0) != 0x80)
            c++;
    *line = (unsigned)lo + 1;
    *col = c;
}

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static void anchors_put(struct anchors *a, const char *name, struct ynode *node)
{
    if ((a->n + 1) * 2 > a->cap) {
        struct anchors b = {0};
        b.cap = a->cap ? a->cap * 2 : 16;
        b.names = xcalloc(b.cap, sizeof(*b.names));
        b.nodes = xcalloc(b.cap, sizeof(*b.nodes));
        for (size_t i = 0; i < a->cap; i++)
            if (a->names[i])
                anchors_put(&b, a->names[i], a->nodes[i]);
        free(a->names);
        free(a->nodes);
        *a = b;
    }
    size_t i = hash_str(name) & (a->cap - 1);
    while (a->names[i] && strcmp(a->names[i], name))
        i = (i + 1) & (a->cap - 1);
    if (!a->names[i])
        a->n++;
    a->names[i] = name;
    a->nodes[i] = node;
}

static struct ynode *anchors_get(const struct anchors *a, const char *name)
{
    if (!a->cap)
        return NULL;
    size_t i = hash_str(name) & (a->cap - 1);
    while (a->names[i]) {
        if (!strcmp(a->names[i], name))
            return a->nodes[i];
        i = (i + 1) & (a->cap - 1);
    }
    return NULL;
}

static void set_span(struct builder *b, struct ynode *n, const yaml_event_t *ev)
{
    n->line = (unsigned)ev->start_mark.line + 1;
    n->col = (unsigned)ev->start_mark.column + 1;
    n->start = char_to_byte(b, ev->start_mark.index);
    n->end_line = (unsigned)ev->end_mark.line + 1;
    n->end_col = (unsigned)ev->end_mark.column + 1;
    n->end = char_to_byte(b, ev->end_mark.index);
}

static struct ynode *node_new(struct builder *b, enum ynode_type t, const yaml_event_t *ev,
                              const yaml_char_t *anchor, const yaml_char_t *tag)
{
    struct ynode *n = arena_alloc(b->doc->arena, sizeof(*n));
    n->type = t;
    set_span(b, n, ev);
    n->anchor = arena_strdup(b->doc->arena, (const char *)anchor);
    n->tag = arena_strdup(b->doc->arena, (const char *)tag);
    n->esize = 1;
    return n;
}

/* Attach a finished node to the open collection (or make it the document root). */
static int attach(struct builder *b, struct ynode *n)
{
    if (!b->depth) {
        ALLOC_GROW(b->doc->docs, b->doc->ndocs + 1, b->roots_alloc);
        b->doc->docs[b->doc->ndocs++] = n;
        return 0;
    }
    struct frame *f = &b->stack[b->depth - 1];
    f->node->esize += n->esize;
    if (f->node->esize > YNODE_MAX_EXPANDED)
        return diag_add(b->d, b->doc->file, n->line, n->col,
                        "document too large with its aliases expanded (more than %d nodes): "
                        "an alias bomb?",
                        YNODE_MAX_EXPANDED);
    ALLOC_GROW(b->kids, b->nkids + 1, b->kids_alloc);
    b->kids[b->nkids++] = n;
    return 0;
}

static int pair_cmp(const void *a, const void *b)
{
    const struct ypair *x = a, *y = b;
    int c = strcmp(x->key->str, y->key->str);
    if (c)
        return c;
    return x->key->start < y->key->start ? -1 : x->key->start > y->key->start;
}

static void note_dup(struct builder *b, const struct ynode *first, const struct ynode *later)
{
    ALLOC_GROW(b->dups, b->doc->ndups + 1, b->dups_alloc);
    b->dups[b->doc->ndups].key = later;
    b->dups[b->doc->ndups].first = first;
    b->doc->ndups++;
}

static void find_dups(struct builder *b, struct ynode *map)
{
    size_t n = map->npairs;
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            const struct ynode *k = map->pairs[i].key;
            if (k->type != YNODE_SCALAR)
                continue;
            for (size_t j = 0; j < i; j++) {
                const struct ynode *f = map->pairs[j].key;
                if (f->type == YNODE_SCALAR && f->len == k->len && !strcmp(f->str, k->str)) {
                    note_dup(b, f, k);
                    break;
                }
            }
        }
        return;
    }
    struct ypair *sorted = xcalloc(n, sizeof(*sorted));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (map->pairs[i].key->type == YNODE_SCALAR)
            sorted[m++] = map->pairs[i];
    qsort(sorted, m, sizeof(*sorted), pair_cmp);
    for (size_t i = 1; i < m; i++) {
        size_t j = i;
        while (j > 0 && !strcmp(sorted[j - 1].key->str, sorted[i].key->str))
            j--;
        if (j < i)
            note_dup(b, sorted[j].key, sorted[i].key);
    }
    free(sorted);
}

static int open_collection(struct builder *b, enum ynode_type t, const yaml_event_t *ev,
                           const yaml_char_t *anchor, const yaml_char_t *tag, int flow)
{
    if (b->depth >= YNODE_MAX_DEPTH)
        return diag_add(b->d, b->doc->file, (unsigned)ev->start_mark.line + 1,
                        (unsigned)ev->start_mark.column + 1, "nesting deeper than %d levels",
                        YNODE_MAX_DEPTH);
    struct ynode *n = node_new(b, t, ev, anchor, tag);
    n->style = flow ? YSTYLE_FLOW : YSTYLE_BLOCK;
    ALLOC_GROW(b->stack, b->depth + 1, b->stack_alloc);
    struct frame *f = &b->stack[b->depth++];
    f->node = n;
    f->base = b->nkids;
    return 0;
}

static int close_collection(struct builder *b, const yaml_event_t *ev)
{
    struct frame *f = &b->stack[--b->depth];
    struct ynode *n = f->node;
    n->end_line = (unsigned)ev->end_mark.line + 1;
    n->end_col = (unsigned)ev->end_mark.column + 1;
    n->end = char_to_byte(b, ev->end_mark.index);
    size_t nk = b->nkids - f->base;
    struct ynode **kids = nk ? b->kids + f->base : NULL; /* b->kids is NULL before any child */
    b->nkids = f->base;
    if (n->type == YNODE_SEQ) {
        n->nitems = nk;
        n->items = arena_alloc(b->doc->arena, (nk ? nk : 1) * sizeof(*n->items));
        if (nk)
            memcpy(n->items, kids, nk * sizeof(*n->items));
    } else {
        n->npairs = nk / 2;
        n->pairs = arena_alloc(b->doc->arena, (n->npairs ? n->npairs : 1) * sizeof(*n->pairs));
        for (size_t i = 0; i < n->npairs; i++) {
            n->pairs[i].key = kids[2 * i];
            n->pairs[i].value = kids[2 * i + 1];
        }
        find_dups(b, n);
    }
    if (n->anchor)
        anchors_put(&b->anchors, n->anchor, n);
    return attach(b, n);
}

static enum ynode_style scalar_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return YSTYLE_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return YSTYLE_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return YSTYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return YSTYLE_FOLDED;
    default: return YSTYLE_PLAIN;
    }
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
    struct ynode *n;
    switch (ev->type) {
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(b, YNODE_SEQ, ev, ev->data.sequence_start.anchor,
                               ev->data.sequence_start.tag,
                               ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
    case YAML_MAPPING_START_EVENT:
        return open_collection(b, YNODE_MAP, ev, ev->data.mapping_start.anchor,
                               ev->data.mapping_start.tag,
                               ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return close_collection(b, ev);
    case YAML_SCALAR_EVENT:
        n = node_new(b, YNODE_SCALAR, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
        n->style = scalar_style(ev->data.scalar.style);
        n->len = ev->data.scalar.length;
        n->str = arena_strndup(b->doc->arena, (const char *)ev->data.scalar.value, n->len);
        if (n->anchor)
            anchors_put(&b->anchors, n->anchor, n);
        return attach(b, n);
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        struct ynode *target = anchors_get(&b->anchors, name);
        for (size_t i = 0; !target && i < b->depth; i++)
            if (b->stack[i].node->anchor && !strcmp(b->stack[i].node->anchor, name))
                return diag_add(b->d, b->doc->file, (unsigned)ev->start_mark.line + 1,
                                (unsigned)ev->start_mark.column + 1,
                                "alias '*%s' is inside the node anchored '&%s' (line %u): an "
                                "anchor cannot contain itself",
                                name, name, b->stack[i].node->line);
        if (!target)
            return diag_add(b->d, b->doc->file, (unsigned)ev->start_mark.line + 1,
                            (unsigned)ev->start_mark.column + 1,
                            "alias '*%s' refers to no anchor defined before it", name);
        n = node_new(b, YNODE_ALIAS, ev, NULL, NULL);
        n->anchor = target->anchor;
        n->target = target;
        n->esize = target->esize;
        return attach(b, n);
    }
    default: return 0;
    }
}

/* A YAML syntax error at mark m (problem or context position, whichever the fix is at). */
static int syntax_diag(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
    IL_PRINTF(3, 4);
static int syntax_diag(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    diag_add(b->d, b->doc->file, (unsigned)m->line + 1, (unsigned)m->column + 1, "%s", sb.buf);
    strbuf_release(&sb);
    return -1;
}

static int has(const char *s, const char *what)
{
    return s && strstr(s, what) != NULL;
}

/* libyaml's problem, in words a person acts on, at the position where the fix goes. */
static int parser_error(struct builder *b, const yaml_parser_t *p)
{
    const char *file = b->doc->file;
    const char *src = b->doc->src;
    if (p->error == YAML_MEMORY_ERROR)
        return diag_add(b->d, file, 0, 0, "out of memory while parsing YAML");
    if (p->error == YAML_READER_ERROR) {
        unsigned line, col;
        ydoc_pos(b->doc, p->problem_offset, &line, &col);
        if (has(p->problem, "control characters"))
            return diag_add(b->d, file, line, col,
                            "control character 0x%02x is not allowed in YAML (a binary file?)",
                            (unsigned)p->problem_value & 0xff);
        if (has(p->problem, "UTF")) {
            /* point at the byte that starts the broken sequence, not at the one after it */
            size_t at = p->problem_offset;
            const unsigned char *u = (const unsigned char *)src;
            for (size_t back = 0;
                 back < 3 && at > 0 && at <= b->doc->srclen &&
                 (at == b->doc->srclen || (u[at] & 0xC0) != 0xC0) && u[at - 1] >= 0x80;
                 back++)
                at--;
            ydoc_pos(b->doc, at, &line, &col);
            return diag_add(b->d, file, line, col,
                            "invalid UTF-8: byte 0x%02x does not start a valid character (is "
                            "the file in another encoding, such as Latin-1?)",
                            at < b->doc->srclen ? u[at] : 0);
        }
        return diag_add(b->d, file, line, col, "cannot read YAML: %s",
                        p->problem ? p->problem : "unknown error");
    }
    const char *problem = p->problem ? p->problem : "syntax error";
    const char *context = p->context;
    const yaml_mark_t *pm = &p->problem_mark, *cm = &p->context_mark;
    size_t at = char_to_byte(b, pm->index);
    char ch = at < b->doc->srclen ? src[at] : '\0';
    if (ch == '\t' || has(problem, "tab character"))
        return syntax_diag(b, pm, "tab character used for indentation (YAML allows only spaces)");
    if (has(problem, "end of stream") && has(context, "quoted scalar")) {
        size_t q = char_to_byte(b, cm->index);
        return syntax_diag(b, cm, "quoted string is never closed: add the closing %s",
                           q < b->doc->srclen && src[q] == '\'' ? "'" : "\"");
    }
    if (has(problem, "could not find expected ':'"))
        return syntax_diag(b, cm,
                           "expected 'key: value': no ':' follows this text "
                           "(or a quoted string is left open)");
    if (has(problem, "mapping values are not allowed"))
        return syntax_diag(b, pm,
                           "':' is not allowed here: a value that contains ': ' must be "
                           "quoted (or the line is indented too far)");
    if (has(problem, "did not find expected key") && has(context, "block mapping"))
        return syntax_diag(b, pm,
                           "this line does not line up with the keys of the mapping at "
                           "line %u, column %u (check its indentation)",
                           (unsigned)cm->line + 1, (unsigned)cm->column + 1);
    if (has(problem, "expected '-' indicator"))
        return syntax_diag(b, pm,
                           "expected a list item ('- ') here: the list at line %u, "
                           "column %u continues at this indentation",
                           (unsigned)cm->line + 1, (unsigned)cm->column + 1);
    if (has(problem, "cannot start any token") && ch && (unsigned char)ch >= 0x20 &&
        (unsigned char)ch < 0x7f)
        return syntax_diag(b, pm, "'%c' cannot start a plain YAML value: quote the value", ch);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, problem);
    if (context) {
        strbuf_addf(&sb, " %s", context);
        if (cm->line != pm->line || cm->column != pm->column)
            strbuf_addf(&sb, " that starts at line %u, column %u", (unsigned)cm->line + 1,
                        (unsigned)cm->column + 1);
    }
    syntax_diag(b, pm, "%s", sb.buf);
    strbuf_release(&sb);
    return -1;
}

/* The libyaml event a yfast event stands for (scalars borrow the value). */
static void fast_event(const struct yfast_event *f, yaml_event_t *ev)
{
    static const yaml_event_type_t types[] = {[YF_SCALAR] = YAML_SCALAR_EVENT,
                                              [YF_SEQ_START] = YAML_SEQUENCE_START_EVENT,
                                              [YF_SEQ_END] = YAML_SEQUENCE_END_EVENT,
                                              [YF_MAP_START] = YAML_MAPPING_START_EVENT,
                                              [YF_MAP_END] = YAML_MAPPING_END_EVENT};
    static const yaml_scalar_style_t styles[] = {[YSTYLE_PLAIN] = YAML_PLAIN_SCALAR_STYLE,
                                                 [YSTYLE_SINGLE] = YAML_SINGLE_QUOTED_SCALAR_STYLE,
                                                 [YSTYLE_DOUBLE] = YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                                                 [YSTYLE_LITERAL] = YAML_LITERAL_SCALAR_STYLE,
                                                 [YSTYLE_FOLDED] = YAML_FOLDED_SCALAR_STYLE};
    memset(ev, 0, sizeof(*ev));
    ev->type = types[f->kind];
    ev->start_mark.index = f->start.byte; /* read with bytes_are_chars set */
    ev->start_mark.line = f->start.line;
    ev->start_mark.column = f->start.column;
    ev->end_mark.index = f->end.byte;
    ev->end_mark.line = f->end.line;
    ev->end_mark.column = f->end.column;
    if (f->kind == YF_SCALAR) {
        ev->data.scalar.value = (yaml_char_t *)(uintptr_t)f->value;
        ev->data.scalar.length = f->len;
        ev->data.scalar.style = styles[f->style];
    } else if (f->kind == YF_SEQ_START) {
        ev->data.sequence_start.style =
            f->style ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE;
    } else if (f->kind == YF_MAP_START) {
        ev->data.mapping_start.style =
            f->style ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
    }
}

static void builder_release(struct ydoc *doc, struct builder *b)
{
    free(b->kids);
    free(b->stack);
    free(b->anchors.names);
    free(b->anchors.nodes);
    doc->dups = b->dups;
}

int ydoc_load(struct ydoc *doc, const char *file, const char *src, size_t len, struct diag_list *d)
{
    memset(doc, 0, sizeof(*doc));
    doc->file = xstrdup(file);
    doc->src = src;
    doc->srclen = len;
    doc->arena = arena_new();

    struct builder b = {.doc = doc, .d = d};
    const unsigned char *u = (const unsigned char *)src;
    int utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    b.bom = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
    if (utf16) /* marks are characters; byte offsets cannot be had cheaply */
        b.bytes_are_chars = 1;
    else
        b.bytes_are_chars = line_table(doc, b.bom);
    b.cur_byte = b.bom;

    /* the common shapes of workflow YAML are read without libyaml, to the same events */
    struct yfast_events fast;
    if (!utf16 && !b.bom && yfast_parse(src, len, &fast) == 0) {
        int rc = 0;
        b.bytes_are_chars = 1; /* the events' marks carry byte offsets */
        for (size_t i = 0; i < fast.n && !rc; i++) {
            yaml_event_t ev;
            fast_event(&fast.v[i], &ev);
            rc = on_event(&b, &ev);
        }
        yfast_events_free(&fast);
        builder_release(doc, &b);
        return rc;
    }

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return diag_add(d, file, 0, 0, "out of memory while parsing YAML");
    yaml_parser_set_input_string(&parser, u, len);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_error(&b, &parser);
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
        if (rc || done)
            break;
    }
    yaml_parser_delete(&parser);
    builder_release(doc, &b);
    return rc;
}

void ydoc_free(struct ydoc *doc)
{
    free(doc->file);
    free(doc->lines);
    free(doc->docs);
    free(doc->dups);
    arena_free(doc->arena);
    memset(doc, 0, sizeof(*doc));
}

const struct ynode *ynode_deref(const struct ynode *n)
{
    return n && n->type == YNODE_ALIAS ? n->target : n;
}

const struct ynode *ynode_key(const struct ynode *map, const char *key)
{
    map = ynode_deref(map);
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++) {
        const struct ynode *k = ynode_deref(map->pairs[i].key);
        if (k->type == YNODE_SCALAR && !strcmp(k->str, key))
            return map->pairs[i].key;
    }
    return NULL;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    map = ynode_deref(map);
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++) {
        const struct ynode *k = ynode_deref(map->pairs[i].key);
        if (k->type == YNODE_SCALAR && !strcmp(k->str, key))
            return map->pairs[i].value;
    }
    return NULL;
}

const char *ynode_str(const struct ynode *n)
{
    n = ynode_deref(n);
    return n && n->type == YNODE_SCALAR ? n->str : NULL;
}

int ynode_is_null(const struct ynode *n)
{
    n = ynode_deref(n);
    if (!n || n->type != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
        return 0;
    return !n->len || !strcmp(n->str, "~") || !strcmp(n->str, "null") || !strcmp(n->str, "Null") ||
           !strcmp(n->str, "NULL");
}

int ynode_bool(const struct ynode *n, int *out)
{
    n = ynode_deref(n);
    if (!n || n->type != YNODE_SCALAR || n->style != YSTYLE_PLAIN)
        return -1;
    if (!strcmp(n->str, "true") || !strcmp(n->str, "True") || !strcmp(n->str, "TRUE")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(n->str, "false") || !strcmp(n->str, "False") || !strcmp(n->str, "FALSE")) {
        *out = 0;
        return 0;
    }
    return -1;
}

int ynode_int(const struct ynode *n, long long *out)
{
    n = ynode_deref(n);
    if (!n || n->type != YNODE_SCALAR || n->style != YSTYLE_PLAIN || !n->len)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(n->str, &end, 10);
    if (errno || *end || end == n->str)
        return -1;
    *out = v;
    return 0;
}

const char *ynode_type_name(const struct ynode *n)
{
    n = ynode_deref(n);
    if (!n)
        return "nothing";
    if (ynode_is_null(n))
        return "null";
    switch (n->type) {
    case YNODE_SEQ: return "a list";
    case YNODE_MAP: return "a map";
    default: return "a string";
    }
}
