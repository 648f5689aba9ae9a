/* project.h — everything one run reads: the documents found on the command line, how every file
 * was classified, and the environment resolved for the project as a whole.
 * The project owns its documents; project_release() frees them. */
#ifndef INFRALINT_PROJECT_H
#define INFRALINT_PROJECT_H

#include <stddef.h>

#include "backend.h"
#include "diag.h"
#include "env.h"
#include "migration.h"
#include "plan.h"
#include "suppress.h"
#include "workflow.h"

struct wf_pending;

/* How one file was classified (for --list-inputs). */
struct input {
    char *path;
    const char *kind; /* "plan", "backend", "workspace", "workflow", "migration", "skipped" … */
    char *note;       /* why (e.g. "not JSON"), or NULL */
};

/* Something that did not run, and why (listed in text and JSON output). */
struct skip {
    char *file; /* NULL for the whole run */
    char *what;
    char *reason;
};

struct skip_list {
    struct skip *v;
    size_t n, alloc;
};

struct project {
    struct plan **plans;
    size_t nplans, plans_alloc;
    struct tfstack **stacks;
    size_t nstacks, stacks_alloc;
    struct mig_set **migs; /* migration sets, one per directory */
    size_t nmigs, migs_alloc;
    struct workflow **wfs; /* workflows, including context ones (wf->context) */
    size_t nwfs, wfs_alloc;
    struct wf_set **wfsets; /* the workflows grouped by repository (wf_link) */
    size_t nwfsets;
    struct wf_pending *wf_pending; /* workflow files noted during discover(); NULL after it */
    struct ignore_list ignores;    /* inline ignore comments found by the loaders */
    struct input *inputs;
    size_t ninputs, inputs_alloc;
    size_t nfiles;            /* files read as inputs (for the summary) */
    struct skip_list skipped; /* what the loaders could not read (listed with the results) */
    struct envinfo env;       /* for workflows, migrations and cross-artifact rules */
};

/* Initialise an empty project. */
void project_init(struct project *p);
/* Free every document. */
void project_release(struct project *p);
/* Record how a file was classified (note may be NULL). */
void project_input(struct project *p, const char *path, const char *kind, const char *note);
/* Add a skipped-check entry (file may be NULL); duplicates are dropped. */
void skip_add(struct skip_list *l, const char *file, const char *what, const char *reason);
/* Free a skip list. */
void skip_release(struct skip_list *l);

#endif
