/* sql_analyze.h — what one SQL statement does, from its tokens (private to the migration loader).
 * The analyzer holds compiled patterns (one per loader run); sql_analyze() fills the derived
 * fields of a statement whose tokens are set: normalised text, kind, target relation, flags and
 * ALTER TABLE actions. Everything it allocates lives in the given arena. */
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
