/* yfast_diff.h — the YAML fast path (src/yfast.c) against libyaml on one text: the same events,
 * start and end marks, scalar values and styles, or the fast path declines. Shared by the unit
 * test (tests/unit/test_yfast.c) and the differential fuzz harness (fuzz_yfast.c). */
#ifndef INFRALINT_YFAST_DIFF_H
#define INFRALINT_YFAST_DIFF_H

#include <stddef.h>
#include <string.h>
#include <yaml.h>

#include "infralint/ynode.h"
#include "yfast.h"

struct yfast_diff {
    int taken;       /* the fast path read the text (else it declined: nothing compared) */
    const char *why; /* NULL when both agree, else what differs */
    size_t event;    /* at libyaml's event number … */
    size_t line;     /* … which starts on this line and column (1-based) */
    size_t col;
};

static inline int yfast_diff_style(const yaml_event_t *e)
{
    switch (e->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return YSTYLE_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return YSTYLE_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return YSTYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return YSTYLE_FOLDED;
    default: return YSTYLE_PLAIN;
    }
}

/* Same place; the byte offset agrees with the character index (s: the text). */
static inline int yfast_diff_mark(const struct yfast_mark *a, const yaml_mark_t *b, const char *s)
{
    size_t chars = 0;
    for (size_t i = 0; i < a->byte; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return a->index == b->index && a->line == b->line && a->column == b->column &&
           chars == a->index;
}

/* Compare the fast path with libyaml on the len bytes of s. */
static inline struct yfast_diff yfast_diff_text(const char *s, size_t len)
{
    struct yfast_diff r = {0, NULL, 0, 0, 0};
    struct yfast_events fe;
    if (yfast_parse(s, len, &fe) != 0)
        return r;
    r.taken = 1;
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
    size_t i = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            r.why = "libyaml refuses what the fast path read";
            r.line = p.problem_mark.line + 1;
            r.col = p.problem_mark.column + 1;
            break;
        }
        int done = e.type == YAML_STREAM_END_EVENT;
        int kind = e.type == YAML_SCALAR_EVENT           ? YF_SCALAR
                   : e.type == YAML_SEQUENCE_START_EVENT ? YF_SEQ_START
                   : e.type == YAML_SEQUENCE_END_EVENT   ? YF_SEQ_END
                   : e.type == YAML_MAPPING_START_EVENT  ? YF_MAP_START
                   : e.type == YAML_MAPPING_END_EVENT    ? YF_MAP_END
                   : e.type == YAML_ALIAS_EVENT          ? 0
                                                         : -1;
        if (kind != -1) {
            const struct yfast_event *f = i < fe.n ? &fe.v[i++] : NULL;
            if (!f || (int)f->kind != kind)
                r.why = "event types differ";
            else if (!yfast_diff_mark(&f->start, &e.start_mark, s) ||
                     !yfast_diff_mark(&f->end, &e.end_mark, s))
                r.why = "marks differ";
            else if (kind == YF_SCALAR && (f->len != e.data.scalar.length ||
                                           memcmp(f->value, e.data.scalar.value, f->len) ||
                                           f->style != yfast_diff_style(&e)))
                r.why = "scalars differ";
            else if (kind == YF_SEQ_START &&
                     f->style != (e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE))
                r.why = "sequence styles differ";
            else if (kind == YF_MAP_START &&
                     f->style != (e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE))
                r.why = "mapping styles differ";
            if (r.why) {
                r.event = i;
                r.line = e.start_mark.line + 1;
                r.col = e.start_mark.column + 1;
            }
        }
        yaml_event_delete(&e);
        if (done || r.why)
            break;
    }
    if (!r.why && i != fe.n)
        r.why = "the fast path has more events";
    yaml_parser_delete(&p);
    yfast_events_free(&fe);
    return r;
}

#endif
