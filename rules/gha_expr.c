/* gha_expr.c — rules on what `${{ }}` expressions mean where they run (the type checker of
 * wf_types.h): contexts GitHub does not provide there, references to steps, jobs, matrix keys,
 * inputs and outputs that do not exist, type errors, and if: conditions that are always true. */
#include <stdlib.h>
#include <string.h>

#include "infralint/rule.h"
#include "infralint/util.h"
#include "infralint/wf_types.h"
#include "rules.h"

/* The outputs of an action, from its metadata. None is known yet: every action's outputs are
 * open. Action metadata (a data file of the most-used actions) plugs in here, so that
 * steps.<id>.outputs.<name> of a uses: step is checked against what the action declares. */
static int action_outputs(const char *uses, const char *const **names, size_t *n, void *arg)
{
    (void)uses;
    (void)arg;
    *names = NULL;
    *n = 0;
    return 0;
}

/* An issue kept until the whole workflow is checked: the same undefined reference with the same
 * message (in one job, or one the workflow declares for all: `inputs.platform` misspelt) is one
 * finding, its other places related locations (one root cause, one finding). */
struct pending {
    struct wf_issue is;
    char *msg, *fix;
    int done;
};

struct sink {
    struct pending *v;
    size_t n, alloc;
    int pedantic; /* keep hygiene issues */
};

static void keep(const struct wf_issue *is, void *arg)
{
    struct sink *s = arg;
    if (is->hygiene && !s->pedantic)
        return;
    ALLOC_GROW(s->v, s->n + 1, s->alloc);
    struct pending *p = &s->v[s->n++];
    p->is = *is;
    p->msg = xstrdup(is->msg);
    p->fix = is->fix ? xstrdup(is->fix) : NULL;
    p->done = 0;
}

static int same_job(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The four rules share one analysis: the first of them that is enabled runs it for all that
 * are enabled, in the order of the table below. */
static const struct {
    const char *id;
    unsigned kind;
} shared[] = {
    {"gha/context-availability", WFI_AVAILABILITY},
    {"gha/undefined-reference", WFI_UNDEFINED},
    {"gha/expression-type", WFI_TYPE},
    {"gha/if-always-true", WFI_IF},
};

static size_t index_of(unsigned kind)
{
    size_t i = 0;
    while (i + 1 < ARRAY_SIZE(shared) && shared[i].kind != kind)
        i++;
    return i;
}

static const char *rule_of(unsigned kind)
{
    return shared[index_of(kind)].id;
}

/* One finding of the rule for p's kind at p's position (at the alias, naming its anchor, when
 * the scalar came through one). */
static void report(struct rule_ctx *ctx, const struct workflow *wf, const struct pending *p)
{
    const struct ynode *via = p->is.via;
    char *path = wf_node_path(wf, via ? via : p->is.node);
    struct anchor a = {wf->file,
                       via ? via->line : p->is.line,
                       via ? via->col : p->is.col,
                       !via && p->is.key_line != p->is.line ? p->is.key_line : 0,
                       p->is.job,
                       path};
    if (via && via->anchor)
        rule_report_other_sev(ctx, rule_of(p->is.kind), p->is.sev, &a, p->fix,
                              "%s (through the alias '*%s')", p->msg, via->anchor);
    else
        rule_report_other_sev(ctx, rule_of(p->is.kind), p->is.sev, &a, p->fix, "%s", p->msg);
    free(path);
    if (via && via->target) {
        struct anchor def = {wf->file, via->target->line, via->target->col, 0, p->is.job, NULL};
        rule_related(ctx, &def, "the anchor '&%s' is defined here", via->anchor);
    }
}

static void run(struct rule_ctx *ctx, const struct subject *subj, size_t self)
{
    const struct workflow *wf = subj->wf;
    unsigned kinds = 0;
    for (size_t i = 0; i < ARRAY_SIZE(shared); i++) {
        if (i < self && rule_enabled(ctx, shared[i].id))
            return; /* an earlier rule runs the analysis */
        if (i >= self)
            kinds |= shared[i].kind; /* findings of a disabled rule are dropped when reported */
    }
    struct sink s = {NULL, 0, 0, rule_persona(ctx) >= PERSONA_PEDANTIC};
    struct wf_types_opts o = {kinds, action_outputs, NULL};
    wf_types_check(wf, &o, keep, &s);
    int on[ARRAY_SIZE(shared)] = {0}; /* 1 enabled, -1 disabled, 0 not asked yet */
    for (size_t i = 0; i < s.n; i++) {
        struct pending *p = &s.v[i];
        size_t r = index_of(p->is.kind);
        if (!on[r])
            on[r] = r == self || rule_enabled(ctx, shared[r].id) ? 1 : -1;
        if (p->done || on[r] < 0)
            continue;
        report(ctx, wf, p);
        for (size_t k = i + 1; p->is.kind == WFI_UNDEFINED && k < s.n; k++) {
            struct pending *q = &s.v[k];
            if (q->done || q->is.kind != p->is.kind || q->is.sev != p->is.sev ||
                strcmp(q->msg, p->msg))
                continue;
            q->done = 1;
            const struct ynode *at = q->is.via;
            struct anchor a = {
                wf->file, at ? at->line : q->is.line, at ? at->col : q->is.col, 0, q->is.job, NULL};
            if (same_job(q->is.job, p->is.job) || !q->is.job)
                rule_related(ctx, &a, "the same here");
            else
                rule_related(ctx, &a, "the same in job '%s'", q->is.job);
        }
    }
    for (size_t i = 0; i < s.n; i++) {
        free(s.v[i].msg);
        free(s.v[i].fix);
    }
    free(s.v);
}

static void check_availability(struct rule_ctx *ctx, const struct subject *subj)
{
    run(ctx, subj, 0);
}

static void check_undefined(struct rule_ctx *ctx, const struct subject *subj)
{
    run(ctx, subj, 1);
}

static void check_types(struct rule_ctx *ctx, const struct subject *subj)
{
    run(ctx, subj, 2);
}

static void check_if(struct rule_ctx *ctx, const struct subject *subj)
{
    run(ctx, subj, 3);
}

const struct rule gha_expr_rules[] = {
    {
        .id = "gha/context-availability",
        .title = "Expressions use only the contexts and functions GitHub provides where they run",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint expression (context availability)",
        .check = check_availability,
        .help = "GitHub evaluates each workflow key at its own moment, and only the contexts "
                "that exist then can be read: a job's `if:` runs before the job (no `steps`, "
                "`matrix`, `env`, `secrets`), a step's `if:` cannot read `secrets`, the `with:` "
                "of a reusable-workflow call cannot read `secrets` (they go under `secrets:`), a "
                "job's `env:` cannot read `env`, `run-name` sees only `github`, `inputs` and "
                "`vars`. The status functions (`success()`, `always()`, `cancelled()`, "
                "`failure()`) work in `if:` only and `hashFiles()` in steps only. GitHub rejects "
                "such a workflow when it is pushed (\"Unrecognized named-value\"). The table is "
                "GitHub's context availability table, checked against its workflow schema.\n\n"
                "Fix: move the expression where the context exists (a step's `env:` can read a "
                "secret, and its `if:` can then test `env.X`), or read something that is "
                "available there (`vars.X`, `needs.<job>.outputs`, `job.status`).",
    },
    {
        .id = "gha/undefined-reference",
        .title = "Steps, jobs, matrix keys, inputs and outputs that expressions read exist",
        .severity = SEV_ERROR,
        .severity_note = "error; warning for an unknown property of runner, job or strategy, "
                         "and for needs read in a job without needs:",
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint expression (undefined steps, needs, matrix keys, inputs, outputs)",
        .check = check_undefined,
        .help = "A reference to something that is not there is not an error for GitHub: it is "
                "null, so the value is an empty string and a condition on it is false. That "
                "hides real bugs: `steps.build.outputs.tag` where no step with `id: build` runs "
                "before (the release gets an empty name), `needs.build.outputs.x` in a job that "
                "does not list `build` in `needs:` or whose job `build` declares no output `x`, "
                "`matrix.module` in a job whose matrix has no key `module` (including "
                "`include:` rows) or that has no matrix at all, `inputs.version` that neither "
                "`workflow_dispatch` nor `workflow_call` declares (and "
                "`github.event.inputs.version` that `workflow_dispatch` does not), "
                "`jobs.build.outputs.x` in a reusable workflow's outputs, `steps.x.output` (a "
                "step has `outputs`, `outcome` and `conclusion`), `github.context` (a property "
                "GitHub does not have; a near miss such as `github.evnt_name` is "
                "gha/unknown-name's, which names the intended one). Names match as GitHub "
                "matches them, ignoring case. What is not known before the run is never "
                "reported: a matrix built with `fromJSON`, the outputs of `run:` steps and of "
                "actions, webhook payloads under `github.event`, `env`, `vars`, `secrets`, and "
                "reusable workflows of other repositories. The same reference read several "
                "times (in a job, or, with the same message, in several jobs: a misspelt input) "
                "is one finding, the other places are related locations. "
                "A `needs.<job>` reference in a job that has no `needs:` at all, in a workflow "
                "of several jobs, is a warning once per job: the job waits for none, and runs "
                "alongside the job it reads. `needs.*` there (`always() && "
                "!contains(needs.*.result, 'failure')` copied from its siblings always passes) "
                "is the same warning from `--persona pedantic` on: a guard that does nothing, "
                "usually on a job meant to start first.\n\n"
                "Fix: correct the name (the message suggests the nearest one), give the step "
                "its `id:`, add the job to `needs:`, declare the output or the input, or add the "
                "key to the matrix.",
    },
    {
        .id = "gha/expression-type",
        .title = "Expressions call functions GitHub has, with the arguments they take, and "
                 "compare values that can be equal",
        .severity = SEV_ERROR,
        .severity_note = "error; warning for suspicious arguments and unused format() values",
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint expression (function calls, types, format, fromJSON)",
        .check = check_types,
        .help =
            "Type errors in expressions either stop the workflow or give a value that is "
            "certainly wrong. GitHub rejects a workflow that calls an unknown function or "
            "gives one the wrong number of arguments, and an `if:` that does not parse. The "
            "run fails when `format()` refers to `{2}` with only two values or has a stray "
            "brace, when `fromJSON()` gets a literal that is not JSON, and when a `case()` "
            "condition is not a boolean. Comparisons are loose: mismatched types are "
            "compared as numbers, so `inputs.dry-run == 'true'` (a boolean input against a "
            "string) is always false, as are `github.event.inputs.dry-run == true` (that "
            "one is the text 'true' or 'false') and an object or array compared with a "
            "string or a number. An object or an array written into text becomes the word "
            "`Object` or `Array`, and reading a property of a string gives nothing. Warnings: an "
            "object or array passed to `startsWith`, `endsWith`, `hashFiles` or as "
            "`contains`' item (never converted to a string, so the result is false), and a "
            "`format()` argument the string never uses.\n\n"
            "Fix: as the message says: compare a boolean with `true`, not `'true'`; "
            "`toJSON()` an object you want printed; give `format()` one value per `{N}`.",
    },
    {
        .id = "gha/if-always-true",
        .title = "An if: condition is the expression's value, not a string around it",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint if-cond",
        .check = check_if,
        .help = "When an `if:` holds `${{ }}` with anything around it — `if: ${{ a }} && b`, "
                "`if: ${{ a }} || ${{ b }}`, or the line break a `|` block keeps after `}}` — "
                "GitHub builds a string from the pieces, and a non-empty string is true: the "
                "job or step always runs, whatever the expression says. The same happens on "
                "every manual run with `if: github.event.inputs.deploy` for a boolean "
                "`workflow_dispatch` input: that value is the text 'true' or 'false', and both "
                "are non-empty (`!github.event.inputs.deploy` is always false).\n\n"
                "Fix: put the whole condition inside one `${{ }}`, or write it without `${{ }}` "
                "(an `if:` is an expression already); end a block with `|-` or `>-`; test "
                "`inputs.deploy`, which is a boolean.",
    },
    {0},
};
