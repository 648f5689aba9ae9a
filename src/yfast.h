/* yfast.h — the YAML that workflows are written in, read without libyaml (private to ynode.c).
 * Block mappings and sequences (indentless ones too), plain and quoted scalars on one line,
 * literal and folded block scalars, flow collections on one line, comments, a leading `---`.
 * The result is libyaml's event stream for the same text, mark for mark (the same tree, the same
 * positions); anything else — anchors, aliases, tags, multi-line plain or quoted scalars,
 * tabs outside comments and block scalars, CR line ends, syntax errors — is left to libyaml. */
#ifndef INFRALINT_YFAST_H
#define INFRALINT_YFAST_H

#include <stddef.h>

enum yfast_kind { YF_SCALAR = 1, YF_SEQ_START, YF_SEQ_END, YF_MAP_START, YF_MAP_END };

/* A position as libyaml counts it: characters from the start, 0-based line and column; and the
 * byte offset of the same place. */
struct yfast_mark {
    size_t index, line, column, byte;
};

struct yfast_event {
    enum yfast_kind kind;
    int style;                    /* scalar: enum ynode_style; collection: 1 for flow */
    struct yfast_mark start, end; /* libyaml's start and end marks of the event */
    const char *value;            /* scalar (not NUL-terminated): source text or decoded copy */
    size_t len;
    int decoded; /* value is at boff in the events' buffer (resolved when parsing ends) */
    size_t boff;
};

struct yfast_events {
    struct yfast_event *v;
    size_t n, alloc;
    char *buf; /* decoded scalar values (quoted with escapes, block scalars) */
    size_t blen, balloc;
};

/* Read src (len bytes) into out: 0 with libyaml's events of the one document it holds (none for
 * an empty stream), -1 when the text is not of the kind read here (ask libyaml). */
int yfast_parse(const char *src, size_t len, struct yfast_events *out);
/* Free the events. */
void yfast_events_free(struct yfast_events *e);

#endif
