/* wf_types_data.h — data: what GitHub Actions expressions can read, as the expression type
 * checker (wf_types.c, wf_typecheck.c) knows it: the contexts and their properties with types,
 * the functions with their arities, and where in a workflow each context and special function
 * is available. Included by those two files only.
 *
 * Sources (compare with them, then update the date below):
 *   contexts, properties, types, context availability
 *       https://docs.github.com/en/actions/reference/workflows-and-actions/contexts
 *       and GitHub's workflow schema, src/Sdk/WorkflowParser/workflow-v1.0.json of
 *       https://github.com/actions/runner (the "context" list of each definition)
 *   functions and their arities
 *       https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 *       and src/Sdk/Expressions/ExpressionConstants.cs of https://github.com/actions/runner
 * Where the two disagree on availability, a context is taken as available when either source
 * says so (a finding must never be GitHub's own behaviour): the schema leaves `needs`, `strategy`
 * and `matrix` out of container and service credentials, the documentation lists them.
 * `runner.workspace` is undocumented but kept by GitHub for compatibility. */
#ifndef INFRALINT_WF_TYPES_DATA_H
#define INFRALINT_WF_TYPES_DATA_H

/* The day the tables were last compared with the sources. */
#define WF_TYPES_CHECKED "2026-12-07"

/* ---- contexts: one bit each ---- */

enum wfc_ctx {
    WFC_GITHUB = 1u << 0,
    WFC_ENV = 1u << 1,
    WFC_VARS = 1u << 2,
    WFC_JOB = 1u << 3,
    WFC_JOBS = 1u << 4,
    WFC_STEPS = 1u << 5,
    WFC_RUNNER = 1u << 6,
    WFC_SECRETS = 1u << 7,
    WFC_STRATEGY = 1u << 8,
    WFC_MATRIX = 1u << 9,
    WFC_NEEDS = 1u << 10,
    WFC_INPUTS = 1u << 11
};

/* Context names in the order GitHub's documentation lists them, with their bits. */
static const struct wfc_name {
    const char *name;
    unsigned bit;
} wfc_names[] = {
    {"github", WFC_GITHUB}, {"env", WFC_ENV},         {"vars", WFC_VARS},
    {"job", WFC_JOB},       {"jobs", WFC_JOBS},       {"steps", WFC_STEPS},
    {"runner", WFC_RUNNER}, {"secrets", WFC_SECRETS}, {"strategy", WFC_STRATEGY},
    {"matrix", WFC_MATRIX}, {"needs", WFC_NEEDS},     {"inputs", WFC_INPUTS},
};

/* ---- special functions: one bit each ---- */

enum wfc_fn {
    WFF_ALWAYS = 1u << 0,
    WFF_CANCELLED = 1u << 1,
    WFF_SUCCESS = 1u << 2,
    WFF_FAILURE = 1u << 3,
    WFF_HASHFILES = 1u << 4,
    WFF_JOB_STATUS = 1u << 5 /* success()/failure() take job ids (a job's if: only) */
};

#define WFF_STATUS (WFF_ALWAYS | WFF_CANCELLED | WFF_SUCCESS | WFF_FAILURE)

/* ---- where expressions run (GitHub's context availability table) ---- */

enum wfc_key {
    WFK_RUN_NAME,
    WFK_CONCURRENCY,
    WFK_ENV,
    WFK_CALL_INPUT_DEFAULT,
    WFK_CALL_OUTPUT_VALUE,
    WFK_JOB_CONCURRENCY,
    WFK_JOB_CONTAINER,
    WFK_JOB_CONTAINER_CREDENTIALS,
    WFK_JOB_CONTAINER_ENV,
    WFK_JOB_CONTINUE_ON_ERROR,
    WFK_JOB_DEFAULTS_RUN,
    WFK_JOB_ENV,
    WFK_JOB_ENVIRONMENT,
    WFK_JOB_ENVIRONMENT_URL,
    WFK_JOB_IF,
    WFK_JOB_NAME,
    WFK_JOB_OUTPUTS,
    WFK_JOB_RUNS_ON,
    WFK_JOB_SECRETS,
    WFK_JOB_SERVICES,
    WFK_JOB_SERVICES_CREDENTIALS,
    WFK_JOB_SERVICES_ENV,
    WFK_JOB_SNAPSHOT,
    WFK_JOB_SNAPSHOT_IF,
    WFK_STEP_CONTINUE_ON_ERROR,
    WFK_STEP_ENV,
    WFK_STEP_IF,
    WFK_STEP_NAME,
    WFK_STEP_RUN,
    WFK_STEP_TIMEOUT,
    WFK_STEP_WITH,
    WFK_STEP_WORKING_DIRECTORY,
    WFK_JOB_STRATEGY,
    WFK_JOB_TIMEOUT,
    WFK_JOB_WITH,
    WFK_STEP_ID, /* keys GitHub evaluates no expression in: a context there is an error */
    WFK_STEP_SHELL,
    WFK_JOB_NEEDS,
    WFK_DEFAULTS_RUN,
    WFK_COUNT
};

#define WFC_STEP_ALL                                                                               \
    (WFC_GITHUB | WFC_NEEDS | WFC_STRATEGY | WFC_MATRIX | WFC_JOB | WFC_RUNNER | WFC_ENV |         \
     WFC_VARS | WFC_SECRETS | WFC_STEPS | WFC_INPUTS)
#define WFC_JOB_BASE (WFC_GITHUB | WFC_NEEDS | WFC_STRATEGY | WFC_MATRIX | WFC_VARS | WFC_INPUTS)

static const struct wfc_where {
    const char *key;   /* the workflow key as GitHub's table names it */
    const char *human; /* how a message names the place */
    unsigned contexts; /* enum wfc_ctx bits */
    unsigned funcs;    /* enum wfc_fn bits */
} wfc_where[WFK_COUNT] = {
    [WFK_RUN_NAME] = {"run-name", "run-name", WFC_GITHUB | WFC_INPUTS | WFC_VARS, 0},
    [WFK_CONCURRENCY] = {"concurrency", "the workflow's concurrency",
                         WFC_GITHUB | WFC_INPUTS | WFC_VARS, 0},
    [WFK_ENV] = {"env", "the workflow's env", WFC_GITHUB | WFC_SECRETS | WFC_INPUTS | WFC_VARS, 0},
    [WFK_CALL_INPUT_DEFAULT] = {"on.workflow_call.inputs.<inputs_id>.default",
                                "a workflow_call input's default",
                                WFC_GITHUB | WFC_INPUTS | WFC_VARS, 0},
    [WFK_CALL_OUTPUT_VALUE] = {"on.workflow_call.outputs.<output_id>.value",
                               "a workflow_call output's value",
                               WFC_GITHUB | WFC_JOBS | WFC_VARS | WFC_INPUTS, 0},
    [WFK_JOB_CONCURRENCY] = {"jobs.<job_id>.concurrency", "a job's concurrency", WFC_JOB_BASE, 0},
    [WFK_JOB_CONTAINER] = {"jobs.<job_id>.container", "a job's container", WFC_JOB_BASE, 0},
    [WFK_JOB_CONTAINER_CREDENTIALS] = {"jobs.<job_id>.container.credentials",
                                       "a job's container credentials",
                                       WFC_JOB_BASE | WFC_ENV | WFC_SECRETS, 0},
    [WFK_JOB_CONTAINER_ENV] = {"jobs.<job_id>.container.env.<env_id>", "a job's container env",
                               WFC_JOB_BASE | WFC_JOB | WFC_RUNNER | WFC_ENV | WFC_SECRETS, 0},
    [WFK_JOB_CONTINUE_ON_ERROR] = {"jobs.<job_id>.continue-on-error", "a job's continue-on-error",
                                   WFC_JOB_BASE, 0},
    [WFK_JOB_DEFAULTS_RUN] = {"jobs.<job_id>.defaults.run", "a job's defaults.run",
                              WFC_JOB_BASE | WFC_ENV, 0},
    [WFK_JOB_ENV] = {"jobs.<job_id>.env", "a job's env", WFC_JOB_BASE | WFC_SECRETS, 0},
    [WFK_JOB_ENVIRONMENT] = {"jobs.<job_id>.environment", "a job's environment", WFC_JOB_BASE, 0},
    [WFK_JOB_ENVIRONMENT_URL] = {"jobs.<job_id>.environment.url", "a job's environment url",
                                 WFC_JOB_BASE | WFC_JOB | WFC_RUNNER | WFC_ENV | WFC_STEPS, 0},
    [WFK_JOB_IF] = {"jobs.<job_id>.if", "a job's if",
                    WFC_GITHUB | WFC_NEEDS | WFC_VARS | WFC_INPUTS, WFF_STATUS | WFF_JOB_STATUS},
    [WFK_JOB_NAME] = {"jobs.<job_id>.name", "a job's name", WFC_JOB_BASE, 0},
    [WFK_JOB_OUTPUTS] = {"jobs.<job_id>.outputs.<output_id>", "a job's outputs",
                         WFC_JOB_BASE | WFC_JOB | WFC_RUNNER | WFC_ENV | WFC_SECRETS | WFC_STEPS,
                         0},
    [WFK_JOB_RUNS_ON] = {"jobs.<job_id>.runs-on", "a job's runs-on", WFC_JOB_BASE, 0},
    [WFK_JOB_SECRETS] = {"jobs.<job_id>.secrets.<secrets_id>",
                         "the secrets of a reusable workflow call", WFC_JOB_BASE | WFC_SECRETS, 0},
    [WFK_JOB_SERVICES] = {"jobs.<job_id>.services", "a job's services", WFC_JOB_BASE, 0},
    [WFK_JOB_SERVICES_CREDENTIALS] = {"jobs.<job_id>.services.<service_id>.credentials",
                                      "a service's credentials",
                                      WFC_JOB_BASE | WFC_ENV | WFC_SECRETS, 0},
    [WFK_JOB_SERVICES_ENV] = {"jobs.<job_id>.services.<service_id>.env.<env_id>", "a service's env",
                              WFC_JOB_BASE | WFC_JOB | WFC_RUNNER | WFC_ENV | WFC_SECRETS, 0},
    [WFK_JOB_SNAPSHOT] = {"jobs.<job_id>.snapshot", "a job's snapshot", WFC_JOB_BASE, 0},
    [WFK_JOB_SNAPSHOT_IF] = {"jobs.<job_id>.snapshot.if", "a job's snapshot if",
                             WFC_JOB_BASE | WFC_STEPS | WFC_JOB | WFC_RUNNER | WFC_ENV,
                             WFF_STATUS | WFF_HASHFILES},
    [WFK_STEP_CONTINUE_ON_ERROR] = {"jobs.<job_id>.steps.continue-on-error",
                                    "a step's continue-on-error", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_ENV] = {"jobs.<job_id>.steps.env", "a step's env", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_IF] = {"jobs.<job_id>.steps.if", "a step's if", WFC_STEP_ALL & ~WFC_SECRETS,
                     WFF_STATUS | WFF_HASHFILES},
    [WFK_STEP_NAME] = {"jobs.<job_id>.steps.name", "a step's name", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_RUN] = {"jobs.<job_id>.steps.run", "a step's run", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_TIMEOUT] = {"jobs.<job_id>.steps.timeout-minutes", "a step's timeout-minutes",
                          WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_WITH] = {"jobs.<job_id>.steps.with", "a step's with", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_STEP_WORKING_DIRECTORY] = {"jobs.<job_id>.steps.working-directory",
                                    "a step's working-directory", WFC_STEP_ALL, WFF_HASHFILES},
    [WFK_JOB_STRATEGY] = {"jobs.<job_id>.strategy", "a job's strategy",
                          WFC_GITHUB | WFC_NEEDS | WFC_VARS | WFC_INPUTS, 0},
    [WFK_JOB_TIMEOUT] = {"jobs.<job_id>.timeout-minutes", "a job's timeout-minutes", WFC_JOB_BASE,
                         0},
    [WFK_JOB_WITH] = {"jobs.<job_id>.with.<with_id>", "the with of a reusable workflow call",
                      WFC_JOB_BASE, 0},
    [WFK_STEP_ID] = {"jobs.<job_id>.steps.id", "a step's id", 0, 0},
    [WFK_STEP_SHELL] = {"jobs.<job_id>.steps.shell", "a step's shell", 0, 0},
    [WFK_JOB_NEEDS] = {"jobs.<job_id>.needs", "a job's needs", 0, 0},
    [WFK_DEFAULTS_RUN] = {"defaults.run", "the workflow's defaults.run", 0, 0},
};

/* ---- value types ---- */

enum wft_kind { WFT_ANY = 0, WFT_NULL, WFT_BOOL, WFT_NUM, WFT_STR, WFT_OBJ, WFT_ARR };

/* How a property table entry is read. */
enum wfc_flag {
    WFP_MAP = 1u << 0,      /* any property name: each is the entry "<path>.*" */
    WFP_OPEN = 1u << 1,     /* anything below is unknown (a webhook payload): never an error */
    WFP_ADDS = 1u << 2,     /* GitHub adds properties now and then: an unknown one is a warning */
    WFP_NAMED = 1u << 3,    /* its properties are checked elsewhere (gha/unknown-name) */
    WFP_STEPS = 1u << 4,    /* names: the steps that ran before, in this job */
    WFP_NEEDS = 1u << 5,    /* names: the jobs in this job's needs */
    WFP_JOBS = 1u << 6,     /* names: the jobs of this workflow */
    WFP_MATRIX = 1u << 7,   /* names: the keys of this job's matrix */
    WFP_INPUTS = 1u << 8,   /* names: the workflow's inputs */
    WFP_JOB_OUT = 1u << 9,  /* names: the outputs the job declares */
    WFP_STEP_OUT = 1u << 10 /* names: the outputs of the step (known for some actions) */
};

/* The contexts' properties: a path ('*' stands for any name under a WFP_MAP parent), its type,
 * how it is read. Parents come before their children. */
static const struct wfc_prop {
    const char *path;
    unsigned char type; /* enum wft_kind */
    unsigned flags;     /* enum wfc_flag */
} wfc_props[] = {
    {"github", WFT_OBJ, WFP_NAMED},
    {"github.action", WFT_STR, 0},
    {"github.action_path", WFT_STR, 0},
    {"github.action_ref", WFT_STR, 0},
    {"github.action_repository", WFT_STR, 0},
    {"github.action_status", WFT_STR, 0},
    {"github.actor", WFT_STR, 0},
    {"github.actor_id", WFT_STR, 0},
    {"github.api_url", WFT_STR, 0},
    {"github.artifacts", WFT_STR, 0},
    {"github.artifacts_list", WFT_STR, 0},
    {"github.base_ref", WFT_STR, 0},
    {"github.env", WFT_STR, 0},
    {"github.event", WFT_OBJ, WFP_OPEN},
    {"github.event_name", WFT_STR, 0},
    {"github.event_path", WFT_STR, 0},
    {"github.graphql_url", WFT_STR, 0},
    {"github.head_ref", WFT_STR, 0},
    {"github.job", WFT_STR, 0},
    {"github.output", WFT_STR, 0},
    {"github.path", WFT_STR, 0},
    {"github.ref", WFT_STR, 0},
    {"github.ref_name", WFT_STR, 0},
    {"github.ref_protected", WFT_BOOL, 0},
    {"github.ref_type", WFT_STR, 0},
    {"github.repository", WFT_STR, 0},
    {"github.repository_id", WFT_STR, 0},
    {"github.repository_owner", WFT_STR, 0},
    {"github.repository_owner_id", WFT_STR, 0},
    {"github.repository_visibility", WFT_STR, 0},
    {"github.repositoryUrl", WFT_STR, 0},
    {"github.retention_days", WFT_STR, 0},
    {"github.run_attempt", WFT_STR, 0},
    {"github.run_id", WFT_STR, 0},
    {"github.run_number", WFT_STR, 0},
    {"github.secret_source", WFT_STR, 0},
    {"github.server_url", WFT_STR, 0},
    {"github.sha", WFT_STR, 0},
    {"github.state", WFT_STR, 0},
    {"github.step_summary", WFT_STR, 0},
    {"github.token", WFT_STR, 0},
    {"github.triggering_actor", WFT_STR, 0},
    {"github.workflow", WFT_STR, 0},
    {"github.workflow_ref", WFT_STR, 0},
    {"github.workflow_sha", WFT_STR, 0},
    {"github.workspace", WFT_STR, 0},
    {"env", WFT_OBJ, WFP_MAP},
    {"env.*", WFT_STR, 0},
    {"vars", WFT_OBJ, WFP_MAP},
    {"vars.*", WFT_STR, 0},
    {"secrets", WFT_OBJ, WFP_MAP},
    {"secrets.*", WFT_STR, 0},
    {"job", WFT_OBJ, WFP_ADDS},
    {"job.check_run_id", WFT_NUM, 0},
    {"job.container", WFT_OBJ, WFP_ADDS},
    {"job.container.id", WFT_STR, 0},
    {"job.container.network", WFT_STR, 0},
    {"job.services", WFT_OBJ, WFP_MAP},
    {"job.services.*", WFT_OBJ, WFP_ADDS},
    {"job.services.*.id", WFT_STR, 0},
    {"job.services.*.network", WFT_STR, 0},
    {"job.services.*.ports", WFT_OBJ, WFP_MAP},
    {"job.services.*.ports.*", WFT_STR, 0},
    {"job.status", WFT_STR, 0},
    {"job.workflow_file_path", WFT_STR, 0},
    {"job.workflow_ref", WFT_STR, 0},
    {"job.workflow_repository", WFT_STR, 0},
    {"job.workflow_sha", WFT_STR, 0},
    {"jobs", WFT_OBJ, WFP_MAP | WFP_JOBS},
    {"jobs.*", WFT_OBJ, 0},
    {"jobs.*.outputs", WFT_OBJ, WFP_MAP | WFP_JOB_OUT},
    {"jobs.*.outputs.*", WFT_STR, 0},
    {"jobs.*.result", WFT_STR, 0},
    {"steps", WFT_OBJ, WFP_MAP | WFP_STEPS},
    {"steps.*", WFT_OBJ, 0},
    {"steps.*.conclusion", WFT_STR, 0},
    {"steps.*.outcome", WFT_STR, 0},
    {"steps.*.outputs", WFT_OBJ, WFP_MAP | WFP_STEP_OUT},
    {"steps.*.outputs.*", WFT_STR, 0},
    {"runner", WFT_OBJ, WFP_ADDS},
    {"runner.arch", WFT_STR, 0},
    {"runner.debug", WFT_STR, 0},
    {"runner.environment", WFT_STR, 0},
    {"runner.name", WFT_STR, 0},
    {"runner.os", WFT_STR, 0},
    {"runner.temp", WFT_STR, 0},
    {"runner.tool_cache", WFT_STR, 0},
    {"runner.workspace", WFT_STR, 0},
    {"strategy", WFT_OBJ, WFP_ADDS},
    {"strategy.fail-fast", WFT_BOOL, 0},
    {"strategy.job-index", WFT_NUM, 0},
    {"strategy.job-total", WFT_NUM, 0},
    {"strategy.max-parallel", WFT_NUM, 0},
    {"matrix", WFT_OBJ, WFP_MAP | WFP_MATRIX},
    {"matrix.*", WFT_ANY, 0},
    {"needs", WFT_OBJ, WFP_MAP | WFP_NEEDS},
    {"needs.*", WFT_OBJ, 0},
    {"needs.*.outputs", WFT_OBJ, WFP_MAP | WFP_JOB_OUT},
    {"needs.*.outputs.*", WFT_STR, 0},
    {"needs.*.result", WFT_STR, 0},
    {"inputs", WFT_OBJ, WFP_MAP | WFP_INPUTS},
    {"inputs.*", WFT_ANY, 0},
};

/* ---- functions ---- */

static const struct wfc_func {
    const char *name;  /* as documented; names match case-insensitively */
    unsigned char min; /* arguments */
    unsigned char max; /* 255: any number */
    unsigned char ret; /* enum wft_kind */
    unsigned special;  /* enum wfc_fn bit: only where the availability table allows it */
} wfc_funcs[] = {
    {"always", 0, 0, WFT_BOOL, WFF_ALWAYS},
    {"cancelled", 0, 0, WFT_BOOL, WFF_CANCELLED},
    {"case", 3, 255, WFT_ANY, 0},
    {"contains", 2, 2, WFT_BOOL, 0},
    {"endsWith", 2, 2, WFT_BOOL, 0},
    {"failure", 0, 0, WFT_BOOL, WFF_FAILURE},
    {"format", 1, 255, WFT_STR, 0},
    {"fromJSON", 1, 1, WFT_ANY, 0},
    {"hashFiles", 1, 255, WFT_STR, WFF_HASHFILES},
    {"join", 1, 2, WFT_STR, 0},
    {"startsWith", 2, 2, WFT_BOOL, 0},
    {"success", 0, 0, WFT_BOOL, WFF_SUCCESS},
    {"toJSON", 1, 1, WFT_STR, 0},
};

#endif
