/* wf_typecheck.c — typing one GitHub Actions expression where it runs: context availability,
 * references (steps, needs, jobs, matrix, inputs, outputs, the fixed contexts' properties),
 * functions and their arguments, format() strings, fromJSON() of literal JSON, comparisons,
 * object filters, and objects printed into text. GitHub's rules as its runner implements them:
 * loose equality coerces mismatched types to numbers (an object or a non-numeric string is NaN),
 * names match case-insensitively, a missing property is null. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "wf_types_data.h"
#include "wf_types_int.h"

/* A type: kind, element kind of an array, and the literal it comes from (or NULL). */
struct ty {
    unsigned char k, elem;
    unsigned char booltext; /* a string that is 'true' or 'false' (a boolean dispatch input) */
    const struct wfx *lit;
};

static const struct ty ANY = {WFT_ANY, WFT_ANY, 0, NULL};

static struct ty kind(unsigned k)
{
    struct ty t = {(unsigned char)k, WFT_ANY, 0, NULL};
    return t;
}

static const char *kind_name(unsigned k)
{
    switch (k) {
    case WFT_NULL: return "null";
    case WFT_BOOL: return "a boolean";
    case WFT_NUM: return "a number";
    case WFT_STR: return "a string";
    case WFT_OBJ: return "an object";
    case WFT_ARR: return "an array";
    default: return "a value";
    }
}

static const char *kind_noun(unsigned k)
{
    const char *s = kind_name(k);
    return k == WFT_NULL ? s : strchr(s, ' ') + 1;
}

/* The expression text at offset off (the text of the current `${{ }}`, or of a bare if:). */
static const char *text_at(const struct wft *t, size_t off)
{
    return t->sc.node->str + t->base + off;
}

/* The text of reference x up to (without) its segment sg: "steps.build" of steps.build.foo. */
static const char *ref_head(const struct wft *t, const struct wfx *x, const struct wfx_seg *sg,
                            int *len)
{
    const char *head = text_at(t, x->off);
    size_t n = sg->off - x->off;
    while (n && (head[n - 1] == '.' || head[n - 1] == '[' || isspace((unsigned char)head[n - 1])))
        n--;
    *len = (int)n;
    return head;
}

static int is_coll(unsigned k)
{
    return k == WFT_OBJ || k == WFT_ARR;
}

static int is_prim(unsigned k)
{
    return k == WFT_BOOL || k == WFT_NUM || k == WFT_STR;
}

/* Does NUL-terminated b start with the alen bytes of a, ignoring ASCII case (as GitHub matches
 * names)? */
static int ci_prefix(const char *a, size_t alen, const char *b)
{
    for (size_t i = 0; i < alen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z'))
            return 0; /* also stops at b's NUL: no letter differs from NUL by case */
    }
    return 1;
}

static int name_is(const char *a, size_t alen, const char *b)
{
    return ci_prefix(a, alen, b) && b[alen] == '\0';
}

static const struct wfc_where *where(const struct wft *t)
{
    return &wfc_where[t->sc.key];
}

/* ---- the property table ---- */

static int prop_root(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(wfc_props); i++) {
        const char *p = wfc_props[i].path;
        if (name_is(name, len, p))
            return (int)i;
    }
    return -1;
}

/* The entry "<parent>.<name>" (name "*" for the entry of any name), or -1. A parent's
 * descendants follow it in the table. */
static int prop_child(int parent, const char *name, size_t len)
{
    const char *pp = wfc_props[parent].path;
    size_t pl = strlen(pp);
    for (size_t i = (size_t)parent + 1; i < ARRAY_SIZE(wfc_props); i++) {
        const char *p = wfc_props[i].path;
        if (strncmp(p, pp, pl) || p[pl] != '.')
            break;
        const char *c = p + pl + 1;
        if (name_is(name, len, c))
            return (int)i;
    }
    return -1;
}

/* The names of parent's direct children (at most cap), for messages. */
static size_t prop_children(int parent, const char **names, size_t cap)
{
    const char *pp = wfc_props[parent].path;
    size_t pl = strlen(pp), n = 0;
    for (size_t i = (size_t)parent + 1; i < ARRAY_SIZE(wfc_props) && n < cap; i++) {
        const char *p = wfc_props[i].path;
        if (!strncmp(p, pp, pl) && p[pl] == '.' && !strchr(p + pl + 1, '.'))
            names[n++] = p + pl + 1;
    }
    return n;
}

/* The context named name: its index in wfc_names, or -1. */
static int ctx_index(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(wfc_names); i++)
        if ((name[0] | 0x20) == wfc_names[i].name[0] && name_is(name, len, wfc_names[i].name))
            return (int)i;
    return -1;
}

/* "github, needs and vars" for a set of context bits. */
static void ctx_list(unsigned bits, struct strbuf *sb)
{
    size_t n = 0, total = 0;
    for (size_t i = 0; i < ARRAY_SIZE(wfc_names); i++)
        total += (bits & wfc_names[i].bit) != 0;
    for (size_t i = 0; i < ARRAY_SIZE(wfc_names); i++)
        if (bits & wfc_names[i].bit) {
            strbuf_addf(sb, "%s%s", n ? (n + 1 == total ? " and " : ", ") : "", wfc_names[i].name);
            n++;
        }
}

/* ---- availability ---- */

static const char *avail_fix(const struct wft *t, unsigned bit)
{
    unsigned key = t->sc.key;
    if (bit == WFC_SECRETS && (key == WFK_STEP_IF || key == WFK_JOB_IF))
        return "GitHub keeps secrets out of conditions: set an env: value from it in the job or "
               "step (HAS_TOKEN: ${{ secrets.TOKEN != '' }}) and test env.HAS_TOKEN in a step's "
               "if, or use a configuration variable (vars.X) for a setting that is not secret";
    if (bit == WFC_SECRETS)
        return "pass the secret to the reusable workflow under secrets:, not with:";
    if (bit == WFC_MATRIX && key == WFK_JOB_IF)
        return "a job's if is decided before the matrix expands: test the matrix value in the "
               "steps' if, or leave the combination out with strategy.matrix.exclude";
    if (bit == WFC_STEPS)
        return "step results exist only inside the job: read them in its steps, or export them "
               "as job outputs and read needs.<job>.outputs in a later job";
    if (bit == WFC_ENV)
        return "the env context is not built yet there: repeat the value, or use vars.X";
    return "use a context that is available there, or compute the value in a step and pass it "
           "on as an output";
}

static int available(struct wft *t, const struct wfx *x, unsigned bit)
{
    const struct wfc_where *w = where(t);
    if (w->contexts & bit)
        return 1;
    struct strbuf sb = STRBUF_INIT;
    ctx_list(w->contexts, &sb);
    if (!w->contexts)
        wft_issue(t, WFI_AVAILABILITY, SEV_ERROR, x->off,
                  "write the value itself: GitHub evaluates no expression there",
                  "context '%.*s' cannot be used in %s: GitHub rejects the workflow (no context "
                  "is available there)",
                  (int)x->len, x->s, w->human);
    else
        wft_issue(t, WFI_AVAILABILITY, SEV_ERROR, x->off, avail_fix(t, bit),
                  "context '%.*s' is not available in %s: GitHub rejects the workflow (only %s "
                  "are)",
                  (int)x->len, x->s, w->human, sb.buf);
    strbuf_release(&sb);
    return 0;
}

/* ---- references ---- */

static unsigned expr_type(struct wft *t, const struct wfx *x, struct ty *out);

/* While following a reference: what its steps so far name. */
struct walk {
    int e;                      /* the table entry reached, -1: unknown from here on */
    int filtered;               /* an object filter was applied: the value is an array */
    unsigned type;              /* WFT_ANY, or the type a definition gives (inputs) */
    const struct wf_job *job;   /* needs.<job> / jobs.<job>: the job named */
    const struct wf_step *step; /* steps.<id>: the step named */
    const struct ynode **vals;  /* matrix.<key>…: the values it takes */
    size_t nvals;
    int in_matrix;
};

static void names_list(const char *const *names, size_t n, struct strbuf *sb)
{
    for (size_t i = 0; i < n && i < 12; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", names[i]);
    if (n > 12)
        strbuf_addstr(sb, ", …");
}

/* A name that is not defined: the name, the nearest defined one, the defined ones listed, and
 * the fix (already "write 'x'" when there is a near name). */
struct undef {
    char *what;
    const char *near;
    struct strbuf list, fix;
};

static void undef_init(struct undef *u, const struct wfx_seg *sg, const char *const *names,
                       size_t n)
{
    u->what = xstrfmt("%.*s", (int)sg->len, sg->s);
    u->near = did_you_mean(u->what, names, n);
    strbuf_init(&u->list);
    strbuf_init(&u->fix);
    names_list(names, n, &u->list);
    if (u->near)
        strbuf_addf(&u->fix, "write '%s'", u->near);
}

static void undef_release(struct undef *u)
{
    free(u->what);
    strbuf_release(&u->list);
    strbuf_release(&u->fix);
}

/* "… (declared: a, b)" when there are names, nothing otherwise. */
static const char *paren(size_t n, const char *label)
{
    return n ? label : "";
}

static int dyn_steps(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    const struct wf_job *j = t->sc.job;
    if (!j)
        return 1;
    const char *names[64];
    size_t n = 0;
    const struct wf_step *later = NULL;
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *s = &j->steps[i];
        if (!s->id)
            continue;
        int before = wft_step_before(t, s);
        if (name_is(sg->s, sg->len, s->id)) {
            if (before) {
                w->step = s;
                return 1;
            }
            if (!later)
                later = s;
        } else if (before && n < ARRAY_SIZE(names)) {
            names[n++] = s->id;
        }
    }
    struct undef u;
    undef_init(&u, sg, names, n);
    if (later && t->sc.step == later) {
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off,
                  "a step sees the steps before it only: read its result in a later step",
                  "%s is empty: step '%s' is this step itself, which has not run yet", x->path,
                  u.what);
    } else if (later && t->sc.step && later->index == t->sc.step->index) {
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, "read it in a step after the parallel group",
                  "%s is empty: step '%s' runs in parallel with this one in job '%s'", x->path,
                  u.what, j->id);
    } else if (later) {
        strbuf_reset(&u.fix);
        strbuf_addf(&u.fix, "move step '%s' before this one, or read it in a later step", u.what);
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: step '%s' runs after this one in job '%s'", x->path, u.what, j->id);
    } else {
        if (!u.near)
            strbuf_addf(&u.fix, "give the step that produces it 'id: %s'%s%s%s", u.what,
                        paren(n, " (steps with an id before here: "), u.list.buf, paren(n, ")"));
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: no step with id '%s' runs before this one in job '%s'", x->path,
                  u.what, j->id);
    }
    undef_release(&u);
    return 0;
}

static const struct wf_job *job_named(const struct workflow *wf, const char *s, size_t len)
{
    for (size_t i = 0; i < wf->njobs; i++)
        if (name_is(s, len, wf->jobs[i].id))
            return &wf->jobs[i];
    return NULL;
}

/* needs.<…> read in a job that has no needs: at all: it is always empty, and the job does not
 * wait for the jobs it reads (a guard such as !contains(needs.*.result, 'failure') always
 * passes). Once per job, a warning (the job may be meant to start at once, the guard copied
 * from its siblings: for needs.* (star) hygiene, the pedantic persona's); not in a workflow of
 * one job (there is nothing it could wait for). 1 when the job has no needs. */
static int no_needs(struct wft *t, const struct wfx *x, int star)
{
    const struct wf_job *j = t->sc.job;
    if (!j || j->nneeds || j->needs_at.n || t->wf->is_action)
        return 0;
    if (t->no_needs_said != j && (!star || t->no_needs_star != j) && t->wf->njobs > 1) {
        if (star)
            t->no_needs_star = j;
        else
            t->no_needs_said = j;
        char *fix = xstrfmt("list the jobs it should run after in the needs: of job '%s', or "
                            "drop the test of needs",
                            j->id);
        t->hygiene = star; /* needs.*: a guard copied from the siblings, harmless here */
        wft_issue(t, WFI_UNDEFINED, SEV_WARNING, x->off, fix,
                  "%s is empty: job '%s' has no needs:, so it waits for no job and this "
                  "condition sees no result of any (a test of their results always passes)",
                  x->path, j->id);
        t->hygiene = 0;
        free(fix);
    }
    return 1;
}

static int dyn_needs(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    const struct wf_job *j = t->sc.job;
    if (!j || (j->needs_at.n && !yref_is_seq(j->needs_at) && !yref_is_str(j->needs_at)))
        return 1;
    if (no_needs(t, x, 0))
        return 0;
    for (size_t i = 0; i < j->nneeds; i++)
        if (name_is(sg->s, sg->len, j->needs[i])) {
            w->job = j->needs_job[i];
            return 1;
        }
    const struct wf_job *other = job_named(t->wf, sg->s, sg->len);
    struct undef u;
    undef_init(&u, sg, j->needs, j->nneeds);
    if (other) {
        strbuf_reset(&u.fix);
        strbuf_addf(&u.fix, "add '%s' to the needs: of job '%s'", other->id, j->id);
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: job '%s' does not list '%s' in needs:, so its results are not "
                  "there",
                  x->path, j->id, other->id);
    } else {
        if (!u.near)
            strbuf_addstr(&u.fix, "name a job of needs:, or add the job to needs:");
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: there is no job '%s' in this workflow", x->path, u.what);
    }
    undef_release(&u);
    return 0;
}

static int dyn_jobs(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    const struct workflow *wf = t->wf;
    if ((w->job = job_named(wf, sg->s, sg->len)))
        return 1;
    const char **names = arena_alloc(t->a, (wf->njobs + 1) * sizeof(*names));
    for (size_t i = 0; i < wf->njobs; i++)
        names[i] = wf->jobs[i].id;
    struct undef u;
    undef_init(&u, sg, names, wf->njobs);
    if (!u.near)
        strbuf_addstr(&u.fix, "name a job of this workflow");
    wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
              "%s is empty: there is no job '%s' in this workflow", x->path, u.what);
    undef_release(&u);
    return 0;
}

static int dyn_matrix(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    const struct wf_job *j = t->sc.job;
    if (!j)
        return 1;
    const struct wft_matrix *m = wft_matrix_of(t, j);
    if (m->open)
        return 1;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < m->nkeys; i++) {
        if (name_is(sg->s, sg->len, m->keys[i].name)) {
            w->in_matrix = 1;
            w->vals = m->keys[i].vals;
            w->nvals = m->keys[i].nvals;
            return 1;
        }
        if (n < ARRAY_SIZE(names))
            names[n++] = m->keys[i].name;
    }
    struct undef u;
    undef_init(&u, sg, names, n);
    if (m->none) {
        strbuf_reset(&u.fix);
        strbuf_addf(&u.fix, "define '%s' under strategy.matrix of job '%s', or use another value",
                    u.what, j->id);
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: job '%s' has no matrix", x->path, j->id);
    } else {
        if (!u.near)
            strbuf_addf(&u.fix,
                        "add '%s' to the matrix (or to its include: rows), or use one of its "
                        "keys: %s",
                        u.what, u.list.buf);
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: the matrix of job '%s' has no key '%s'", x->path, j->id, u.what);
    }
    undef_release(&u);
    return 0;
}

static int dyn_inputs(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    if (t->inputs_open)
        return 1;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < t->ninputs; i++) {
        if (name_is(sg->s, sg->len, t->inputs[i].name)) {
            w->type = t->inputs[i].type;
            return 1;
        }
        if (n < ARRAY_SIZE(names))
            names[n++] = t->inputs[i].name;
    }
    struct undef u;
    undef_init(&u, sg, names, n);
    if (!t->has_input_triggers) {
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off,
                  "declare it under on.workflow_dispatch.inputs (or workflow_call), or use "
                  "another value",
                  "%s is empty: the workflow has no workflow_dispatch or workflow_call trigger, "
                  "so it has no inputs",
                  x->path);
    } else {
        if (!u.near)
            strbuf_addf(&u.fix,
                        "declare '%s' under inputs: of workflow_dispatch or workflow_call%s%s%s",
                        u.what, paren(n, " (declared: "), u.list.buf, paren(n, ")"));
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: the workflow declares no input '%s'", x->path, u.what);
    }
    undef_release(&u);
    return 0;
}

static int dyn_job_outputs(struct wft *t, const struct wfx *x, const struct wfx_seg *sg,
                           const struct walk *w)
{
    const char **names;
    size_t n;
    if (!w->job || !wft_job_outputs(t, w->job, &names, &n))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (name_is(sg->s, sg->len, names[i]))
            return 1;
    struct undef u;
    undef_init(&u, sg, names, n);
    const char *holder = w->job->uses ? "the reusable workflow of job" : "job";
    const char *under =
        w->job->uses ? "on.workflow_call.outputs of the called workflow" : "the job's outputs:";
    if (!u.near)
        strbuf_addf(&u.fix, "declare '%s' under %s", u.what, under);
    if (n)
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: %s '%s' declares no output '%s' (its outputs: %s)", x->path, holder,
                  w->job->id, u.what, u.list.buf);
    else
        wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                  "%s is empty: %s '%s' declares no outputs", x->path, holder, w->job->id);
    undef_release(&u);
    return 0;
}

static int dyn_step_outputs(struct wft *t, const struct wfx *x, const struct wfx_seg *sg,
                            const struct walk *w)
{
    const char *const *names;
    size_t n;
    if (!w->step || !w->step->uses || !t->o->action_outputs ||
        !t->o->action_outputs(w->step->uses, &names, &n, t->o->action_arg))
        return 1; /* a run: step writes any output to $GITHUB_OUTPUT */
    for (size_t i = 0; i < n; i++)
        if (name_is(sg->s, sg->len, names[i]))
            return 1;
    struct undef u;
    undef_init(&u, sg, names, n);
    if (!u.near)
        strbuf_addstr(&u.fix, "read an output the action declares");
    wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
              "%s is empty: action '%s' has no output '%s' (its outputs: %s)", x->path,
              w->step->uses, u.what, n ? u.list.buf : "none");
    undef_release(&u);
    return 0;
}

/* Names defined by the workflow (steps, needs, matrix keys, inputs, outputs): 1 to go on. */
static int dynamic(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, unsigned flags,
                   struct walk *w)
{
    if (flags & WFP_STEPS)
        return dyn_steps(t, x, sg, w);
    if (flags & WFP_NEEDS)
        return dyn_needs(t, x, sg, w);
    if (flags & WFP_JOBS)
        return dyn_jobs(t, x, sg, w);
    if (flags & WFP_MATRIX)
        return dyn_matrix(t, x, sg, w);
    if (flags & WFP_INPUTS)
        return dyn_inputs(t, x, sg, w);
    if (flags & WFP_JOB_OUT)
        return dyn_job_outputs(t, x, sg, w);
    if (flags & WFP_STEP_OUT)
        return dyn_step_outputs(t, x, sg, w);
    return 1;
}

/* The type of a literal YAML node (a matrix value). */
static unsigned node_kind(const struct ynode *n)
{
    if (!n)
        return WFT_NULL;
    if (n->type == YNODE_MAP)
        return WFT_OBJ;
    if (n->type == YNODE_SEQ)
        return WFT_ARR;
    if (n->type != YNODE_SCALAR || wf_has_expr(n->str))
        return WFT_ANY;
    if (n->style != YSTYLE_PLAIN)
        return WFT_STR;
    int b;
    long long i;
    if (ynode_is_null(n))
        return WFT_NULL;
    if (!ynode_bool(n, &b))
        return WFT_BOOL;
    if (!ynode_int(n, &i))
        return WFT_NUM;
    char *end;
    (void)strtod(n->str, &end);
    return end != n->str && !*end ? WFT_NUM : WFT_STR;
}

static unsigned nodes_kind(const struct ynode *const *v, size_t n)
{
    unsigned k = n ? node_kind(v[0]) : WFT_ANY;
    for (size_t i = 1; i < n; i++)
        if (node_kind(v[i]) != k)
            return WFT_ANY;
    return k;
}

static const struct ynode *map_get_ci(const struct ynode *m, const char *s, size_t len)
{
    for (size_t i = 0; i < m->npairs; i++) {
        const char *k = ynode_str(m->pairs[i].key);
        if (k && name_is(s, len, k))
            return ynode_deref(m->pairs[i].value);
    }
    return NULL;
}

/* One step into matrix values: 1 to go on, 0 stop (reported or unknown: *w set accordingly). */
static int matrix_step(struct wft *t, const struct wfx *x, const struct wfx_seg *sg, struct walk *w)
{
    unsigned k = nodes_kind(w->vals, w->nvals);
    if (k == WFT_OBJ && sg->kind == WFX_SEG_NAME) {
        const struct ynode **next = arena_alloc(t->a, (w->nvals + 1) * sizeof(*next));
        size_t n = 0;
        for (size_t i = 0; i < w->nvals; i++) {
            const struct ynode *c = map_get_ci(w->vals[i], sg->s, sg->len);
            if (c)
                next[n++] = c;
        }
        if (!n) {
            const char *keys[64];
            size_t nk = 0;
            for (size_t i = 0; i < w->nvals; i++)
                for (size_t p = 0; p < w->vals[i]->npairs && nk < ARRAY_SIZE(keys); p++) {
                    const char *key = ynode_str(w->vals[i]->pairs[p].key);
                    int seen = !key;
                    for (size_t m = 0; m < nk && !seen; m++)
                        seen = !strcmp(keys[m], key);
                    if (!seen)
                        keys[nk++] = key;
                }
            struct undef u;
            undef_init(&u, sg, keys, nk);
            if (!u.near)
                strbuf_addf(&u.fix, "use one of its keys (%s), or add '%s' to the matrix values",
                            u.list.buf, u.what);
            int hl;
            const char *head = ref_head(t, x, sg, &hl);
            wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
                      "%s is empty: no value of %.*s has a key '%s' (they have %s)", x->path, hl,
                      head, u.what, u.list.buf);
            undef_release(&u);
            return 0;
        }
        w->vals = next;
        w->nvals = n;
        return 1;
    }
    if (k == WFT_ARR && sg->kind == WFX_SEG_NUM) {
        size_t idx = (size_t)strtoul(sg->s, NULL, 10), n = 0;
        const struct ynode **next = arena_alloc(t->a, (w->nvals + 1) * sizeof(*next));
        for (size_t i = 0; i < w->nvals; i++)
            if (idx < w->vals[i]->nitems)
                next[n++] = ynode_deref(w->vals[i]->items[idx]);
        w->vals = next;
        w->nvals = n;
        w->in_matrix = n > 0;
        return n > 0;
    }
    if (is_prim(k) && (sg->kind == WFX_SEG_NAME || sg->kind == WFX_SEG_STAR)) {
        wft_issue(t, WFI_TYPE, SEV_ERROR, x->off, "read the matrix value itself",
                  "%s is empty: the matrix values there are %ss, which have no properties", x->path,
                  kind_noun(k));
        return 0;
    }
    w->in_matrix = 0;
    w->e = -1;
    return 0;
}

static int seg_is(const struct wfx_seg *sg, const char *name)
{
    return sg->kind == WFX_SEG_NAME && name_is(sg->s, sg->len, name);
}

/* The type of github.event.inputs.<name> without reporting anything. */
static struct ty event_input_quiet(const struct wft *t, const struct wfx *x)
{
    struct ty s = kind(WFT_STR);
    if (!t->event_inputs || x->nsegs != 3 || !seg_is(&x->segs[1], "inputs"))
        return s;
    for (size_t i = 0; i < t->ndispatch; i++)
        if (name_is(x->segs[2].s, x->segs[2].len, t->dispatch[i].name))
            s.booltext = t->dispatch[i].type == WFT_BOOL;
    return s;
}

/* github.event.inputs.<name>: the text of a workflow_dispatch input. */
static struct ty event_input(struct wft *t, const struct wfx *x)
{
    const struct wfx_seg *sg = &x->segs[2];
    if (!t->event_inputs)
        return x->nsegs == 3 ? kind(WFT_STR) : ANY;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < t->ndispatch; i++) {
        if (name_is(sg->s, sg->len, t->dispatch[i].name)) {
            struct ty s = kind(WFT_STR);
            s.booltext = t->dispatch[i].type == WFT_BOOL;
            return x->nsegs == 3 ? s : ANY;
        }
        if (n < ARRAY_SIZE(names))
            names[n++] = t->dispatch[i].name;
    }
    struct undef u;
    undef_init(&u, sg, names, n);
    if (!u.near)
        strbuf_addf(&u.fix, "declare '%s' under on.workflow_dispatch.inputs%s%s%s", u.what,
                    paren(n, " (declared: "), u.list.buf, paren(n, ")"));
    wft_issue(t, WFI_UNDEFINED, SEV_ERROR, x->off, u.fix.buf,
              "%s is empty: workflow_dispatch declares no input '%s'", x->path, u.what);
    undef_release(&u);
    return ANY;
}

static struct ty ref_type(struct wft *t, const struct wfx *x)
{
    for (size_t i = 0; i < x->nsegs; i++)
        if (x->segs[i].kind == WFX_SEG_EXPR) {
            struct ty it;
            expr_type(t, x->segs[i].idx, &it);
        }
    int ci = ctx_index(x->s, x->len);
    unsigned bit = ci < 0 ? 0 : wfc_names[ci].bit;
    if (!bit || !available(t, x, bit) || !(t->o->kinds & (WFI_UNDEFINED | WFI_TYPE | WFI_IF)))
        return ANY;    /* an unknown context is gha/unknown-name's */
    if (!t->roots[ci]) /* found on first use: 1 + the entry */
        t->roots[ci] = 1 + prop_root(wfc_names[ci].name, strlen(wfc_names[ci].name));
    int root = t->roots[ci] - 1;
    if (bit == WFC_GITHUB && x->nsegs >= 3 && seg_is(&x->segs[0], "event") &&
        seg_is(&x->segs[1], "inputs") && x->segs[2].kind == WFX_SEG_NAME)
        return event_input(t, x);
    struct walk w = {.e = root, .type = WFT_ANY};
    for (size_t i = 0; i < x->nsegs && w.e >= 0; i++) {
        const struct wfx_seg *sg = &x->segs[i];
        if (w.in_matrix) {
            if (!matrix_step(t, x, sg, &w))
                return ANY;
            continue;
        }
        const struct wfc_prop *p = &wfc_props[w.e];
        unsigned k = w.type != WFT_ANY ? w.type : p->type;
        if (p->flags & WFP_OPEN) { /* a filter anywhere below still makes an array */
            for (size_t r = i; r < x->nsegs; r++)
                w.filtered |= x->segs[r].kind == WFX_SEG_STAR;
            return w.filtered ? kind(WFT_ARR) : ANY;
        }
        if (is_prim(k) && (sg->kind == WFX_SEG_NAME || sg->kind == WFX_SEG_STAR)) {
            int len;
            const char *head = ref_head(t, x, sg, &len);
            wft_issue(t, WFI_TYPE, SEV_ERROR, x->off, "read the value itself",
                      "%s is empty: %.*s is %s, which has no properties", x->path, len, head,
                      kind_name(k));
            return ANY;
        }
        if (k != WFT_OBJ)
            return ANY;
        if (sg->kind == WFX_SEG_STAR) {
            if ((p->flags & WFP_NEEDS) && !w.filtered && no_needs(t, x, 1))
                return ANY;
            w.filtered = 1;
            w.e = (p->flags & WFP_MAP) ? prop_child(w.e, "*", 1) : -1;
            continue;
        }
        if (sg->kind != WFX_SEG_NAME) {
            w.e = (p->flags & WFP_MAP) ? prop_child(w.e, "*", 1) : -1;
            continue;
        }
        if (p->flags & WFP_MAP) {
            if (!w.filtered && !dynamic(t, x, sg, p->flags, &w))
                return ANY;
            w.e = prop_child(w.e, "*", 1);
            continue;
        }
        int c = prop_child(w.e, sg->s, sg->len);
        if (c < 0) {
            const char *names[64];
            struct undef u;
            undef_init(&u, sg, names, prop_children(w.e, names, ARRAY_SIZE(names)));
            if ((p->flags & WFP_NAMED) && u.near) {
                undef_release(&u);
                return ANY; /* a near miss of a github.<property>: gha/unknown-name's */
            }
            int len, many = str_find(u.list.buf, "…") != NULL;
            if (!u.near && many)
                strbuf_addf(&u.fix, "use a property GitHub's contexts reference lists for %s",
                            p->path);
            else if (!u.near)
                strbuf_addf(&u.fix, "use one of %s", u.list.buf);
            const char *head = ref_head(t, x, sg, &len);
            wft_issue(t, WFI_UNDEFINED,
                      (p->flags & (WFP_ADDS | WFP_NAMED)) ? SEV_WARNING : SEV_ERROR, x->off,
                      u.fix.buf, "%s is empty: %.*s has no property '%s'%s%s%s", x->path, len, head,
                      u.what, many ? "" : " (it has ", many ? "" : u.list.buf, many ? "" : ")");
            undef_release(&u);
            return ANY;
        }
        w.e = c;
    }
    unsigned k = WFT_ANY;
    if (w.in_matrix)
        k = nodes_kind(w.vals, w.nvals);
    else if (w.e >= 0)
        k = w.type != WFT_ANY ? w.type : wfc_props[w.e].type;
    if (w.filtered) {
        struct ty arr = {WFT_ARR, (unsigned char)k, 0, NULL};
        return arr;
    }
    return kind(k);
}

/* ---- functions ---- */

static const struct wfc_func *func_find(const char *s, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(wfc_funcs); i++)
        if (name_is(s, len, wfc_funcs[i].name))
            return &wfc_funcs[i];
    return NULL;
}

/* "inputs.flag", "'true'", "toJSON(…)", for messages. */
static void operand_text(const struct wfx *x, struct strbuf *sb)
{
    switch (x->kind) {
    case WFX_REF: strbuf_addstr(sb, x->path); return;
    case WFX_STR: strbuf_addf(sb, "the string '%s'", x->s); return;
    case WFX_NUM:
    case WFX_BOOL:
    case WFX_NULL: strbuf_addf(sb, "%.*s", (int)x->len, x->s); return;
    case WFX_CALL: strbuf_addf(sb, "%.*s()", (int)x->len, x->s); return;
    default: strbuf_addstr(sb, "the value"); return;
    }
}

/* Check a format string as GitHub's format() reads it: `{{` and `}}` are braces, `{N}` or
 * `{N:spec}` an argument; anything else fails. used[i] set for every N; -1 on an invalid string
 * (*bad: the offset of the offending brace), else the highest N + 1. */
static int format_scan(const char *f, size_t len, unsigned char *used, size_t *bad)
{
    int top = 0;
    for (size_t i = 0; i < len; i++) {
        if (f[i] == '}') {
            if (i + 1 < len && f[i + 1] == '}') {
                i++;
                continue;
            }
            *bad = i;
            return -1;
        }
        if (f[i] != '{')
            continue;
        if (i + 1 < len && f[i + 1] == '{') {
            i++;
            continue;
        }
        size_t j = i + 1;
        unsigned n = 0;
        while (j < len && isdigit((unsigned char)f[j]) && n < 1000)
            n = n * 10 + (unsigned)(f[j++] - '0');
        if (j == i + 1 || n > 255 || j >= len || (f[j] != '}' && f[j] != ':')) {
            *bad = i;
            return -1;
        }
        if (f[j] == ':') { /* format specifiers, `}}` escaped inside */
            while (++j < len && !(f[j] == '}' && !(j + 1 < len && f[j + 1] == '}')))
                if (f[j] == '}')
                    j++;
            if (j >= len) {
                *bad = i;
                return -1;
            }
        }
        used[n] = 1;
        if ((int)n + 1 > top)
            top = (int)n + 1;
        i = j;
    }
    return top;
}

static void check_format(struct wft *t, const struct wfx *call, const struct ty *a, size_t n)
{
    const struct wfx *f = call->args[0];
    for (size_t i = 1; i < n; i++)
        if (is_coll(a[i].k))
            wft_issue(t, WFI_TYPE, SEV_ERROR, call->args[i]->off,
                      "pass toJSON(…) of it, or the property you need",
                      "format() argument %zu is %s: it is written as the text '%s'", i,
                      kind_name(a[i].k), a[i].k == WFT_OBJ ? "Object" : "Array");
    if (f->kind != WFX_STR)
        return;
    unsigned char used[256] = {0};
    size_t bad = 0;
    int top = format_scan(f->s, f->len, used, &bad);
    if (top < 0) {
        wft_issue(t, WFI_TYPE, SEV_ERROR, f->off,
                  "write {N} for argument N, and {{ or }} for a literal brace",
                  "format string '%s' is invalid at '%.*s': the run fails when it is evaluated",
                  f->s, (int)(f->len - bad < 8 ? f->len - bad : 8), f->s + bad);
        return;
    }
    if ((size_t)top > n - 1) {
        wft_issue(t, WFI_TYPE, SEV_ERROR, f->off, "pass a value for every {N}, or renumber them",
                  "format string '%s' refers to {%d} but gets %zu value%s: the run fails when it "
                  "is evaluated",
                  f->s, top - 1, n - 1, n == 2 ? "" : "s");
        return;
    }
    for (size_t i = 1; i < n; i++) {
        if (used[i - 1])
            continue;
        struct strbuf what = STRBUF_INIT;
        operand_text(call->args[i], &what);
        wft_issue(t, WFI_TYPE, SEV_WARNING, call->args[i]->off,
                  "add {N} for it to the format string, or drop the argument",
                  "format() never uses value %zu (%s): the string has no {%zu}", i, what.buf,
                  i - 1);
        strbuf_release(&what);
    }
}

/* A small JSON reader for fromJSON() of a literal: its type, or -1 (*at: where it breaks). */
struct json {
    const char *s;
    size_t len, i;
    int depth;
};

static void json_ws(struct json *j)
{
    while (j->i < j->len && strchr(" \t\r\n", j->s[j->i]))
        j->i++;
}

static int json_value(struct json *j, unsigned *elem);

static int json_string(struct json *j)
{
    for (j->i++; j->i < j->len; j->i++) {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') {
            j->i++;
            return 0;
        }
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            if (++j->i >= j->len || !strchr("\"\\/bfnrtu", j->s[j->i]))
                return -1;
            if (j->s[j->i] == 'u')
                for (int k = 0; k < 4; k++)
                    if (++j->i >= j->len || !isxdigit((unsigned char)j->s[j->i]))
                        return -1;
        }
    }
    return -1;
}

static int json_number(struct json *j)
{
    size_t start = j->i;
    if (j->s[j->i] == '-')
        j->i++;
    size_t digits = j->i;
    while (j->i < j->len && isdigit((unsigned char)j->s[j->i]))
        j->i++;
    if (j->i == digits || (j->s[digits] == '0' && j->i > digits + 1))
        return -1;
    if (j->i < j->len && j->s[j->i] == '.') {
        size_t f = ++j->i;
        while (j->i < j->len && isdigit((unsigned char)j->s[j->i]))
            j->i++;
        if (j->i == f)
            return -1;
    }
    if (j->i < j->len && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->len && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        size_t e = j->i;
        while (j->i < j->len && isdigit((unsigned char)j->s[j->i]))
            j->i++;
        if (j->i == e)
            return -1;
    }
    return j->i > start ? 0 : -1;
}

static int json_word(struct json *j, const char *w)
{
    size_t n = strlen(w);
    if (j->len - j->i < n || strncmp(j->s + j->i, w, n))
        return -1;
    j->i += n;
    return 0;
}

/* Members of an object or items of an array up to `close`; *elem: the items' common type. */
static int json_items(struct json *j, char close, unsigned *elem)
{
    j->i++;
    json_ws(j);
    if (j->i < j->len && j->s[j->i] == close) {
        j->i++;
        return 0;
    }
    int first = 1;
    for (;;) {
        json_ws(j);
        if (close == '}') {
            if (j->i >= j->len || j->s[j->i] != '"' || json_string(j) < 0)
                return -1;
            json_ws(j);
            if (j->i >= j->len || j->s[j->i] != ':')
                return -1;
            j->i++;
        }
        unsigned sub;
        int k = json_value(j, &sub);
        if (k < 0)
            return -1;
        *elem = first || (unsigned)k == *elem ? (unsigned)k : WFT_ANY;
        first = 0;
        json_ws(j);
        if (j->i < j->len && j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->i < j->len && j->s[j->i] == close) {
            j->i++;
            return 0;
        }
        return -1;
    }
}

static int json_value(struct json *j, unsigned *elem)
{
    json_ws(j);
    *elem = WFT_ANY;
    if (j->i >= j->len || ++j->depth > 64)
        return -1;
    int k;
    char c = j->s[j->i];
    if (c == '{')
        k = json_items(j, '}', elem) < 0 ? -1 : WFT_OBJ;
    else if (c == '[')
        k = json_items(j, ']', elem) < 0 ? -1 : WFT_ARR;
    else if (c == '"')
        k = json_string(j) < 0 ? -1 : WFT_STR;
    else if (c == 't')
        k = json_word(j, "true") < 0 ? -1 : WFT_BOOL;
    else if (c == 'f')
        k = json_word(j, "false") < 0 ? -1 : WFT_BOOL;
    else if (c == 'n')
        k = json_word(j, "null") < 0 ? -1 : WFT_NULL;
    else
        k = json_number(j) < 0 ? -1 : WFT_NUM;
    j->depth--;
    return k;
}

static struct ty check_fromjson(struct wft *t, const struct wfx *arg)
{
    if (arg->kind != WFX_STR)
        return ANY;
    struct json j = {arg->s, arg->len, 0, 0};
    unsigned elem;
    int k = json_value(&j, &elem);
    json_ws(&j);
    if (k < 0 || j.i < j.len) {
        wft_issue(t, WFI_TYPE, SEV_ERROR, arg->off,
                  "write valid JSON (double quotes around strings and names, no trailing comma)",
                  "fromJSON() gets invalid JSON (it breaks at offset %zu): the run fails when it "
                  "is evaluated",
                  j.i);
        return ANY;
    }
    struct ty out = {(unsigned char)k, (unsigned char)(k == WFT_ARR ? elem : WFT_ANY), 0, NULL};
    return out;
}

static void check_args(struct wft *t, const struct wfx *x, const struct wfc_func *f,
                       const struct ty *a, size_t n)
{
    const char *name = f->name;
    if (!strcmp(name, "startsWith") || !strcmp(name, "endsWith") || !strcmp(name, "hashFiles") ||
        (!strcmp(name, "contains") && n == 2)) {
        for (size_t i = 0; i < n; i++) {
            int search = !strcmp(name, "contains") && i == 0;
            if (!is_coll(a[i].k) || (search && a[i].k == WFT_ARR))
                continue;
            struct strbuf what = STRBUF_INIT;
            operand_text(x->args[i], &what);
            wft_issue(t, WFI_TYPE, SEV_WARNING, x->args[i]->off,
                      search ? "search a string or an array (an object filter such as "
                               "labels.*.name gives one)"
                             : "pass a string (toJSON(…) of it, or one of its properties)",
                      "%s() argument %zu, %s, is %s: GitHub does not convert it to a string, so "
                      "the result is false",
                      name, i + 1, what.buf, kind_name(a[i].k));
            strbuf_release(&what);
        }
    } else if (!strcmp(name, "format")) {
        check_format(t, x, a, n);
    } else if (!strcmp(name, "join")) {
        if (a[0].k == WFT_OBJ)
            wft_issue(t, WFI_TYPE, SEV_WARNING, x->args[0]->off,
                      "join an array (an object filter such as needs.*.result gives one)",
                      "join() gets an object: it joins arrays and strings only");
    } else if (!strcmp(name, "case")) {
        if (n % 2 == 0)
            wft_issue(t, WFI_TYPE, SEV_ERROR, x->off,
                      "give case() pairs of condition and value, then one default value",
                      "case() gets %zu arguments, an even number: it needs condition/value pairs "
                      "and a default, and the run fails",
                      n);
        for (size_t i = 0; i + 1 < n; i += 2)
            if (a[i].k != WFT_ANY && a[i].k != WFT_BOOL)
                wft_issue(t, WFI_TYPE, SEV_ERROR, x->args[i]->off,
                          "make each condition a comparison or another boolean expression",
                          "case() condition %zu is %s, not a boolean: the run fails when it is "
                          "evaluated",
                          i / 2 + 1, kind_name(a[i].k));
    }
}

static struct ty call_type(struct wft *t, const struct wfx *x)
{
    struct ty a[32];
    size_t n = x->nargs < ARRAY_SIZE(a) ? x->nargs : ARRAY_SIZE(a);
    for (size_t i = 0; i < n; i++)
        expr_type(t, x->args[i], &a[i]);
    const struct wfc_func *f = func_find(x->s, x->len);
    if (!f) {
        const char *names[ARRAY_SIZE(wfc_funcs)];
        for (size_t i = 0; i < ARRAY_SIZE(wfc_funcs); i++)
            names[i] = wfc_funcs[i].name;
        char *name = xstrfmt("%.*s", (int)x->len, x->s);
        const char *near = did_you_mean(name, names, ARRAY_SIZE(names));
        char *fix = near ? xstrfmt("write '%s'", near)
                         : xstrdup("use a function GitHub defines (contains, startsWith, "
                                   "endsWith, format, join, toJSON, fromJSON, hashFiles, case, "
                                   "success, always, cancelled, failure)");
        wft_issue(t, WFI_TYPE, SEV_ERROR, x->off, fix,
                  "unknown function '%s': GitHub rejects the workflow", name);
        free(fix);
        free(name);
        return ANY;
    }
    const struct wfc_where *w = where(t);
    if (f->special && !(w->funcs & f->special)) {
        int status = (f->special & WFF_STATUS) != 0;
        wft_issue(t, WFI_AVAILABILITY, SEV_ERROR, x->off,
                  status ? "outside an if, read job.status, steps.<id>.outcome or "
                           "needs.<job>.result instead"
                         : "compute the hash in a step (hashFiles() is available there) and "
                           "pass it on as an output",
                  "%s() is not available in %s: GitHub rejects the workflow (%s)", f->name,
                  w->human,
                  status ? "status functions work in if conditions only"
                         : "hashFiles() works in steps only");
        return kind(f->ret);
    }
    unsigned max = f->max;
    if ((f->special & (WFF_SUCCESS | WFF_FAILURE)) && (w->funcs & WFF_JOB_STATUS))
        max = 255; /* a job's if: success('build') */
    if (x->nargs < f->min || x->nargs > max) {
        const char *bound = f->min == max ? "" : x->nargs < f->min ? "at least " : "at most ";
        unsigned want = x->nargs < f->min ? f->min : max;
        char *fix = want
                        ? xstrfmt("call it with %s%u argument%s", bound, want, want == 1 ? "" : "s")
                        : xstrfmt("call it without arguments: %s()", f->name);
        wft_issue(t, WFI_TYPE, SEV_ERROR, x->off, fix,
                  "%s() takes %s%u argument%s, not %zu: GitHub rejects the workflow", f->name,
                  bound, want, want == 1 ? "" : "s", x->nargs);
        free(fix);
        return kind(f->ret);
    }
    check_args(t, x, f, a, n);
    if (!strcmp(f->name, "fromJSON"))
        return check_fromjson(t, x->args[0]);
    if (!strcmp(f->name, "case")) {
        struct ty out = n > 1 ? a[1] : ANY;
        for (size_t i = 3; i < n; i += 2)
            if (a[i].k != out.k)
                out = ANY;
        if (n % 2 && n > 1 && a[n - 1].k != out.k)
            out = ANY;
        out.lit = NULL;
        return out;
    }
    return kind(f->ret);
}

/* ---- operators ---- */

/* Is a string literal one GitHub's number conversion turns into NaN? */
static int literal_nan(const struct ty *a)
{
    if (!a->lit || a->lit->kind != WFX_STR)
        return 0;
    const char *s = a->lit->s;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s || (s[0] == '0' && s[1] == 'o'))
        return 0; /* '' is 0; 0o17 is octal */
    char *end;
    (void)strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end == s || *end;
}

/* Which comparison mistake side `a` (against b) makes: 0 none, 1 a collection against a value,
 * 2 a boolean dispatch input's text against a boolean, 3 a boolean or number against a string
 * that is NaN. */
static int compare_fault(int eq, const struct ty *a, const struct ty *b)
{
    if (is_coll(a->k) && (is_prim(b->k) || (!eq && b->k != WFT_ANY)))
        return 1;
    if (a->booltext && b->lit && b->lit->kind == WFX_BOOL)
        return 2;
    if ((a->k == WFT_BOOL || a->k == WFT_NUM) && !a->lit && literal_nan(b))
        return 3;
    return 0;
}

static void check_compare(struct wft *t, const struct wfx *x, const struct ty *l,
                          const struct ty *r)
{
    int eq = x->s[0] == '=' || x->s[0] == '!', side, fault = 0;
    for (side = 0; side < 2 && !fault; side++)
        fault = compare_fault(eq, side ? r : l, side ? l : r);
    if (!fault)
        return;
    side--;
    const char *never = !eq ? "always false" : x->s[0] == '!' ? "always true" : "always false";
    const struct ty *a = side ? r : l;
    const struct wfx *ax = x->args[side], *bx = x->args[!side];
    struct strbuf at = STRBUF_INIT, bt = STRBUF_INIT;
    operand_text(ax, &at);
    operand_text(bx, &bt);
    char *fix = NULL;
    if (fault == 1) {
        wft_issue(t, WFI_TYPE, SEV_ERROR, ax->off,
                  a->k == WFT_ARR ? "test membership with contains(…), or compare one item"
                                  : "compare one of its properties, or test it alone",
                  "%s is %s: comparing it with %s is %s (GitHub compares mismatched types as "
                  "numbers, and %s is NaN)",
                  at.buf, kind_name(a->k), bt.buf, never, kind_name(a->k));
    } else if (fault == 2) {
        fix = xstrfmt("compare with the string: %s == '%.*s', or use inputs.%s, which is a "
                      "boolean",
                      ax->path, (int)bx->len, bx->s, strrchr(ax->path, '.') + 1);
        wft_issue(t, WFI_TYPE, SEV_ERROR, bx->off, fix,
                  "%s is the string 'true' or 'false': comparing it with %.*s is %s (GitHub "
                  "compares them as numbers, and the string is NaN)",
                  at.buf, (int)bx->len, bx->s, never);
    } else {
        int word = !strcasecmp(bx->s, "true") || !strcasecmp(bx->s, "false");
        fix = a->k != WFT_BOOL ? xstrfmt("compare with a number")
              : word           ? xstrfmt("compare with %s, not '%s' (or test %s alone)",
                               !strcasecmp(bx->s, "false") ? "false" : "true", bx->s, at.buf)
                               : xstrfmt("compare with true or false (or test %s alone)", at.buf);
        wft_issue(t, WFI_TYPE, SEV_ERROR, bx->off, fix,
                  "%s is %s: comparing it with %s is %s (GitHub compares them as numbers, and "
                  "'%s' is NaN)",
                  at.buf, kind_name(a->k), bt.buf, never, bx->s);
    }
    free(fix);
    strbuf_release(&at);
    strbuf_release(&bt);
}

static unsigned expr_type(struct wft *t, const struct wfx *x, struct ty *out)
{
    *out = ANY;
    if (!x)
        return WFT_ANY;
    switch (x->kind) {
    case WFX_NULL: *out = kind(WFT_NULL); break;
    case WFX_BOOL: *out = kind(WFT_BOOL); break;
    case WFX_NUM: *out = kind(WFT_NUM); break;
    case WFX_STR: *out = kind(WFT_STR); break;
    case WFX_REF: *out = ref_type(t, x); return out->k;
    case WFX_CALL: *out = call_type(t, x); return out->k;
    case WFX_NOT: {
        struct ty a;
        expr_type(t, x->args[0], &a);
        *out = kind(WFT_BOOL);
        return WFT_BOOL;
    }
    case WFX_AND:
    case WFX_OR: {
        struct ty a, b;
        expr_type(t, x->args[0], &a);
        expr_type(t, x->args[1], &b);
        *out = a.k == b.k ? kind(a.k) : ANY;
        return out->k;
    }
    case WFX_CMP: {
        struct ty a, b;
        expr_type(t, x->args[0], &a);
        expr_type(t, x->args[1], &b);
        check_compare(t, x, &a, &b);
        *out = kind(WFT_BOOL);
        return WFT_BOOL;
    }
    case WFX_INDEX: {
        struct ty a;
        expr_type(t, x->args[0], &a);
        if (x->nargs > 1)
            expr_type(t, x->args[1], &a);
        return WFT_ANY;
    }
    }
    out->lit = x;
    return out->k;
}

unsigned wft_check_expr(struct wft *t, const struct wfx *x)
{
    struct ty ty;
    return expr_type(t, x, &ty);
}

void wft_check_cond(struct wft *t, const struct wfx *x)
{
    struct ty ty;
    if (t->o->kinds != WFI_IF)
        expr_type(t, x, &ty);
    const struct wfx *v = x;
    if (v->kind == WFX_NOT && v->args[0]->kind == WFX_REF)
        v = v->args[0];
    if (v->kind != WFX_REF || v->nsegs != 3 || !seg_is(&v->segs[0], "event"))
        return;
    struct ty in = event_input_quiet(t, v);
    if (!in.booltext)
        return;
    char *fix = xstrfmt("test inputs.%.*s (a boolean) instead, or compare: %s == 'true'",
                        (int)v->segs[2].len, v->segs[2].s, v->path);
    wft_issue(t, WFI_IF, SEV_ERROR, v->off, fix,
              "%s is the text 'true' or 'false', and both are non-empty strings: this if is %s on "
              "every workflow_dispatch run, whatever the input says",
              v->path, v == x ? "true" : "false");
    free(fix);
}

void wft_check_template(struct wft *t, const struct wfx *x)
{
    struct ty ty;
    expr_type(t, x, &ty);
    if (!is_coll(ty.k))
        return;
    struct strbuf what = STRBUF_INIT;
    operand_text(x, &what);
    wft_issue(t, WFI_TYPE, SEV_ERROR, x->off,
              ty.k == WFT_OBJ ? "write toJSON(…) of it, or the property you need"
                              : "write join(…, ', ') or toJSON(…) of it",
              "%s is %s: written into text, it becomes '%s', not its contents", what.buf,
              kind_name(ty.k), ty.k == WFT_OBJ ? "Object" : "Array");
    strbuf_release(&what);
}
