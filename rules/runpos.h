/* runpos.h — where a word of a `run:` script is written in the workflow file (line and column,
 * inside `run: |` blocks too), for findings that point at one option of one command. */
#ifndef INFRALINT_RUNPOS_H
#define INFRALINT_RUNPOS_H

#include <stddef.h>

#include "infralint/workflow.h"

/* Position of occurrence k (0-based) of word in the script of scalar run: an occurrence is the
 * text outside shell comments, bounded by blanks, quotes, shell operators or the ends. The k-th
 * occurrence in the value is the k-th in the file's source of the scalar (as the positions of
 * `${{ }}` are found); total is how many the caller's words hold: when the value holds another
 * number (the word was quoted in pieces, escapes or folding changed it) or the source does not
 * match, the position is the scalar's own and -1 is returned; 0 when exact. */
int runpos_word(const struct workflow *wf, struct yref run, const char *word, size_t k,
                size_t total, unsigned *line, unsigned *col);

#endif
