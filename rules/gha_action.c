/* gha_action.c — an action's metadata file (action.yml) as GitHub reads it: the keys it may have,
 * `runs.using`, and a composite action's steps (gha/syntax). The step-level rules read a composite
 * action's steps through the same model as a job's (workflow.h: one job "runs"). */
#include <stdlib.h>
#include <string.h>

#include "gha_util.h"
#include "infralint/util.h"

#define N(a) (a), ARRAY_SIZE(a)

static const char *const action_keys[] = {"name",    "author", "description", "inputs",
                                          "outputs", "runs",   "branding"};
static const char *const composite_keys[] = {"using", "steps"};
static const char *const node_keys[] = {"using", "main", "pre", "post", "pre-if", "post-if"};
static const char *const docker_keys[] = {"using",      "image",          "env",
                                          "entrypoint", "pre-entrypoint", "post-entrypoint",
                                          "args",       "pre-if",         "post-if"};
/* A composite action's step: a job step without timeout-minutes and the control keys. */
static const char *const step_keys[] = {"id",
                                        "if",
                                        "name",
                                        "uses",
                                        "run",
                                        "shell",
                                        "with",
                                        "env",
                                        "continue-on-error",
                                        "working-directory"};

static void composite_step(struct rule_ctx *ctx, const struct workflow *wf,
                           const struct wf_step *st)
{
    char *path = xstrfmt("runs.steps[%zu]", st->index);
    gha_check_keys(ctx, wf, st->node, "in a composite action's step", "runs", N(step_keys));
    struct yref uses = yref_key(st->node, "uses"), run = yref_key(st->node, "run");
    if (uses.n && run.n) {
        struct yref later = uses.n->line > run.n->line ? uses : run;
        gha_report(ctx, wf, later, "runs", NULL, "split it into two steps",
                   "a step has either 'uses' or 'run', not both");
    } else if (!uses.n && !run.n) {
        gha_report(ctx, wf, st->node, "runs", path, "add 'run:' (a command) or 'uses:' (an action)",
                   "step %zu of the composite action has neither 'run' nor 'uses': it does nothing",
                   st->index + 1);
    } else if (run.n && !st->shell.n) {
        gha_report(ctx, wf, run, "runs", NULL, "add 'shell: bash' (or the shell the script is for)",
                   "a 'run' step of a composite action needs 'shell:': GitHub rejects the action "
                   "without it");
    }
    const char *u = st->uses;
    if (u && !wf_uses_local(u) && !starts_with(u, "docker://") && !strchr(u, '@') &&
        !wf_has_expr(u)) {
        char *fix = xstrfmt("add a ref: '%s@<commit SHA>' (or a tag)", u);
        gha_report(ctx, wf, st->uses_at, "runs", NULL, fix,
                   "action '%s' has no '@ref': GitHub needs a tag, branch or commit", u);
        free(fix);
    }
    free(path);
}

void gha_action_syntax(struct rule_ctx *ctx, const struct workflow *wf)
{
    const struct wf_action *a = &wf->action;
    gha_check_keys(ctx, wf, wf->root, "at the top of the action", NULL, N(action_keys));
    if (!yref_is_map(a->runs)) {
        gha_report(ctx, wf, a->runs.n ? a->runs : a->runs_key, NULL, NULL,
                   "write 'runs:' as a map with 'using:' (composite, node20, docker)",
                   "'runs' must be a map that says how the action runs");
        return;
    }
    if (!a->using) {
        gha_report(ctx, wf, a->runs_key, NULL, NULL, "add 'using: composite' (or node20, docker)",
                   "the action's 'runs' has no 'using': GitHub cannot run it");
        return;
    }
    if (a->composite) {
        gha_check_keys(ctx, wf, a->runs, "in 'runs' of a composite action", NULL,
                       N(composite_keys));
        struct yref steps = yref_get(a->runs, "steps");
        if (!yref_is_seq(steps)) {
            gha_report(ctx, wf, steps.n ? steps : a->runs_key, NULL, NULL,
                       "add 'steps:', a list of 'run:' and 'uses:' steps",
                       "a composite action needs 'steps:', a list of steps");
            return;
        }
        for (size_t i = 0; i < steps.n->nitems; i++)
            if (!yref_is_map(yref_item(steps, i)))
                gha_report(ctx, wf, yref_item(steps, i), "runs", NULL,
                           "write the step as a map with 'run:' or 'uses:'",
                           "step %zu of the composite action must be a map, not %s", i + 1,
                           ynode_type_name(yref_item(steps, i).n));
        for (size_t i = 0; i < wf->njobs && i < 1; i++)
            for (size_t k = 0; k < wf->jobs[0].nsteps; k++)
                composite_step(ctx, wf, &wf->jobs[0].steps[k]);
    } else if (starts_with(a->using, "node")) {
        gha_check_keys(ctx, wf, a->runs, "in 'runs' of a JavaScript action", NULL, N(node_keys));
    } else if (!strcmp(a->using, "docker")) {
        gha_check_keys(ctx, wf, a->runs, "in 'runs' of a Docker action", NULL, N(docker_keys));
    }
}
