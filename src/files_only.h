/* files_only.h — `--files-only`: a run that reports only on the files it was given, so that the
 * batches pre-commit splits a commit's files into never repeat a repository-level finding.
 * Kept: what is located in (or under) a named path, in the .terraform/ a named plan pairs with,
 * and, when the configuration file in use is itself named, the configuration's and the Lua
 * policies' own errors and findings (never infralint/unused-ignore of config entries: a batch
 * cannot know what the others matched). Dropped: the rest — repository-level findings such as
 * gha/pr-checks, context files, and configuration problems when the configuration is not named.
 * Findings and errors that name no file are kept. */
#ifndef INFRALINT_FILES_ONLY_H
#define INFRALINT_FILES_ONLY_H

#include <stddef.h>

#include "infralint/project.h"
#include "infralint/report.h"

/* 1 if path names the configuration file cfg_path (the same file; cfg_path may be NULL). */
int files_only_is_config(const char *path, const char *cfg_path);
/* Drop from r what --files-only does not report (see above). paths are the ones named. */
void files_only_filter(struct results *r, const struct project *p, char *const *paths,
                       size_t npaths, const char *cfg_path, int config_named);

#endif
