/* jdoc.h — JSON documents as the loaders keep them (private to the loaders and pval.c).
 * One pass over the text validates it as jansson would (RFC 8259, UTF-8, no \u0000, depth
 * at most 2048, integers within 64 bits; a NUL byte between tokens, which jansson skips, is
 * refused) and builds a compact read-only tree: a value is one
 * 24-byte node, the members of an object or array lie side by side (O(1) index), strings are
 * decoded and NUL-terminated in the document's own memory, large objects get a hash index, and a
 * key given twice keeps its first place and its last value, as in jansson. Members of the
 * top-level object named in jdoc_opts.defer are validated but kept as text until
 * jdoc_undefer() (they read as null until then). Nothing is allocated per value. */
#ifndef INFRALINT_JDOC_H
#define INFRALINT_JDOC_H

#include <stddef.h>
#include <stdint.h>

#include "infralint/pval.h"

enum jtype { JT_NULL = 0, JT_FALSE, JT_TRUE, JT_INT, JT_REAL, JT_STRING, JT_ARRAY, JT_OBJECT };

enum jflag {
    JF_INDEXED = 1u << 0, /* object: a hash index follows its members */
    JF_DEFERRED = 1u << 1 /* null placeholder of a member kept as text (u.def) */
};

struct jdeferred;

/* A value (the opaque struct pval of pval.h). */
struct pval {
    uint8_t type;    /* enum jtype */
    uint8_t flags;   /* enum jflag */
    uint16_t klen;   /* length of key (0xFFFF: that long or longer, use strlen) */
    uint32_t n;      /* string: bytes; array/object: members */
    const char *key; /* member of an object: its key (NUL-terminated); NULL otherwise */
    union {
        const char *s;         /* JT_STRING (NUL-terminated, n bytes) */
        long long i;           /* JT_INT */
        double d;              /* JT_REAL */
        struct pval *kids;     /* JT_ARRAY, JT_OBJECT: n members side by side */
        struct jdeferred *def; /* JF_DEFERRED */
    } u;
};

struct jdoc_opts {
    int any;                  /* any value at the top (jansson's JSON_DECODE_ANY) */
    const char *const *defer; /* top-level object members kept as text; NULL-terminated or NULL */
};

struct jdoc;

/* Parse len bytes of buf (not needed afterwards); NULL when it is not valid JSON (ask jansson
 * for the message, tfjson_refusal: this parser refuses what jansson refuses, and NUL bytes).
 * o may be NULL. */
struct jdoc *jdoc_parse(const char *buf, size_t len, const struct jdoc_opts *o);
/* The document's root value. */
const struct pval *jdoc_root(const struct jdoc *d);
/* Free a document and every value in it. */
void jdoc_free(struct jdoc *d);
/* Approximate bytes held by the document (for memory caps). */
size_t jdoc_size(const struct jdoc *d);

/* 1 if v is the placeholder of a deferred member. */
int jdoc_is_deferred(const struct pval *v);
/* The text of a deferred member (len in *len). */
const char *jdoc_deferred_text(const struct pval *v, size_t *len);
/* Parse the deferred member v of d now: v becomes its value. 0, or -1 when its text does not
 * parse (it was validated: never). */
int jdoc_undefer(struct jdoc *d, const struct pval *v);

/* Member key of an object in document order, by index (NULL past the end). */
const struct pval *jdoc_member(const struct pval *obj, size_t i);
/* Object member by key of klen bytes, or NULL. */
const struct pval *jdoc_getn(const struct pval *obj, const char *key, size_t klen);

/* Validate buf as one JSON object without building it, calling fn with the raw bytes of each
 * top-level member's key (between its quotes, escapes undecoded) and value text; 0 when valid,
 * -1 when not. */
typedef void jdoc_member_fn(void *arg, const char *key, size_t klen, const char *val, size_t vlen);
int jdoc_scan_members(const char *buf, size_t len, jdoc_member_fn *fn, void *arg);

#endif
