/* wf_types.h — the type checker of GitHub Actions expressions. It walks a workflow's keys the way
 * GitHub evaluates them, knows for every `${{ }}` (and every bare `if:`) which contexts and
 * special functions GitHub provides there, what those contexts hold (the steps that ran before
 * it, the jobs its job needs, its job's matrix, the workflow's inputs, the outputs jobs declare)
 * and the type of every sub-expression, and hands each problem to a callback. Objects whose
 * shape GitHub does not fix (webhook payloads, fromJSON results, env, vars, secrets, the outputs
 * of run: steps and of actions without metadata) are open: reading any property of them is
 * fine. The checker allocates nothing that outlives wf_types_check(); strings an issue carries
 * are borrowed for the callback only. */
#ifndef INFRALINT_WF_TYPES_H
#define INFRALINT_WF_TYPES_H

#include <stddef.h>

#include "finding.h"
#include "workflow.h"

/* Kinds of problems (bit set: the issues a caller wants). */
enum wf_issue_kind {
    WFI_AVAILABILITY = 1u << 0, /* a context or special function GitHub does not provide there */
    WFI_UNDEFINED = 1u << 1,    /* a step, job, matrix key, input, output or property that is
                                 * not defined where the expression runs: the value is null */
    WFI_TYPE = 1u << 2,         /* functions, arities, argument and operand types, format() */
    WFI_IF = 1u << 3            /* an if: that is always true (text around ${{ }}) */
};

struct wf_issue {
    enum wf_issue_kind kind;
    enum severity sev;
    const struct ynode *node; /* the scalar the expression is in */
    const struct ynode *via;  /* the alias the scalar was reached through, or NULL */
    unsigned line, col;       /* the offending sub-expression (inside block scalars too) */
    unsigned key_line;        /* the line of the scalar's key: an inline ignore may stand there */
    const char *job;          /* the job id, or NULL at workflow level */
    const char *msg;          /* what goes wrong at run time */
    const char *fix;          /* how to fix it */
    int hygiene;              /* harmless as written (a copied guard): for the pedantic persona */
};

typedef void wf_issue_fn(const struct wf_issue *is, void *arg);

/* The outputs an action (`uses:` as written) declares: 1 and the names when they are known, 0
 * when not (then steps.<id>.outputs.* of that step is open). */
typedef int wf_action_outputs_fn(const char *uses, const char *const **names, size_t *n, void *arg);

struct wf_types_opts {
    unsigned kinds;                       /* enum wf_issue_kind bits wanted */
    wf_action_outputs_fn *action_outputs; /* NULL: every action's outputs are open */
    void *action_arg;
};

/* Check every expression of wf; fn is called once per problem, in walking order. */
void wf_types_check(const struct workflow *wf, const struct wf_types_opts *o, wf_issue_fn *fn,
                    void *arg);

#endif
