/* shellcheck.h — runs the external `shellcheck` program over many shell scripts at once.
 * Every script is written to a file of a private temporary directory (mode 0700, removed before
 * shellcheck_run() returns); the files are checked by a few shellcheck processes started
 * together (one per core, each given many files), bounded by a wall-clock deadline after which
 * they are killed. Nothing here is global state: a run's results belong to the caller. */
#ifndef INFRALINT_SHELLCHECK_H
#define INFRALINT_SHELLCHECK_H

#include <stddef.h>

/* One script: its text and the first line its file gets (a `#!` line naming the shell, e.g.
 * "#!/bin/bash -e"), which says the shell to shellcheck and is not part of the text. */
struct shellcheck_script {
    const char *text;
    size_t len;
    const char *header;
};

enum shellcheck_level { SC_ERROR = 1, SC_WARNING, SC_INFO, SC_STYLE };

/* One finding: script index, line and column in the script's text (1-based; the column counts
 * characters), level, code (2086 for SC2086) and shellcheck's message. */
struct shellcheck_finding {
    size_t script;
    unsigned line, col;
    enum shellcheck_level level;
    int code;
    char *message;
};

enum shellcheck_status {
    SHELLCHECK_OK = 0,
    SHELLCHECK_MISSING, /* the program was not found */
    SHELLCHECK_TIMEOUT, /* killed at the deadline */
    SHELLCHECK_FAILED   /* could not run, or ended with an error (error says what) */
};

struct shellcheck_result {
    struct shellcheck_finding *v;
    size_t n, alloc;
    enum shellcheck_status status;
    char *error; /* what went wrong, or NULL */
};

struct shellcheck_opts {
    const char *program;        /* command name (searched in PATH) or path */
    const char *const *exclude; /* codes not to report, "SC2154" … */
    size_t nexclude;
    unsigned timeout_ms; /* for the whole run */
    unsigned jobs;       /* processes at once (at least 1) */
};

/* Check scripts v[0..n) with shellcheck; findings of every level go to out (sorted by script,
 * line, column). Returns out->status. */
enum shellcheck_status shellcheck_run(const struct shellcheck_script *v, size_t n,
                                      const struct shellcheck_opts *o,
                                      struct shellcheck_result *out);
/* Free a result's findings and error. */
void shellcheck_result_release(struct shellcheck_result *r);

#endif
