/* regex.h — the project's one PCRE2 wrapper (8-bit API): compile once, match many times.
 * A pattern is compiled by regex_new() (JIT-compiled when PCRE2 has a JIT for this machine) and
 * owns its match data, so a match allocates nothing. Every match runs under a match limit and a
 * depth limit, so a pathological pattern fails with an error instead of running away (user
 * patterns come from Lua policies). A struct regex is not safe to share between threads.
 * Nothing outside src/regex.c includes pcre2.h. */
#ifndef INFRALINT_REGEX_H
#define INFRALINT_REGEX_H

#include <stddef.h>

struct regex;

enum regex_flag {
    REGEX_CASELESS = 1u << 0,  /* ASCII (and, with REGEX_UTF, Unicode) case folding */
    REGEX_MULTILINE = 1u << 1, /* ^ and $ match at line breaks */
    REGEX_DOTALL = 1u << 2,    /* . matches a newline */
    REGEX_UTF = 1u << 3,       /* subject and pattern are UTF-8 (the subject is checked) */
    REGEX_ANCHORED = 1u << 4,  /* match only at the start offset */
    REGEX_EXTENDED = 1u << 5   /* ignore pattern whitespace and # comments */
};

/* One capture group: byte offsets [start, end) in the subject; start == REGEX_UNSET when the
 * group did not take part in the match. */
struct regex_span {
    size_t start, end;
};

#define REGEX_UNSET ((size_t)-1)

/* Compile pattern (NUL-terminated). NULL on error, with "message at offset N" written to err
 * (errlen bytes, may be 0). */
struct regex *regex_new(const char *pattern, unsigned flags, char *err, size_t errlen);
/* Free a compiled pattern (NULL is fine). */
void regex_free(struct regex *re);
/* Number of capture groups in the pattern (group 0, the whole match, not counted). */
size_t regex_ngroups(const struct regex *re);
/* Search subject[start..len) for the first match. 1 on a match (groups filled: groups[0] is the
 * whole match, up to ngroups spans), 0 when there is none, -1 on a matching error such as an
 * exceeded limit or invalid UTF-8 (regex_error() says which). */
int regex_find(struct regex *re, const char *subject, size_t len, size_t start,
               struct regex_span *groups, size_t ngroups);
/* 1 if the pattern matches anywhere in the NUL-terminated s, 0 if not, -1 on error. */
int regex_test(struct regex *re, const char *s);
/* Text of the last matching error of re ("" when the last match succeeded or failed cleanly). */
const char *regex_error(const struct regex *re);
/* Bytes a compiled pattern holds (code, JIT code, match data): what a Lua policy is charged. */
size_t regex_size(const struct regex *re);
/* 1 when patterns are JIT-compiled on this machine (for measurements). */
int regex_jit_available(void);

#endif
