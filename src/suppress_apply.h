/* suppress_apply.h — match findings against inline and config ignores, and report on the ignores
 * themselves (infralint/expired-ignore, ignore-without-reason, unused-ignore). */
#ifndef INFRALINT_SUPPRESS_APPLY_H
#define INFRALINT_SUPPRESS_APPLY_H

#include "engine.h"

/* Flag the findings of out from index first on that an inline or config ignore suppresses
 * (the findings of the project rules are marked after those of the documents). */
void suppress_mark(struct project *p, const struct engine_opts *o, struct results *out,
                   size_t first);
/* Add the infralint/ findings about the ignores themselves, once every finding is marked. */
void suppress_report(struct ruleset *rs, struct project *p, const struct engine_opts *o,
                     struct results *out);

#endif
