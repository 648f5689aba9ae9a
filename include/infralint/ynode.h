/* ynode.h — a YAML document as a small tree that keeps the position of every node.
 * Built from libyaml events (the only file that includes yaml.h). All nodes and strings live in
 * the ydoc's arena and are freed by ydoc_free(). Aliases are YNODE_ALIAS nodes that point at the
 * anchored node (shared, never copied); ydoc_load() bounds nesting depth and the size the tree
 * would have if aliases were expanded, so neither deep nesting nor an alias bomb can hang a
 * consumer. Positions are 1-based (libyaml marks + 1), byte offsets 0-based. */
#ifndef INFRALINT_YNODE_H
#define INFRALINT_YNODE_H

#include <stddef.h>

#include "diag.h"

enum ynode_type { YNODE_SCALAR = 1, YNODE_SEQ, YNODE_MAP, YNODE_ALIAS };
enum ynode_style {
    YSTYLE_PLAIN = 0,
    YSTYLE_SINGLE,  /* 'quoted' */
    YSTYLE_DOUBLE,  /* "quoted" */
    YSTYLE_LITERAL, /* | */
    YSTYLE_FOLDED,  /* > */
    YSTYLE_BLOCK,   /* block collection */
    YSTYLE_FLOW     /* [flow] or {flow} collection */
};

struct ypair;
struct arena;

struct ynode {
    enum ynode_type type;
    enum ynode_style style;
    unsigned line, col;         /* start of the node (for an alias: the '*'); col counts
                                 * characters, as libyaml and editors do */
    unsigned end_line, end_col; /* just past the node */
    size_t start, end;          /* byte offsets of the same span in the source (UTF-8 input;
                                 * for UTF-16 input, character offsets) */
    const char *anchor;         /* &name defined on this node, or the name an alias refers to */
    const char *tag;            /* explicit tag (!!str …), or NULL */
    /* YNODE_SCALAR */
    const char *str; /* value, NUL-terminated (may hold NULs: use len) */
    size_t len;
    /* YNODE_SEQ */
    struct ynode **items;
    size_t nitems;
    /* YNODE_MAP */
    struct ypair *pairs;
    size_t npairs;
    /* YNODE_ALIAS */
    struct ynode *target;
    size_t esize; /* nodes in the subtree with aliases expanded */
};

struct ypair {
    struct ynode *key, *value;
};

/* A key that appeared twice in one mapping (the YAML spec forbids it; parsers disagree). */
struct ydup {
    const struct ynode *key;   /* the later occurrence */
    const struct ynode *first; /* the first one */
};

struct ydoc {
    char *file;
    const char *src; /* the source text (borrowed from the caller; must outlive the ydoc) */
    size_t srclen;
    struct ynode **docs; /* one root per YAML document in the stream */
    size_t ndocs;
    struct ydup *dups;
    size_t ndups;
    struct arena *arena;
    size_t *lines; /* byte offset where each line starts (lines[0] is line 1), as libyaml
                    * counts lines: \n, \r\n, \r, NEL, LS, PS end a line */
    size_t nlines;
};

/* Limits: nesting depth, and nodes the tree would have with every alias expanded. */
#define YNODE_MAX_DEPTH 256
#define YNODE_MAX_EXPANDED 1000000

/* Parse src (len bytes, kept borrowed) into doc; 0 on success, -1 with a positioned
 * diagnostic in d (syntax error, invalid UTF-8, depth or alias-expansion limit). */
int ydoc_load(struct ydoc *doc, const char *file, const char *src, size_t len, struct diag_list *d);
/* Free everything the document owns. */
void ydoc_free(struct ydoc *doc);
/* Line and column (1-based; column in characters) of a byte offset in the source. */
void ydoc_pos(const struct ydoc *doc, size_t off, unsigned *line, unsigned *col);

/* The node itself, or an alias's target (NULL stays NULL). */
const struct ynode *ynode_deref(const struct ynode *n);
/* Value for key in a mapping (aliases followed), or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The key node for key in a mapping, or NULL. */
const struct ynode *ynode_key(const struct ynode *map, const char *key);
/* Scalar string (aliases followed), or NULL when n is not a scalar. */
const char *ynode_str(const struct ynode *n);
/* 1 if n is a plain scalar null (~, null, Null, NULL, or empty). */
int ynode_is_null(const struct ynode *n);
/* Parse a YAML boolean (true/false in YAML 1.2 forms); 0 ok, -1 not a boolean. */
int ynode_bool(const struct ynode *n, int *out);
/* Parse a base-10 integer scalar; 0 ok, -1 not an integer. */
int ynode_int(const struct ynode *n, long long *out);
/* "a string", "a list", "a map", "null" — for type errors. */
const char *ynode_type_name(const struct ynode *n);

#endif
