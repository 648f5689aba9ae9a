/* sql_analyze.h — what one SQL statement does, from PostgreSQL's parse tree (private to the
 * migration loader). sql_analyze() parses a statement whose tokens are set and fills its derived
 * fields: normalised text, kind, target relation, flags, ALTER TABLE actions, types, WHERE
 * class, or the syntax error. Everything it keeps lives in the given arena (the parse tree
 * itself is freed when the statement is done). The analyzer handle is one per loader run; it
 * holds no state today (the parser keeps its own per thread). */
#ifndef INFRALINT_SQL_ANALYZE_H
#define INFRALINT_SQL_ANALYZE_H

#include "infralint/arena.h"
#include "infralint/migration.h"

struct sql_analyzer;

/* Compile the patterns (aborts on a broken built-in pattern: that is a bug). */
struct sql_analyzer *sql_analyzer_new(void);
/* Free it (NULL is fine). */
void sql_analyzer_free(struct sql_analyzer *an);
/* Analyse st (st->toks, st->ntoks and st->text set). */
void sql_analyze(struct sql_analyzer *an, struct mig_stmt *st, struct arena *a);

#endif
