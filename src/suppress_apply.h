/* suppress_apply.h — match findings against inline and config ignores, and report on the ignores
 * themselves (infralint/expired-ignore, ignore-without-reason, unused-ignore). */
#ifndef INFRALINT_SUPPRESS_APPLY_H
#define INFRALINT_SUPPRESS_APPLY_H

#include "engine.h"

/* Flag suppressed findings in out and add the infralint/ findings about the ignores. */
void suppress_apply(struct ruleset *rs, struct project *p, const struct engine_opts *o,
                    struct results *out);

#endif
