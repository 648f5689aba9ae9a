/* gha_util.h — what the gha/ rules share: reporting at YAML nodes (aliases named), the
 * questions RULES.md defines once (does a job deploy, and where to; does it run tests; can a
 * trigger reach it), shell commands of `run:` scripts, and evaluating `if:` conditions for one
 * kind of event. */
#ifndef INFRALINT_GHA_UTIL_H
#define INFRALINT_GHA_UTIL_H

#include <stddef.h>

#include "infralint/rule.h"
#include "infralint/strbuf.h"
#include "infralint/workflow.h"

/* ---- reporting ---- */

/* Report at node `at` (its alias when reached through one: the message then names the anchor and
 * a related location shows where it is defined). location: the job id or NULL; path: the
 * attribute path ("jobs.deploy.steps[2].run") or NULL. */
void gha_report(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                const char *location, const char *path, const char *fix, const char *fmt, ...)
    IL_PRINTF(7, 8);
/* Report at an exact position inside a scalar (an expression); line2 is another line an inline
 * ignore may stand on (the line of the scalar's key), via the alias the scalar came through;
 * sev is the rule's default for this finding, SEV_NONE for the descriptor's. */
void gha_report_pos(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                    unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                    const char *location, const char *path, const char *fix, const char *fmt, ...)
    IL_PRINTF(11, 12);
/* infralint/unverifiable at `at`. */
void gha_unverifiable(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                      const char *location, const char *fix, const char *fmt, ...) IL_PRINTF(6, 7);
/* Does a workflow of the same repository call wf (`uses: ./…` resolved to it)? */
int gha_called_locally(const struct workflow *wf);
/* "jobs.<id>[.steps[i]][.tail]" (new string). */
char *gha_path(const struct wf_job *j, const struct wf_step *s, const char *tail);
/* The name nearest to s in names (case differences first), or NULL. */
const char *gha_suggest(const char *s, const char *const *names, size_t n);

/* Jobs of one workflow that share the cause of a finding: one finding per rule, workflow and
 * cause names them all (the first few, then a count), the others as related locations. key
 * tells causes apart ("production", "production/push"); it is borrowed. */
struct gha_job_at {
    const struct wf_job *j;
    unsigned line, col;
    const char *key;
    int done;
};
struct gha_jobs {
    struct gha_job_at *v;
    size_t n, alloc;
};
/* Add job j, reported at node at, with cause key. */
void gha_jobs_add(struct gha_jobs *s, const struct wf_job *j, struct yref at, const char *key);
/* Add job j, reported at line:col, with cause key. */
void gha_jobs_add_pos(struct gha_jobs *s, const struct wf_job *j, unsigned line, unsigned col,
                      const char *key);
/* Move the jobs of the next cause not yet taken into group (emptied first); 0 when none is left. */
int gha_jobs_next(struct gha_jobs *s, struct gha_jobs *group);
/* "'a'", "'a', 'b'", "'a', 'b', 'c' and 20 more" into sb. */
void gha_jobs_names(const struct gha_jobs *s, struct strbuf *sb);
/* Related locations for the finding reported last: every job of s after the first, "what
 * (job 'x')". */
void gha_jobs_related(struct rule_ctx *ctx, const struct workflow *wf, const struct gha_jobs *s,
                      const char *what);
/* Free what s holds. */
void gha_jobs_release(struct gha_jobs *s);

/* Report key as unknown "<where>" (the nearest of names as a suggestion). */
void gha_unknown_key(struct rule_ctx *ctx, const struct workflow *wf, struct yref key,
                     const char *where, const char *loc, const char *const *names, size_t n);
/* Report every key of map that is not in names ("unknown key 'x' <where>", with the nearest name
 * as a suggestion); `<<` is left to the alias checks. */
void gha_check_keys(struct rule_ctx *ctx, const struct workflow *wf, struct yref map,
                    const char *where, const char *loc, const char *const *names, size_t n);
/* gha/syntax for an action's metadata (action.yml): its keys, `runs.using`, and for a
 * composite action its steps (keys, `run` xor `uses`, the `shell` a run step needs). */
void gha_action_syntax(struct rule_ctx *ctx, const struct workflow *wf);

/* ---- actions and commands ---- */

/* Does `uses:` name the action owner/repo[/path] (any ref, case-insensitive)? */
int gha_uses_is(const char *uses, const char *name);
/* Call fn for every simple command of a shell script (words split as a shell would, quotes
 * removed, `${{ … }}` kept whole; wrappers such as sudo, env VAR=x, uv run, npx, python -m
 * dropped from the front). */
void gha_commands(const char *script, void (*fn)(char *const *w, size_t n, void *arg), void *arg);
/* Does command w match pattern pat ("go test", "npm run test*": the program's base name, then
 * each further pattern word, in order, among the command's non-option words)? */
int gha_command_matches(const char *pat, char *const *w, size_t n);

/* Is `uses:` an action that only sets up the job (checkout, toolchains, caches, artifacts):
 * it writes nothing outside the runner and requests no token? */
int gha_action_is_setup(const char *uses);
/* Does command w work on the runner only (echo, jq, tar, go build, git fetch, …)? */
int gha_command_is_local(char *const *w, size_t n);
/* Does command w only read: a local command, a download (curl, wget), an AWS, Azure or Google
 * Cloud CLI call that gets, describes or lists, `kubectl get`, `helm diff`, a dry run, or a
 * Terraform init, validate or plan? */
int gha_command_reads_only(char *const *w, size_t n);
/* Does command w test or check rather than release: a script or target named like a test, check,
 * plan or upkeep (`yarn smoke:ci`, `make lint`, `scripts/renew-certs.sh`), or a program's
 * subcommand named so (`newrelic-admin validate-config`, `npm test`)? */
int gha_command_checks(char *const *w, size_t n);
/* Is `uses:` an action named like a test, check, set-up or notification, and not like a release
 * (`./.github/actions/post-deploy-smoke-test`, `./.github/actions/setup-project`,
 * `org/actions/send-to-teams-channel`)? */
int gha_action_checks(const char *uses);

/* Does command w run a script file, a make/just/task target or an npm/yarn script one of whose
 * name parts (split at - _ . : /) is word: `bash scripts/terraform-apply.sh`, `make
 * release-deploy`, `npm run deploy:prod`? */
int gha_script_named(char *const *w, size_t n, const char *word);
/* gha_script_named for any of words[0..nw) (the command is classified once). */
int gha_script_named_any(char *const *w, size_t n, const char *const *words, size_t nw);

/* ---- what jobs do ---- */

/* Does the step run tests (a `run:` command matching the rule's `test_commands` option)? */
int gha_step_runs_tests(struct rule_ctx *ctx, const struct wf_step *s);
/* Does the job run tests: a step that does, an id or name matching `test_jobs`, or a local
 * reusable workflow with a job that does. */
int gha_job_runs_tests(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j);

/* Does the job use the repository's code (actions/checkout, git clone, a local action, a script
 * by relative path, a make target, or a reusable workflow that does)? A deploy that never does
 * ships something built elsewhere. */
int gha_job_checks_out(const struct wf_job *j);
/* Does the job run a Terraform plan (`terraform|tofu|terragrunt … plan`, a script or target named
 * like plan, a plan action, or a reusable workflow that does)? */
int gha_job_plans(const struct wf_job *j);

#define ENV_BIT(c) (1u << (c))

struct gha_deploy {
    unsigned classes;     /* ENV_BIT(ENV_PROD) | …: the environments it may deploy to */
    int has_environment;  /* the job (or its callee) has an `environment:` */
    unsigned env_classes; /* the classes its `environment:` names (here or in the callee) */
    const char *target;   /* the name that decided the highest class */
    struct yref at;       /* where that name is written */
    const struct wf_job *callee_job; /* the deploying job of a local reusable workflow, or NULL */
    int acts; /* a step runs a deploy (action, command, script or target), whatever its target */
    int terraform; /* the deploy is a Terraform apply (or a script or target named like apply) */
};

/* Where job j deploys: where its deploy commands, actions, scripts and targets say (their
 * arguments, env:, the Terraform workspace), else where its `environment:` says unless every
 * step only reads; local reusable workflows followed with the job's `with:`. With
 * notes, says infralint/unverifiable where the target is set at run time (one rule does, so that
 * it is said once). */
void gha_job_deploy(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                    int notes, struct gha_deploy *out);
/* 1 when a deploy reaches staging or production. */
int gha_deploys(const struct gha_deploy *d);
/* Is wf only a reusable workflow (its one trigger is workflow_call)? Its callers are checked. */
int gha_only_called(const struct workflow *wf);
/* The permissions in effect for job j: its own, else the workflow's, else NULL (the repository
 * default). */
const struct wf_perms *gha_job_perms(const struct workflow *wf, const struct wf_job *j);

/* ---- where a value comes from ---- */

/* Follows the references of an expression back to the contexts they come from: through env.X
 * (the step's, job's or workflow's env:), steps.<id>.outputs.<o> (the lines of that step's
 * script that write o to $GITHUB_OUTPUT, and the shell variables they use) and
 * needs.<job>.outputs.<o> (that job's outputs:). judge() rates every context reached (0:
 * harmless); the worst one is kept, with the first reference that led to it. */
struct gha_trace {
    const struct workflow *wf;
    struct arena *a; /* parsed expressions, copies */
    int values_only; /* only references whose value becomes the expression's (wfx_value_refs) */
    int (*judge)(const char *path, void *arg);
    void *arg;
    int level;                 /* the worst rating met */
    const char *found;         /* the context rated so */
    const char *via;           /* the env var, step id or job id it came through, or NULL */
    const char *via_ref;       /* that reference ("env.X", "steps.s.outputs.o"), or NULL */
    const char *hop, *hop_ref; /* (while tracing) */
};

/* Trace a parsed expression read in job j, step st (either may be NULL). */
void gha_trace_expr(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                    const struct wfx *x);
/* Trace every `${{ }}` of a scalar. */
void gha_trace_scalar(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                      const char *s);

/* ---- events and conditions ---- */

enum tri { TRI_FALSE = 0, TRI_TRUE, TRI_UNKNOWN };
enum gha_ref { GREF_UNKNOWN = 0, GREF_BRANCH, GREF_TAG, GREF_PR };

/* One kind of run a trigger starts: the event, and what is known of github.ref. */
struct gha_scene {
    const char *event;
    enum gha_ref ref;
    const char *branch;        /* GREF_BRANCH: the branch name, or NULL when any of a kind */
    int main_branch;           /* GREF_BRANCH without a name: 1 the main branch, 0 another */
    const char *wr_conclusion; /* github.event.workflow_run.conclusion, or NULL (unknown) */
    const char *const *mains;  /* names of the main branch (option main_branches) */
    size_t nmains;
    char full_ref[160]; /* "refs/heads/<branch>" when the branch is known */
};

/* The scenes trigger t can start (at most cap); count returned. */
size_t gha_trigger_scenes(const struct wf_trigger *t, const char *const *mains, size_t nmains,
                          struct gha_scene *out, size_t cap);
/* Is a push trigger for tags only (tags/tags-ignore and no branch filter)? */
int gha_push_tags_only(const struct wf_trigger *t);
/* Evaluate an `if:` (its value and parsed form) in a scene (TRI_UNKNOWN when it depends on
 * anything else). */
enum tri gha_eval_if(struct yref if_, const struct wfx *x, const struct gha_scene *sc);
/* Which jobs can run in scene sc (their `if:` and that of every job they need is not false
 * there): out[i] for wf->jobs[i], njobs bytes the caller provides. Linear in jobs and needs. */
void gha_reachable_jobs(const struct workflow *wf, const struct gha_scene *sc, unsigned char *out);

#endif
