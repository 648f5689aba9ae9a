/* workflow.h — a GitHub Actions workflow file: its YAML tree, the model rules read (triggers,
 * permissions, jobs, steps), the `${{ … }}` expressions in it, and the repository-level view
 * (all workflows of one repository, reusable calls linked to their callee).
 *
 * A workflow owns its source text and its ydoc; every model object and string lives in the
 * ydoc's arena and is freed by wf_free(). The model is lenient: a value of the wrong type is left
 * out (gha/syntax reports it from the tree), never an error. Keys are case-sensitive, as GitHub
 * reads them. Nodes are reached through `struct yref`, which remembers the YAML alias a value was
 * reached through, so a finding points at what the author wrote in that place and can name the
 * anchor. */
#ifndef INFRALINT_WORKFLOW_H
#define INFRALINT_WORKFLOW_H

#include <stddef.h>

#include "diag.h"
#include "suppress.h"
#include "ynode.h"

struct arena;

/* A node as reached from the document root: n with aliases resolved (NULL when absent), and the
 * outermost alias on the way (NULL when none). */
struct yref {
    const struct ynode *n;
    const struct ynode *via;
};

/* The value for key in a mapping (exact key), or an empty ref. */
struct yref yref_get(struct yref map, const char *key);
/* The key node itself for key in a mapping, or an empty ref. */
struct yref yref_key(struct yref map, const char *key);
/* Item i of a sequence. */
struct yref yref_item(struct yref seq, size_t i);
/* Key / value of pair i of a mapping. */
struct yref yref_pair_key(struct yref map, size_t i);
struct yref yref_pair_value(struct yref map, size_t i);
/* A ref to the root-level node n (no alias on the way, n dereferenced). */
struct yref yref_of(const struct ynode *n);
/* Scalar text, or NULL (not a scalar, or absent). */
const char *yref_str(struct yref r);
/* 1 if the node is a map / sequence / non-null scalar. */
int yref_is_map(struct yref r);
int yref_is_seq(struct yref r);
int yref_is_str(struct yref r);
/* Where a finding about r points: the alias when there is one, else the node. */
unsigned yref_line(struct yref r);
unsigned yref_col(struct yref r);

/* Access levels of a GITHUB_TOKEN permission. */
enum wf_perm { PERM_UNSET = 0, PERM_NONE, PERM_READ, PERM_WRITE };

struct wf_perm_entry {
    const char *scope;  /* "contents", "id-token", … as written */
    enum wf_perm level; /* PERM_UNSET when the value is not read/write/none */
    struct yref key, value;
};

enum wf_perms_form {
    PERMS_ABSENT = 0, /* no permissions: key: the repository default applies */
    PERMS_MAP,        /* a map of scopes ({} grants nothing) */
    PERMS_READ_ALL,
    PERMS_WRITE_ALL,
    PERMS_OTHER /* an expression or a wrong value */
};

struct wf_perms {
    enum wf_perms_form form;
    struct yref key, value;
    struct wf_perm_entry *v;
    size_t n;
};

/* The level a permission set grants to scope (PERMS_ABSENT gives PERM_UNSET). */
enum wf_perm wf_perms_level(const struct wf_perms *p, const char *scope);
/* The entry for scope in a map of permissions, or NULL. */
const struct wf_perm_entry *wf_perms_entry(const struct wf_perms *p, const char *scope);

/* A list of strings given as a string or a sequence; at is the value node. */
struct wf_strlist {
    const char **v;
    size_t n;
    struct yref at;
};

/* An input of workflow_dispatch or workflow_call. */
struct wf_input {
    const char *name;
    const char *type; /* "string" when not given */
    struct yref key;
};

struct wf_trigger {
    const char *event;   /* "push", "pull_request", … as written */
    struct yref at;      /* where findings about the trigger point: the event key under
                          * on: (map form), else the `on` key */
    struct yref name_at; /* the event name as written: key, list item or scalar */
    struct yref config;  /* the event's map, or empty */
    struct wf_strlist branches, branches_ignore, tags, tags_ignore, paths, paths_ignore, types,
        workflows;
    struct wf_input *inputs;
    size_t ninputs;
};

struct wf_step {
    size_t index; /* 0-based position in steps */
    size_t sub;   /* inside a `parallel:` group: 1-based position there, else 0 */
    struct yref node;
    const char *id, *name;
    const char *uses; /* NULL for a run step */
    const char *run;  /* NULL for a uses step */
    struct yref uses_at, run_at, with, env, if_, coe, shell, wd;
    const struct wfx *if_x; /* `if:` parsed (wf_if_parse), or NULL */
};

struct workflow;

struct wf_job {
    const char *id;   /* the job id; "runs" for the steps of a composite action */
    const char *path; /* attribute path of the job: NULL for "jobs.<id>", "runs" for an action */
    struct yref key, node;
    const char *name;
    struct yref runs_on, if_, env, environment, concurrency, timeout, coe, strategy, container,
        services, with, secrets, uses_at, steps_at, needs_at, outputs;
    const struct wfx *if_x; /* `if:` parsed (wf_if_parse), or NULL */
    const char *uses;       /* reusable workflow called by the job, or NULL */
    const char *env_name;   /* `environment:` as a string or its `name:`, or NULL */
    struct yref env_name_at;
    struct wf_perms perms;
    const char **needs;
    struct yref *needs_at_item;      /* position of each needs entry */
    const struct wf_job **needs_job; /* the job each entry names, or NULL (no such job) */
    size_t nneeds;
    struct wf_step *steps; /* the steps in order, those of `parallel:` groups included */
    size_t nsteps;
    struct workflow *callee; /* the local reusable workflow (set by wf_link), or NULL */
};

/* Is `uses:` a reference into the same repository (`./path`, or `$/path` at the running
 * commit)? */
int wf_uses_local(const char *uses);

struct wf_set;
struct wfx;

/* An action's metadata file (action.yml / action.yaml): `runs:` and what it declares. A composite
 * action's steps are the steps of the workflow's one job (id "runs", path "runs"), so that the
 * step-level rules read them as they read a job's; other actions have no job. */
struct wf_action {
    const char *name;     /* `name:`, or NULL */
    const char *using;    /* `runs.using` ("composite", "node20", "docker"), or NULL */
    struct yref runs_key; /* the `runs` key */
    struct yref runs, using_at, inputs, outputs;
    int composite; /* using: composite */
};

struct workflow {
    char *file;    /* as the user named it (or joined while walking) */
    char *abspath; /* resolved, for identity and sibling look-up */
    char *repo;    /* directory holding .github/workflows/, or NULL */
    char *src;     /* the text (owned) */
    size_t len;
    struct ydoc doc;
    int context;      /* loaded only as context for a workflow named explicitly:
                       * never reported on */
    int named;        /* named on the command line */
    struct yref root; /* the first document's root */
    const char *name; /* `name:`, or NULL */
    struct yref on_key, on;
    struct wf_trigger *triggers;
    size_t ntriggers;
    struct wf_perms perms;
    struct yref env, concurrency, defaults, jobs_key, jobs_node;
    struct wf_job *jobs;
    size_t njobs;
    const struct wf_job **jobs_by_id; /* sorted by id (then file order), for wf_job_by_id() */
    struct wf_set *set;               /* the repository this workflow belongs to (wf_link) */
    int called_locally; /* a job of a workflow of the same set calls it (set by wf_link) */
    const char *const *sensitive; /* literal values of credential-like keys: never printed */
    size_t nsensitive;
    struct wf_expr *exprs; /* every `${{ }}` of the first document, in file order */
    size_t nexprs;
    int is_action;           /* an action's metadata file, not a workflow: see action */
    char *owner;             /* the GitHub owner of the repository it belongs to (from the root's
                              * .git/config origin), or NULL when not known (set by wf_link) */
    char *slug;              /* that repository, "owner/name", or NULL (set by wf_link) */
    struct wf_action action; /* is_action only */
    /* Where each job deploys, as the gha/ rules analyse it (rules/gha_deploy.c): computed once by
     * the first rule that asks, on whichever thread, published with a compare-and-swap and never
     * changed after; one block, freed with the workflow. */
    _Atomic(void *) deploy_memo;
};

/* The workflows of one repository (or of one directory, for files outside .github/workflows/).
 * Borrows its workflows from the project. */
struct wf_set {
    char *dir;   /* the .github/workflows directory as named, or the directory */
    int is_repo; /* dir is a .github/workflows directory: the whole repository */
    struct workflow **v;
    size_t n, alloc;
};

/* Parse buf (len bytes; the workflow takes ownership of buf) as the workflow `file`, or as an
 * action's metadata when the file is named action.yml/action.yaml and holds `runs:` (and no
 * `jobs:`). NULL and a positioned diagnostic in d when the YAML does not parse (or is
 * UTF-16). */
struct workflow *wf_load(const char *file, char *buf, size_t len, struct diag_list *d);
/* Free a workflow and everything it owns. */
void wf_free(struct workflow *wf);
/* Cheap test of raw text: a line that starts with `on:` or `jobs:` (quoted keys too). */
int wf_text_looks_like(const char *buf, size_t len);
/* Is the file named like an action's metadata (action.yml or action.yaml)? */
int wf_is_action_name(const char *path);
/* Does the parsed document look like a workflow: a root map with `on`, or with `jobs` whose jobs
 * have `runs-on`, `uses` or `steps`, or (named: for a file named on the command line) with only
 * the keys a workflow has? Empty files count (so that they are reported). */
int wf_looks_like(const struct workflow *wf, int named);
/* Find the inline `# infralint:ignore[…]` comments outside block scalars and quoted strings and
 * add them to l; malformed ones become diagnostics. */
void wf_scan_ignores(const struct workflow *wf, struct ignore_list *l, struct diag_list *d);

/* The attribute path of node n in the first document ("jobs.build.steps[2].run"; a key has the
 * path of its value), or NULL (the root, or not found); a new string. */
char *wf_node_path(const struct workflow *wf, const struct ynode *n);
/* The job with id, or NULL. */
const struct wf_job *wf_job_by_id(const struct workflow *wf, const char *id);
/* The trigger for event, or NULL. */
const struct wf_trigger *wf_trigger_by_event(const struct workflow *wf, const char *event);
/* Is a credential-like key name (password, token, secret, api_key, …; not key, cache-key)? */
int wf_is_credential_key(const char *key);

/* Group workflows into sets (one per repository / directory) and link local reusable calls
 * (`uses: ./.github/workflows/x.yml`) to their callee. Sets are new; wf_set_free() frees one. */
void wf_link(struct workflow **v, size_t n, struct wf_set ***sets, size_t *nsets);
void wf_set_free(struct wf_set *s);
/* The GitHub repository ("acme/app" of github.com/acme/app.git) whose root is dir, from the
 * url of its `origin` remote in dir/.git/config (a `.git` file of a worktree is followed); a new
 * string, or NULL. Only dir itself is looked at, never its parents. */
char *wf_repo_slug(const char *dir);
/* A workflow of the same repository named by a workflow_run `workflows:` entry (its `name:`, or
 * its file name), or NULL. */
const struct workflow *wf_find_by_name(const struct wf_set *s, const char *name);

/* ---- expressions (wf_expr.c) ---- */

/* One `${{ … }}` inside a scalar, found and parsed when the workflow is loaded. */
struct wf_expr {
    const struct ynode *node; /* the scalar it is in */
    const char *text;         /* the inside, without the braces (borrowed from the value) */
    size_t len;
    size_t off;          /* offset of "${{" in the value */
    unsigned line, col;  /* exact position of "${{" in the file, also inside block
                          * scalars; the node's position when it cannot be found */
    const struct wfx *x; /* parsed, or NULL on a syntax error (err says what) */
    const char *err;
};

/* The expressions of scalar node n (aliases followed): count, and *out pointing at them in the
 * workflow (nothing to free). An unterminated `${{` ends a scalar's expressions. */
size_t wf_exprs(const struct workflow *wf, const struct ynode *n, const struct wf_expr **out);
/* The index in wf->exprs of the first expression whose scalar starts at or after byte off. */
size_t wf_expr_index(const struct workflow *wf, size_t off);
/* 1 if s contains `${{`. */
int wf_has_expr(const char *s);

/* Find and parse the `${{ }}` of every scalar of wf (wf_load does it). */
void wf_scan_exprs(struct workflow *wf);
/* Line and column in the file of byte off of scalar n's value (n not an alias), also inside
 * block scalars and across folded lines; 0 when the value cannot be matched with its source
 * (escapes), and then line/col are n's own position. */
int wf_value_pos(const struct workflow *wf, const struct ynode *n, size_t off, unsigned *line,
                 unsigned *col);

enum wfx_kind {
    WFX_NULL = 1,
    WFX_BOOL,
    WFX_NUM,
    WFX_STR,  /* literals (s/len: the text) */
    WFX_REF,  /* a context reference: path */
    WFX_CALL, /* s: function name; args */
    WFX_NOT,  /* args[0] */
    WFX_AND,
    WFX_OR,   /* args[0], args[1] */
    WFX_CMP,  /* s: "==", "!=", "<", "<=", ">", ">="; args[0], args[1] */
    WFX_INDEX /* a non-context value indexed: args[0][args[1]] or args[0].s */
};

/* One step of a context reference after its root, as written: `.name` and `['name']` (a name),
 * `[0]` (a number), `[expr]` (any other index), `.*` (an object filter). */
enum wfx_seg_kind { WFX_SEG_NAME = 1, WFX_SEG_NUM, WFX_SEG_EXPR, WFX_SEG_STAR };

struct wfx_seg {
    enum wfx_seg_kind kind;
    const char *s; /* WFX_SEG_NAME: the name (unquoted); WFX_SEG_NUM: the number's text */
    size_t len;
    size_t off;            /* offset of the name, or of '[', in the expression text */
    const struct wfx *idx; /* WFX_SEG_EXPR: the index expression */
};

/* A parsed expression. A context reference's path is normalised: `github['event'].commits[0]`
 * and `github.event.commits.*` are both "github.event.commits.*" (indices and filters are "*");
 * index expressions that are not literals are kept in args for their own references. A
 * reference also keeps its root name (s/len) and its steps as written (segs). */
struct wfx {
    enum wfx_kind kind;
    const char *s;
    size_t len;
    char *path;
    size_t off; /* offset of the node in the expression text */
    struct wfx **args;
    size_t nargs;
    struct wfx_seg *segs; /* WFX_REF: the steps after the root */
    size_t nsegs;
};

/* Parse expression text (without `${{ }}`) into an arena; NULL and *err on a syntax error. */
struct wfx *wfx_parse(const char *text, size_t len, struct arena *a, const char **err);
/* An `if:` value as one expression (`${{ }}` around it optional), parsed into a; NULL when
 * absent, a literal true/false, text around several `${{ }}` (a string: always true), or bad. */
struct wfx *wf_if_parse(struct yref if_, struct arena *a);
/* Call fn for every context reference in x (also inside function arguments and indices). */
void wfx_refs(const struct wfx *x, void (*fn)(const struct wfx *ref, void *arg), void *arg);
/* Call fn for every context reference whose value can become (part of) the expression's value:
 * not those only compared, tested, or passed to contains/startsWith/endsWith/hashFiles, nor the
 * left side of `a && b`. Through toJSON/fromJSON/format/join the value flows. */
void wfx_value_refs(const struct wfx *x, void (*fn)(const struct wfx *ref, void *arg), void *arg);
/* Does context path p match pattern pat? Segments are compared case-insensitively; "*" in either
 * matches one segment, a trailing "**" in pat matches the rest. */
int wfx_path_match(const char *pat, const char *p);

#endif
