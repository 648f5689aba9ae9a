/* discover.h — turn command-line paths into documents: walk directories, classify every file by
 * name and content, load what is ours, and pair plans with their .terraform/ directory. */
#ifndef INFRALINT_DISCOVER_H
#define INFRALINT_DISCOVER_H

#include <stddef.h>

#include "infralint/diag.h"
#include "infralint/project.h"

struct discover_opts {
    const char *tf_workspace;   /* TF_WORKSPACE, or NULL */
    const char *const *exclude; /* config `exclude:` globs, or NULL */
    size_t nexclude;
    const char *exclude_base; /* the directory they are relative to (the config's) */
};

/* Load everything under paths into p; errors go to d (the rest is still loaded). */
void discover(struct project *p, char *const *paths, size_t npaths, const struct discover_opts *o,
              struct diag_list *d);

#endif
