/* git.h — asking the git program which files changed (for --since REF). git is optional at run
 * time: only --since needs it, and its absence is a clear error. Paths returned are absolute
 * and owned by the struct. */
#ifndef INFRALINT_GIT_H
#define INFRALINT_GIT_H

#include <stddef.h>

struct git_changes {
    char *toplevel; /* the repository's work tree (absolute) */
    char **paths;   /* absolute paths of files changed since the ref, or not tracked yet */
    size_t n, alloc;
};

/* Files of the repository holding dir that differ from ref (`git diff --name-only ref`) or are
 * new and untracked (`git ls-files --others --exclude-standard`). 0 on success; -1 with a
 * message in *err (a new string: git missing, not a repository, bad ref). */
int git_changed_files(const char *dir, const char *ref, struct git_changes *out, char **err);
/* 1 if the absolute path is in the list. */
int git_changes_has(const struct git_changes *c, const char *abs_path);
/* Free the list. */
void git_changes_release(struct git_changes *c);

#endif
