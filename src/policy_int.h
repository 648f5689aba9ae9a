/* policy_int.h — the Lua policy engine's private interfaces (the one header with lua.h).
 * Files: policy.c (policy{}, loading, descriptors, the check trampoline, ctx:report),
 * policy_sandbox.c (the lua_State, limits, the protected call), policy_proxy.c (read-only
 * proxies, sentinels, location handles, counted buffers), policy_plan.c (plan and backend
 * subjects), policy_workflow.c (workflow and workflows subjects, the YAML view),
 * policy_migrations.c (migrations subjects), policy_helpers.c (json, glob, to_table),
 * policy_regex.c (regex), policy_isolate.c (--isolate process), policy_test.c and
 * policy_fixture.c (`infralint test`).
 * Invariants: every Lua API call runs inside policy_sandbox_call() or policy_sandbox_new()'s
 * protected init, so a Lua error can never reach the host; C functions exposed to policies
 * start with policy_sandbox_guard() (a stopped policy cannot run anything of ours); policy
 * tables are read with raw access only (no policy code runs inside our C functions, except
 * __tostring through luaL_tolstring, which propagates errors and catches nothing); memory our C
 * code allocates on behalf of a policy comes from the policy's allocator (struct policy_buf). */
#ifndef INFRALINT_POLICY_INT_H
#define INFRALINT_POLICY_INT_H

#include <lauxlib.h>
#include <lua.h>

#include "infralint/finding.h"
#include "infralint/plan.h"
#include "infralint/policy.h"
#include "infralint/redact.h"
#include "infralint/rule.h"

/* ---- sandbox (policy_sandbox.c) ---- */

enum policy_stop {
    POLICY_RUNNING = 0,
    POLICY_STOP_INSTRUCTIONS,
    POLICY_STOP_DEADLINE,
    POLICY_STOP_MEMORY
};

struct policy_check;

struct policy_sandbox {
    lua_State *L;
    size_t used, cap;        /* bytes of the Lua state (and our buffers); the memory cap */
    long long count, budget; /* instructions run in this call / allowed */
    long long deadline_ms;
    long long deadline_ns; /* CLOCK_MONOTONIC; 0: none */
    enum policy_stop stop; /* set: the state is poisoned until the call ends */
    char *stop_source;     /* where the stop was noticed first (file), or NULL */
    unsigned stop_line;
    char *dir;   /* directory whose lib/ require() reads */
    char *label; /* policy id (or file) for the debug log */
    int debug;
    unsigned gen;             /* documents of older checks are stale (proxies refuse them) */
    struct policy_check *run; /* the check in progress, or NULL */
    long long seed;           /* math.random seed */
    int refs;                 /* the policies of one file share its state */
};

/* What happened to a piece of foreign code. */
struct policy_outcome {
    int ok;
    enum policy_stop stop; /* why it was stopped, or POLICY_RUNNING */
    char *file;            /* innermost Lua frame (or the syntax error's chunk), or NULL */
    unsigned line;
    char *message;   /* without the "file:line: " prefix */
    char *traceback; /* or NULL */
};

/* Pushes the function to run and its arguments on L; returns the number of arguments. */
typedef int policy_prepare_fn(lua_State *L, void *ud);
/* Called with the nres results on top of L when the function returned (may raise). */
typedef void policy_collect_fn(lua_State *L, int nres, void *ud);

/* A sandboxed state: libraries opened and trimmed, our API installed. NULL with *err set (a
 * new string) when even that does not fit in the limits. */
struct policy_sandbox *policy_sandbox_new(const char *label, const char *dir,
                                          const struct policy_limits *lim, int debug, char **err);
/* One more owner of the state (each policy of a file holds a reference). */
void policy_sandbox_ref(struct policy_sandbox *sb);
/* Drop a reference; the last one closes the state. */
void policy_sandbox_free(struct policy_sandbox *sb);
/* Apply limits (the memory cap takes effect at once, the others from the next call). */
void policy_sandbox_limits(struct policy_sandbox *sb, const struct policy_limits *lim);
/* Run prepare's function in a fresh coroutine under the limits, then collect; 0 on success,
 * -1 with the outcome filled (error, or stop). */
int policy_sandbox_call(struct policy_sandbox *sb, policy_prepare_fn *prepare,
                        policy_collect_fn *collect, void *ud, struct policy_outcome *out);
/* Free an outcome's strings. */
void policy_outcome_release(struct policy_outcome *o);
/* The sandbox a state belongs to. */
struct policy_sandbox *policy_sandbox_of(lua_State *L);
/* Raise the stop error when the policy has been stopped (every API function calls this). */
void policy_sandbox_guard(lua_State *L);
/* "instruction budget exceeded (N)", "deadline exceeded (N ms)", "memory limit exceeded …". */
const char *policy_stop_text(const struct policy_sandbox *sb, enum policy_stop s, char *buf,
                             size_t n);
/* Name the sandbox after its policy (debug log prefix, math.random seed). */
void policy_sandbox_rename(struct policy_sandbox *sb, const char *label);
/* Reseed math.random (deterministic runs). */
void policy_sandbox_seed(lua_State *L, long long seed);
/* Charge cost units (one VM instruction each) for work a C function is about to do: stops the
 * policy (raising) when the budget, or the time left before the deadline, cannot cover it. */
void policy_sandbox_charge(lua_State *L, double cost);
/* Stop the policy (deadline, raising) when cost units could not run before the deadline. */
void policy_sandbox_fits(lua_State *L, double cost);
/* Stop the policy (memory limit, raising) when bytes more would not fit under its cap. */
void policy_sandbox_reserve(lua_State *L, double bytes);
/* Replace next and pairs by their deterministic-order versions (policy_order.c). */
void policy_order_open(lua_State *L);
/* Wrap the library functions that do much work in one C call (policy_bounds.c). */
void policy_bounds_open(lua_State *L);
/* Estimated worst-case steps of a Lua pattern match (the string guard; exported for tests). */
double policy_pattern_cost(const char *pat, size_t plen, size_t subject_len, int plain);

/* ---- counted buffers and sentinels (policy_proxy.c) ---- */

/* A growable string allocated by the policy's allocator (counted against its cap, freed by
 * the GC if an error interrupts its owner). Lives as a userdata on the Lua stack. */
struct policy_buf {
    char *p;
    size_t len, cap;
};

/* Push a box for a string our C code mallocs (a model function's result): the box frees it when
 * collected, so a Lua error after it is filled leaks nothing. */
char **policy_box_new(lua_State *L);
/* Push a new empty buffer and return it. */
struct policy_buf *policy_buf_new(lua_State *L);
/* Append n bytes (raises "not enough memory" past the cap). */
void policy_buf_add(lua_State *L, struct policy_buf *b, const char *s, size_t n);
/* Append a NUL-terminated string. */
void policy_buf_addstr(lua_State *L, struct policy_buf *b, const char *s);
/* Append formatted text. */
void policy_buf_addf(lua_State *L, struct policy_buf *b, const char *fmt, ...) IL_PRINTF(3, 4);
/* Append s as the body of a JSON string literal. */
void policy_buf_addjson(lua_State *L, struct policy_buf *b, const char *s, size_t n);
/* The buffer's text (NUL-terminated; "" when empty). */
const char *policy_buf_str(struct policy_buf *b);

enum policy_sentinel { SENTINEL_UNKNOWN = 1, SENTINEL_SENSITIVE, SENTINEL_NULL };

/* Push UNKNOWN, SENSITIVE or json.null. */
void policy_push_sentinel(lua_State *L, enum policy_sentinel s);
/* Which sentinel the value at idx is (0: none). */
int policy_sentinel_at(lua_State *L, int idx);
/* What a sentinel prints as: "(known after apply)", "(sensitive)", "null". */
const char *policy_sentinel_text(int s);

/* ---- document proxies (policy_proxy.c; views in policy_plan.c and policy_helpers.c) ---- */

struct policy_node;
struct policy_iter {
    void *it;  /* object iterator (pval_next) */
    size_t i;  /* array index */
    int phase; /* view-specific second pass */
};

/* Where a finding reported at a value points (strings borrowed from the documents or from
 * a buffer the anchor function left on the stack). */
struct policy_at {
    struct anchor a;
    int unknown; /* the value there is UNKNOWN: the finding depends on an unknown value */
    int missing; /* the key is absent (the anchor points at the parent) */
};

/* How a family of nodes reads its document. Every function gets the node at stack index self. */
struct policy_view {
    const char *name;
    /* 1 when the node is a sequence (integer keys, 1-based in Lua), 0 for a mapping. */
    int (*is_array)(const struct policy_node *n);
    /* Push the child at key (klen bytes) or, when key is NULL, at 0-based index idx: a scalar,
     * nil, a sentinel or a child node. *present: the key exists (JSON null included). */
    void (*child)(lua_State *L, int self, const struct policy_node *n, const char *key, size_t klen,
                  size_t idx, int *present);
    /* Push the next key and value in document order; 0 (nothing pushed) at the end. */
    int (*next)(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it);
    /* Number of elements (arrays) or members (objects). */
    lua_Integer (*len)(lua_State *L, int self, const struct policy_node *n);
    /* Push a location handle for the dotted path rel under the node ("" = the node). */
    void (*at)(lua_State *L, int self, const struct policy_node *n, const char *rel);
    /* Push the value at the dotted path rel under the node (node:get). */
    void (*get)(lua_State *L, int self, const struct policy_node *n, const char *rel);
    /* JSON views: 1 if the child marked unknown is in fact unset (NULL: never). */
    int (*unset)(lua_State *L, int self, const struct policy_node *n, const char *key, size_t idx);
    /* Push a property the view answers instead of a data key of that name (the YAML view:
     * line, col) and return 1; 0 for a data key (NULL: none). */
    int (*prop)(lua_State *L, int self, const struct policy_node *n, const char *key);
};

/* A node: a container inside a document, seen through a view. The parent node (or the owner
 * of the document) is the userdata's user value, which keeps it alive. */
struct policy_node {
    const struct policy_view *view;
    const void *v;         /* the document node, as its view reads it: a struct pval * for JSON
                              views (NULL: empty); a YAML view would keep a struct ynode * */
    const struct pval *m1; /* view-specific: unknown mask at this node */
    const struct pval *m2; /* view-specific: sensitive mask at this node */
    const void *doc;       /* the plan or backend it belongs to */
    const void *ctx;       /* view-specific: the resource, the output or variable name; the
                              YAML alias the node was reached through */
    const void *ns;        /* cache namespace (NULL: the view): one proxy per (ns, v) */
    const void *aux;       /* view-specific: the YAML key node of a mapping's value */
    size_t idx;            /* index in the parent array (the key is user value 2) */
    unsigned gen;          /* generation; 0: owned by Lua (never stale) */
    unsigned char root;    /* a view root: its path is the view's prefix */
    unsigned char kind;    /* view-specific */
};

/* Push the node described by tmpl (cached: the same document node in the same view, or the same
 * namespace, gives the same proxy while it lives); parent is the stack index of the parent node or
 * owner (0: none). tmpl->gen == 0 means owned by Lua (never stale); otherwise the current
 * generation is used. Returns 1 when the proxy is new (then give it its key with
 * policy_node_set_key). */
int policy_node_push(lua_State *L, const struct policy_node *tmpl, int parent);
/* Remember the key a node has in its parent (user value 2; used for paths). */
void policy_node_set_key(lua_State *L, int idx, const char *key);
/* JSON views: arrays, children (masks m1 unknown and m2 sensitive apply when set), iteration in
 * document order (then keys only the unknown mask has), and length. */
int policy_json_is_array(const struct policy_node *n);
void policy_json_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                       size_t klen, size_t idx, int *present);
int policy_json_next(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it);
lua_Integer policy_json_len(lua_State *L, int self, const struct policy_node *n);
/* node:get for plain views: walk the dotted path child by child (0-based array indexes). */
void policy_node_get_walk(lua_State *L, int self, const char *rel);
/* The node at idx (raises on anything else, or on a stale node). */
struct policy_node *policy_node_check(lua_State *L, int idx);
/* The node at idx, or NULL (no staleness check). */
struct policy_node *policy_node_test(lua_State *L, int idx);
/* Append the node's dotted path (Terraform style: keys, 0-based indexes) below its root. */
void policy_node_path(lua_State *L, int idx, struct policy_buf *b);
/* Push a scalar for a JSON value; 0 (nothing pushed) for objects and arrays. NULL and JSON
 * null push nil. */
int policy_push_scalar(lua_State *L, const struct pval *v);
/* The marker current documents carry (raises for stale generations). */
void policy_check_gen(lua_State *L, unsigned gen);

/* Push a location handle (strings copied into it). */
void policy_loc_push(lua_State *L, const struct policy_at *at);
/* Push s, or nil when s is NULL (names and ids: never secret material). */
void policy_push_str(lua_State *L, const char *s);
/* Push a document value s (policy_push_doc_str), or nil when s is NULL. */
void policy_push_value(lua_State *L, const char *s);
/* Raise "unknown key 'k' in <what>; did you mean …" for a key of table t not among keys. */
void policy_check_keys(lua_State *L, int t, const char *const *keys, size_t n, const char *what);
/* Return an iterator closure over the value at index 1 (upvalue 1) with a position counter
 * (upvalue 2) starting at 0; its next function reads them with policy_iter_step(). */
int policy_push_iter(lua_State *L, lua_CFunction next);
/* In such a next function: the position to yield (and advance past), or -1 at n. */
lua_Integer policy_iter_step(lua_State *L, size_t n);
/* The userdata at idx of metatable tname, whose first member is its generation (raises when it
 * is not one, or stale). */
void *policy_check_ud(lua_State *L, int idx, const char *tname);
/* Cache: push the live proxy for (ns, key) and return 1, or push nothing and return 0. */
int policy_cache_get(lua_State *L, const void *ns, const void *key);
/* Cache: remember the proxy at idx for (ns, key) (weakly). */
void policy_cache_put(lua_State *L, const void *ns, const void *key, int idx);
/* A new generation: older documents become stale, caches are emptied. */
void policy_new_generation(lua_State *L);

/* Anchor functions are C functions stored as a proxy metatable's __anchor: called with the
 * value and a light userdata (struct policy_at *), they fill it (strings borrowed) and return
 * one value that keeps those strings alive; they raise when the value is no location. */
/* Register a userdata metatable for a proxy type (read-only, locked, with an anchor). */
void policy_proxy_metatable(lua_State *L, const char *name, const luaL_Reg *methods,
                            lua_CFunction anchor);
/* Metamethods shared by every proxy: concatenation as masked text, and refusing writes. */
int policy_concat(lua_State *L);
int policy_read_only(lua_State *L);
/* Where a value reported at points; -1 (message on the stack) when it cannot be a location. */
int policy_anchor_of(lua_State *L, int idx, struct policy_at *out);
/* Masked text of any value for messages: sentinels print their text, nodes their JSON (at most
 * max bytes), resources their address; other values as tostring. */
void policy_value_text(lua_State *L, int idx, struct policy_buf *b, size_t max);
/* Install the sentinels, the node and location metatables (sandbox init). */
void policy_proxy_open(lua_State *L);

/* ---- helpers (policy_helpers.c) ---- */

/* Append the JSON encoding of the value at idx: sentinels as their text, nodes in document
 * order, table keys sorted; holes of arrays as `hole` ("null" or "false"). Stops descending
 * once the buffer is longer than limit bytes ((size_t)-1: no limit). */
void policy_json_encode(lua_State *L, int idx, struct policy_buf *b, const char *hole, size_t limit,
                        int depth);
/* Push a new empty table marked as a JSON array (encodes as [] even when empty). */
void policy_push_array(lua_State *L);
/* Install json, glob, to_table (sandbox init). */
void policy_helpers_open(lua_State *L);
/* glob(pattern, s) with the guard on its cost. */
int policy_glob(lua_State *L, const char *pat, size_t plen, const char *s, size_t slen);

/* ---- regex (policy_regex.c) ---- */

/* Install regex() (sandbox init). */
void policy_regex_open(lua_State *L);

/* ---- subjects (policy_plan.c, policy_workflow.c, policy_migrations.c; dispatch in policy.c) */

/* Push the proxy for a subject of kind s->kind; 0 when the kind has no proxy yet. */
int policy_subject_push(lua_State *L, const struct subject *s);
/* Push the plan, or the backend of a stack. */
void policy_plan_push(lua_State *L, const struct subject *s);
void policy_backend_push(lua_State *L, const struct tfstack *st);
/* Install the plan, resource and backend metatables (sandbox init). */
void policy_plan_open(lua_State *L);
/* Push a workflow, or the workflows of one repository. */
void policy_workflow_push(lua_State *L, const struct workflow *wf);
void policy_workflows_push(lua_State *L, const struct wf_set *s);
/* Install the workflow, job, step, trigger, permissions and YAML metatables (sandbox init). */
void policy_workflow_open(lua_State *L);
/* Push a migration set. */
void policy_migrations_push(lua_State *L, const struct mig_set *s);
struct migration;
struct project;
/* Push one migration (the project subject lists the change's). */
void policy_migration_push(lua_State *L, const struct migration *m);
/* Install the set, migration, statement and action metatables (sandbox init). */
void policy_migrations_open(lua_State *L);
/* May a finding in file be reported? Not in a migration the run does not report on (released
 * history, context siblings): built-in rules never report there either. */
int policy_migrations_reportable(const struct mig_set *s, const char *file);
/* Does the set hold a migration the run reports on? */
int policy_migrations_checked(const struct mig_set *s);
/* Push the project: every document of the run (policy_project.c). */
void policy_project_push(lua_State *L, const struct subject *s);
/* Install the project metatable (sandbox init). */
void policy_project_open(lua_State *L);
/* May a project policy report in file? Not in a migration the run does not report on. */
int policy_project_reportable(const struct project *p, const char *file);
/* Names of the kinds a policy may declare, and whether this build can run them. */
struct policy_kind {
    const char *name;
    enum rule_kind kind;
    int available;
};
extern const struct policy_kind policy_kinds[];
extern const size_t policy_nkinds;

/* ---- the policy and its check (policy.c) ---- */

enum policy_on_unknown { ON_UNKNOWN_SKIP = 0, ON_UNKNOWN_NOTE, ON_UNKNOWN_FAIL };

struct policy {
    struct rule rule;            /* rule.data points at this policy */
    struct rule_option *options; /* declared (by name), then the limits; NULL-terminated */
    size_t ndeclared;
    char *id, *title, *help, *origin, *file, *dir;
    char *security_severity; /* "7.5", or NULL */
    char **tags;             /* NULL-terminated (empty when none) */
    char **optstr;           /* strings of the options (names, defaults, help) */
    size_t noptstr;
    unsigned line;
    enum policy_on_unknown on_unknown;
    struct policy_sandbox *sb; /* shared with the other policies of its file */
    int check_ref;             /* registry reference of the check function */
    int dead;                  /* stopped by a limit: it does not run again */
    struct policy_set *set;
};

/* One run of a policy's check on one subject. */
struct policy_check {
    struct policy *policy;
    const struct subject *subj;
    struct rule_ctx *ctx;
    int fd;                         /* isolated worker: results go to this pipe; -1 otherwise */
    const struct redact_set *red;   /* what is secret for the subject (NULL: nothing) */
    size_t nfindings, max_findings; /* reported so far / the cap (policy_limits.findings) */
    size_t dropped;                 /* findings past the cap */
};

/* A copy of text scrubbed of the running check's secrets (REDACT_TEXT), in a buffer left on the
 * stack: what a policy prints (print, ctx:report, errors) goes through it. */
const char *policy_redact_text(lua_State *L, const char *text, size_t len);
/* Push a string a document holds (a value a policy reads): SENSITIVE when it is one of the
 * running check's secrets, else the string with any secret in it replaced. */
void policy_push_doc_str(lua_State *L, const char *s, size_t len);
/* Push an address (a resource's, a module's): a for_each key that is a secret replaced. */
void policy_push_location(lua_State *L, const char *s);
/* Push {name, class, source} of an environment (ctx.env, project.env). */
void policy_push_env(lua_State *L, const struct envinfo *e);
/* Run the check of p on s in this process; results go to ctx (fd < 0) or to the pipe fd. */
void policy_run_check(struct policy *p, struct rule_ctx *ctx, const struct subject *s, int fd);
/* The file a subject is reported under (for run errors). */
const char *policy_subject_file(const struct subject *s);
/* A run error: "policy ID (file:line): message", reported under the subject's file. */
void policy_run_error(struct policy *p, const struct subject *s, const struct policy_outcome *o,
                      int fd);

/* ---- process isolation (policy_isolate.c) ---- */

/* Run the check in a forked worker with RLIMIT_CPU, RLIMIT_AS and a timer; replay its results. */
void policy_isolate_check(struct policy *p, struct rule_ctx *ctx, const struct subject *s);
/* Run a policy file's first load (run(ud)) in a worker under the load limits; 0 when it ended by
 * itself (well or with an error: the caller loads again, in process, for the results), -1 with
 * *why (a new string) when the worker was stopped or killed. */
int policy_isolate_load(const struct policy_limits *lim, void (*run)(void *), void *ud, char **why);
/* Worker side: send one record (used by policy.c when fd >= 0). */
void policy_isolate_send_finding(int fd, int has_sev, enum severity sev, const struct anchor *a,
                                 const char *fix, const char *msg);
void policy_isolate_send_skip(int fd, const struct anchor *a, const char *what);
void policy_isolate_send_error(int fd, const char *file, const char *msg, int dead);

/* ---- fixtures (policy_fixture.c) ---- */

/* Push the JSON text of a plan built around the `plan` table of a test case at idx (see
 * README, "Testing policies"); raises a Lua error naming what is wrong. */
void policy_fixture_plan(lua_State *L, int idx);
/* Push the JSON text of a backend file (.terraform/terraform.tfstate) from a `backend` table. */
void policy_fixture_backend(lua_State *L, int idx);

#endif
