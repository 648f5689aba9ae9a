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

/* `on:` in an action: a reusable workflow's triggers (and inputs under `on.workflow_call`) written
 * into an action's metadata. The runner ignores the key, so inputs declared there are not the
 * action's: every caller's `with:` draws "Unexpected input(s)" warnings (the values are still
 * passed), and their defaults never apply. */
static void action_on(struct rule_ctx *ctx, const struct workflow *wf, struct yref key)
{
    struct yref in = yref_get(yref_get(yref_get(wf->root, "on"), "workflow_call"), "inputs");
    if (yref_is_map(in) && !yref_key(wf->root, "inputs").n) {
        size_t n = in.n->npairs;
        gha_report_pos(ctx, SEV_WARNING, wf, yref_line(key), yref_col(key), 0, key.via, NULL, NULL,
                       "move the inputs to a top-level 'inputs:' (an action has no 'on:')",
                       "'on' is not a key of an action's metadata (it is a workflow's): the %zu "
                       "input%s under 'on.workflow_call.inputs' %s not the action's, so every "
                       "call warns 'Unexpected input(s)' (the values are still passed) and %s "
                       "never appl%s",
                       n, n == 1 ? "" : "s", n == 1 ? "is" : "are",
                       n == 1 ? "its default" : "their defaults", n == 1 ? "ies" : "y");
        return;
    }
    gha_report(ctx, wf, key, NULL, NULL, "remove it: an action runs when a step uses it",
               "'on' is not a key of an action's metadata (it is a workflow's): GitHub ignores "
               "it");
}

/* An unknown key at the top of an action's metadata: the runner skips keys it does not know
 * (it reads name, description, inputs, outputs and runs), so the action still runs, without
 * what the key was meant to do: a warning, unlike an unknown key of a workflow. */
static void unknown_top_key(struct rule_ctx *ctx, const struct workflow *wf, struct yref k)
{
    const char *ks = yref_str(k);
    const char *near = gha_suggest(ks, N(action_keys));
    char *fix = near ? xstrfmt("rename it to '%s'", near)
                     : xstrdup("remove it: an action's metadata has name, author, description, "
                               "inputs, outputs, runs and branding");
    gha_report_pos(ctx, SEV_WARNING, wf, yref_line(k), yref_col(k), 0, k.via, NULL, NULL, fix,
                   "unknown key '%s' at the top of the action%s%s%s: GitHub ignores it, so it "
                   "has no effect",
                   ks, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    free(fix);
}

void gha_action_syntax(struct rule_ctx *ctx, const struct workflow *wf)
{
    const struct wf_action *a = &wf->action;
    struct yref on = yref_key(wf->root, "on");
    if (on.n)
        action_on(ctx, wf, on);
    for (size_t i = 0; yref_is_map(wf->root) && i < wf->root.n->npairs; i++) {
        struct yref k = yref_pair_key(wf->root, i);
        const char *ks = yref_str(k);
        int known = ks && !strcmp(ks, "on");
        for (size_t j = 0; ks && j < ARRAY_SIZE(action_keys) && !known; j++)
            known = !strcmp(ks, action_keys[j]);
        if (ks && strcmp(ks, "<<") && !known)
            unknown_top_key(ctx, wf, k);
    }
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
