/* suppress.h — inline ignore comments (`# infralint:ignore[rule-id] reason`, `-- …` in SQL).
 * Loaders find the comments (they know where comments are) and add them here; the engine
 * matches findings against them. A list owns its entries. */
#ifndef INFRALINT_SUPPRESS_H
#define INFRALINT_SUPPRESS_H

#include <stddef.h>

#include "diag.h"

struct inline_ignore {
    char *file;
    unsigned line, col; /* of the comment */
    char **rules;       /* ids or globs */
    unsigned *offs;     /* where each starts in the comment's text, in characters */
    size_t nrules;
    char *reason;  /* NULL when none given */
    unsigned used; /* findings it suppressed */
};

struct ignore_list {
    struct inline_ignore *v;
    size_t n, alloc;
};

/* Parse the text of one comment (without the comment marker). 1 and a filled entry (rules,
 * reason) if it is an infralint:ignore directive, 0 if not, -1 if malformed (*err says why). */
int suppress_parse(const char *text, size_t len, struct inline_ignore *out, const char **err);
/* Append a parsed entry for file at line:col (takes ownership of its rules and reason). */
void suppress_add(struct ignore_list *l, const char *file, unsigned line, unsigned col,
                  struct inline_ignore *parsed);
/* 1 if an id given to a suppression is a glob (`*`, `?`, `[`): globs are not checked. */
int suppress_is_glob(const char *id);
/* Check one id a suppression names against the known rule ids (built-in rules and the policies
 * loaded in the run); -1 with an error at file:line:col ("unknown rule … in <what>; did you mean
 * …?") when it is neither known nor a glob. */
int suppress_check_id(struct diag_list *d, const char *file, unsigned line, unsigned col,
                      const char *what, const char *id, const char *const *ids, size_t nids);
/* Check every id of every inline ignore of the list (each at its own column); -1 on any error. */
int suppress_check_ids(const struct ignore_list *l, const char *const *ids, size_t nids,
                       struct diag_list *d);
/* Free the list. */
void suppress_release(struct ignore_list *l);

#endif
