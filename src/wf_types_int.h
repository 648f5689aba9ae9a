/* wf_types_int.h — what the two halves of the expression type checker share: the walker
 * (wf_types.c: where an expression runs and what is defined there) and the typing of one
 * expression (wf_typecheck.c). Private to them. */
#ifndef INFRALINT_WF_TYPES_INT_H
#define INFRALINT_WF_TYPES_INT_H

#include <stddef.h>

#include "infralint/util.h"
#include "infralint/wf_types.h"

struct arena;

/* A matrix key and the values it takes (literal nodes; an expression node stands for any). */
struct wft_mkey {
    const char *name;
    const struct ynode **vals;
    size_t nvals;
};

/* A job's matrix as far as it is written down. */
struct wft_matrix {
    int done; /* computed */
    int none; /* the job has no matrix: matrix.* is always empty */
    int open; /* keys come from an expression (fromJSON): any key may exist */
    struct wft_mkey *keys;
    size_t nkeys;
};

/* A declared input of workflow_dispatch / workflow_call. */
struct wft_input {
    const char *name;
    unsigned char type; /* enum wft_kind */
};

/* Where one expression runs. */
struct wft_scope {
    unsigned key;               /* enum wfc_key */
    const struct wf_job *job;   /* NULL at workflow level */
    const struct wf_step *step; /* the step the expression is in, or NULL */
    int all_steps;              /* the job's outputs / environment url: every step has run */
    int text;                   /* a string value: an object printed there is "Object" */
    int is_if;                  /* an if: condition */
    const struct ynode *node;   /* the scalar */
    const struct ynode *via;    /* the alias it came through, or NULL */
    unsigned key_line;          /* the line of its key */
};

struct wft {
    const struct workflow *wf;
    const struct wf_types_opts *o;
    wf_issue_fn *fn;
    void *arg;
    struct arena *a;
    struct wft_matrix *matrix; /* one per job of wf->jobs */
    struct wft_input *inputs;
    size_t ninputs;
    int inputs_open;            /* the triggers could not be read: any input may exist */
    int has_input_triggers;     /* workflow_dispatch or workflow_call is a trigger */
    int event_inputs;           /* github.event.inputs is known: no workflow_call (whose event is
                                 * the caller's), the dispatch inputs readable */
    int has_dispatch;           /* workflow_dispatch is a trigger */
    struct wft_input *dispatch; /* its inputs (types as declared; github.event.inputs.* are
                                 * their text) */
    size_t ndispatch;
    int roots[16];        /* 1 + the property table entry of each context, 0: not looked up */
    struct wft_scope sc;  /* the expression being checked */
    size_t base;          /* offset of its text in the scalar's value */
    unsigned line0, col0; /* its `${{` (or the scalar) when an offset cannot be placed */
    const struct wf_job *no_needs_said; /* the job without needs: whose reads of needs were
                                         * reported (once per job) */
    const struct wf_job *no_needs_star; /* the same for needs.* (hygiene) */
    int hygiene;                        /* the next issue is hygiene (struct wf_issue) */
};

/* Where an issue about the whole scalar points (wft_issue's off). */
#define WFT_AT_NODE ((size_t)-1)

/* Report a problem at offset off of the current expression's text, or at the scalar
 * (WFT_AT_NODE; wf_types.c). */
void wft_issue(struct wft *t, enum wf_issue_kind kind, enum severity sev, size_t off,
               const char *fix, const char *fmt, ...) IL_PRINTF(6, 7);
/* The matrix of job j (computed on first use; wf_types.c). */
const struct wft_matrix *wft_matrix_of(struct wft *t, const struct wf_job *j);
/* Is the step visible to the current expression: has it run before (wf_types.c)? */
int wft_step_before(const struct wft *t, const struct wf_step *s);
/* The outputs job j declares: 1 and their names (a new array in t->a) when known, 0 when open
 * (a reusable workflow that is not in the repository; wf_types.c). */
int wft_job_outputs(struct wft *t, const struct wf_job *j, const char ***names, size_t *n);

/* Type-check one parsed expression in t->sc (wf_typecheck.c); its type: enum wft_kind. */
unsigned wft_check_expr(struct wft *t, const struct wfx *x);
/* Type-check an if: condition: also a boolean dispatch input tested alone ('false' is true). */
void wft_check_cond(struct wft *t, const struct wfx *x);
/* Typing a whole `${{ }}` in a string: objects and arrays print as "Object" and "Array". */
void wft_check_template(struct wft *t, const struct wfx *x);

#endif
