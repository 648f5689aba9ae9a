/* gha_syntax.h — what rules/gha_syntax.c shares with the other gha/ rules: the runner labels
 * gha/unknown-name knows (its one table) and GitHub's id syntax. */
#ifndef INFRALINT_GHA_SYNTAX_H
#define INFRALINT_GHA_SYNTAX_H

/* The GitHub-hosted runner labels and the self-hosted default labels, comma-separated globs. */
const char *gha_runner_labels(void);
/* Does gha/unknown-name report label by itself (shaped like a GitHub-hosted image it does not
 * know, or a typo of a known label)? Case-insensitive. */
int gha_label_suspect(const char *label);

/* Is id a valid job or step id (a letter or '_', then letters, digits, '-', '_')? */
int gha_valid_id(const char *id);

#endif
