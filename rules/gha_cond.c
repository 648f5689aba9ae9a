/* gha_cond.c — which runs a trigger starts (its scenes: the event and what is known of
 * github.ref), and whether a job's `if:` lets it run in one: a small evaluator of the expression
 * language over values that are true, false, or unknown. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/util.h"

/* ---- events ---- */

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[+!") != NULL;
}

static int is_main(const char *const *mains, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(mains[i], b))
            return 1;
    return 0;
}

int gha_push_tags_only(const struct wf_trigger *t)
{
    return (t->tags.at.n || t->tags_ignore.at.n) && !t->branches.at.n && !t->branches_ignore.at.n;
}

/* Scenes are appended to a bounded array. */
struct scenes {
    struct gha_scene *v;
    size_t n, cap;
    struct gha_scene base;
};

static struct gha_scene *scene(struct scenes *s, enum gha_ref ref)
{
    if (s->n >= s->cap)
        return NULL;
    struct gha_scene *x = &s->v[s->n++];
    *x = s->base;
    x->ref = ref;
    return x;
}

/* A push: a run per named branch, one for the main branch and one for any other when globs or
 * ignores leave them open, and a tag push unless only branches are filtered. */
static void push_scenes(const struct wf_trigger *t, struct scenes *s)
{
    const char *const *mains = s->base.mains;
    size_t nmains = s->base.nmains;
    int bf = t->branches.at.n || t->branches_ignore.at.n;
    int tf = t->tags.at.n || t->tags_ignore.at.n;
    if (bf || !tf) {
        int other = 0, main_any = 0;
        for (size_t i = 0; t->branches.at.n && i < t->branches.n; i++) {
            const char *b = t->branches.v[i];
            struct gha_scene *x;
            if (b[0] == '!')
                continue;
            if (has_glob(b)) {
                other = 1;
                for (size_t k = 0; k < nmains; k++)
                    main_any |= glob_match(b, mains[k]);
            } else if ((x = scene(s, GREF_BRANCH))) {
                x->branch = b;
                x->main_branch = is_main(mains, nmains, b);
                snprintf(x->full_ref, sizeof(x->full_ref), "refs/heads/%s", b);
            }
        }
        if (!t->branches.at.n) {
            other = main_any = 1;
            for (size_t i = 0; i < t->branches_ignore.n; i++)
                main_any &= !is_main(mains, nmains, t->branches_ignore.v[i]);
        }
        struct gha_scene *x;
        if (main_any && (x = scene(s, GREF_BRANCH)))
            x->main_branch = 1;
        if (other && (x = scene(s, GREF_BRANCH)))
            x->main_branch = 0;
    }
    if (tf || !bf)
        scene(s, GREF_TAG);
}

static int event_in(const char *ev, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev, list[i]))
            return 1;
    return 0;
}

size_t gha_trigger_scenes(const struct wf_trigger *t, const char *const *mains, size_t nmains,
                          struct gha_scene *out, size_t cap)
{
    static const char *const pr[] = {"pull_request", "pull_request_review",
                                     "pull_request_review_comment"};
    static const char *const any_ref[] = {
        "workflow_dispatch", "workflow_call",     "pull_request_target", "create",      "delete",
        "deployment",        "deployment_status", "check_run",           "check_suite", "status"};
    struct scenes s = {out, 0, cap, {t->event, GREF_UNKNOWN, NULL, 0, NULL, mains, nmains, ""}};
    const char *ev = t->event;
    struct gha_scene *x;
    if (!strcmp(ev, "push"))
        push_scenes(t, &s);
    else if (event_in(ev, pr, ARRAY_SIZE(pr)))
        scene(&s, GREF_PR);
    else if (!strcmp(ev, "release"))
        scene(&s, GREF_TAG);
    else if (event_in(ev, any_ref, ARRAY_SIZE(any_ref)))
        scene(&s, GREF_UNKNOWN);
    else if ((x = scene(&s, GREF_BRANCH))) /* merge queue branches; else the default branch */
        x->main_branch = strcmp(ev, "merge_group") != 0;
    return s.n;
}

/* ---- conditions ---- */

enum vkind { V_UNKNOWN = 0, V_STR, V_BOOL, V_NUM, V_NULL, V_LIST, V_REF, V_REFNAME, V_REFTYPE };

/* A value during evaluation. V_REF / V_REFNAME: github.ref / github.ref_name of the scene when
 * only its kind is known. */
struct val {
    enum vkind k;
    const char *s;
    size_t len;
    int b;
    const struct gha_scene *sc;
    char buf[8][64]; /* V_LIST items (a copy of the value keeps them) */
    size_t n;
};

static enum tri truthy(const struct val *v)
{
    switch (v->k) {
    case V_BOOL: return v->b ? TRI_TRUE : TRI_FALSE;
    case V_STR: return v->len ? TRI_TRUE : TRI_FALSE;
    case V_NULL: return TRI_FALSE;
    case V_LIST: return TRI_TRUE;
    case V_REF:
    case V_REFNAME:
    case V_REFTYPE: return TRI_TRUE; /* never empty in a run */
    default: return TRI_UNKNOWN;
    }
}

static void eval(const struct wfx *x, const struct gha_scene *sc, struct val *out, int depth);

static void set_str(struct val *v, const char *s)
{
    v->k = V_STR;
    v->s = s;
    v->len = strlen(s);
}

static void eval_ref(const struct wfx *x, const struct gha_scene *sc, struct val *out)
{
    const char *p = x->path;
    out->sc = sc;
    if (!strcasecmp(p, "github.event_name")) {
        set_str(out, sc->event);
    } else if (!strcasecmp(p, "github.ref") || !strcasecmp(p, "github.ref_name")) {
        int name = !strcasecmp(p, "github.ref_name");
        if (sc->ref == GREF_BRANCH && sc->branch) {
            set_str(out, name ? sc->branch : sc->full_ref);
        } else if (sc->ref != GREF_UNKNOWN) {
            out->k = name ? V_REFNAME : V_REF;
        }
    } else if (!strcasecmp(p, "github.ref_type")) {
        if (sc->ref == GREF_BRANCH || sc->ref == GREF_PR) /* a PR's refs/pull/N/merge: branch */
            set_str(out, "branch");
        else if (sc->ref == GREF_TAG)
            set_str(out, "tag");
    } else if (!strcasecmp(p, "github.event.workflow_run.conclusion") && sc->wr_conclusion) {
        set_str(out, sc->wr_conclusion);
    }
}

/* Is a literal ref/name (s) possibly the scene's github.ref (name: github.ref_name)? */
static enum tri ref_equals(const struct gha_scene *sc, int name, const char *s, size_t len)
{
    char b[256];
    snprintf(b, sizeof(b), "%.*s", (int)len, s);
    const char *branch = name ? b : starts_with(b, "refs/heads/") ? b + 11 : NULL;
    if (sc->ref == GREF_TAG)
        return !name && !starts_with(b, "refs/tags/") ? TRI_FALSE : TRI_UNKNOWN;
    if (sc->ref == GREF_PR)
        return !name && !starts_with(b, "refs/pull/") ? TRI_FALSE : TRI_UNKNOWN;
    if (sc->ref == GREF_BRANCH) {
        if (!branch)
            return TRI_FALSE;
        if (sc->main_branch == 0 && is_main(sc->mains, sc->nmains, branch))
            return TRI_FALSE; /* the scene is a push to another branch than main */
        if (sc->main_branch == 1 && !is_main(sc->mains, sc->nmains, branch))
            return TRI_FALSE;
    }
    return TRI_UNKNOWN;
}

static enum tri starts(const struct val *a, const struct val *b)
{
    if (b->k != V_STR)
        return TRI_UNKNOWN;
    if (a->k == V_STR)
        return a->len >= b->len && !strncasecmp(a->s, b->s, b->len) ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_REF) {
        const char *pre = a->sc->ref == GREF_TAG      ? "refs/tags/"
                          : a->sc->ref == GREF_PR     ? "refs/pull/"
                          : a->sc->ref == GREF_BRANCH ? "refs/heads/"
                                                      : NULL;
        if (!pre)
            return TRI_UNKNOWN;
        size_t pl = strlen(pre);
        if (b->len <= pl)
            return !strncasecmp(pre, b->s, b->len) ? TRI_TRUE : TRI_FALSE;
        return strncasecmp(pre, b->s, pl) ? TRI_FALSE : TRI_UNKNOWN;
    }
    return TRI_UNKNOWN;
}

static enum tri equals(const struct val *a, const struct val *b)
{
    if (a->k == V_STR && b->k == V_STR)
        return a->len == b->len && !strncasecmp(a->s, b->s, a->len) ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_BOOL && b->k == V_BOOL)
        return a->b == b->b ? TRI_TRUE : TRI_FALSE;
    if (a->k == V_NULL && b->k == V_NULL)
        return TRI_TRUE;
    if ((a->k == V_REF || a->k == V_REFNAME) && b->k == V_STR)
        return ref_equals(a->sc, a->k == V_REFNAME, b->s, b->len);
    if ((b->k == V_REF || b->k == V_REFNAME) && a->k == V_STR)
        return ref_equals(b->sc, b->k == V_REFNAME, a->s, a->len);
    return TRI_UNKNOWN;
}

/* fromJSON('["a","b"]'): a list of short strings. */
static void strings_of_json(const struct val *arg, struct val *out)
{
    if (arg->k != V_STR)
        return;
    const char *s = arg->s, *end = arg->s + arg->len;
    while (s < end && isspace((unsigned char)*s))
        s++;
    if (s >= end || *s != '[')
        return;
    s++;
    out->n = 0;
    for (;;) {
        while (s < end && (isspace((unsigned char)*s) || *s == ','))
            s++;
        if (s < end && *s == ']') {
            out->k = V_LIST;
            return;
        }
        if (s >= end || *s != '"' || out->n == ARRAY_SIZE(out->buf))
            return;
        const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
        if (!q || (size_t)(q - s - 1) >= sizeof(out->buf[0]))
            return;
        snprintf(out->buf[out->n++], sizeof(out->buf[0]), "%.*s", (int)(q - s - 1), s + 1);
        s = q + 1;
    }
}

static void eval_call(const struct wfx *x, const struct gha_scene *sc, struct val *out, int depth)
{
    const char *f = x->s;
    size_t fl = x->len;
#define IS(name) (fl == strlen(name) && !strncasecmp(f, name, fl))
    if (IS("success") || IS("always")) {
        out->k = V_BOOL;
        out->b = 1;
        return;
    }
    if (x->nargs == 2 && (IS("startsWith") || IS("contains") || IS("endsWith"))) {
        struct val *a = xcalloc(2, sizeof(*a));
        eval(x->args[0], sc, &a[0], depth + 1);
        eval(x->args[1], sc, &a[1], depth + 1);
        enum tri r = TRI_UNKNOWN;
        if (IS("startsWith") || (IS("contains") && a[0].k == V_REF && a[1].k == V_STR &&
                                 a[1].len > 5 && !strncasecmp(a[1].s, "refs/", 5))) {
            /* contains(github.ref, 'refs/tags/') asks what the ref starts with: only a branch
             * named like "x/refs/tags/y" would tell the two apart */
            r = starts(&a[0], &a[1]);
        } else if (IS("contains") && a[0].k == V_LIST) {
            r = TRI_FALSE;
            for (size_t i = 0; i < a[0].n && r != TRI_TRUE; i++) {
                struct val item = {0};
                set_str(&item, a[0].buf[i]);
                enum tri e = equals(&item, &a[1]);
                if (e != TRI_FALSE)
                    r = e;
            }
        } else if (a[0].k == V_STR && a[1].k == V_STR) {
            char hay[512], needle[256];
            snprintf(hay, sizeof(hay), "%.*s", (int)a[0].len, a[0].s);
            snprintf(needle, sizeof(needle), "%.*s", (int)a[1].len, a[1].s);
            if (IS("contains"))
                r = strcasestr(hay, needle) ? TRI_TRUE : TRI_FALSE;
            else
                r = strlen(hay) >= strlen(needle) &&
                            !strcasecmp(hay + strlen(hay) - strlen(needle), needle)
                        ? TRI_TRUE
                        : TRI_FALSE;
        }
        free(a);
        if (r != TRI_UNKNOWN) {
            out->k = V_BOOL;
            out->b = r == TRI_TRUE;
        }
        return;
    }
    if (x->nargs == 1 && IS("fromJSON")) {
        struct val a = {0};
        eval(x->args[0], sc, &a, depth + 1);
        strings_of_json(&a, out);
        return;
    }
#undef IS
}

static void eval(const struct wfx *x, const struct gha_scene *sc, struct val *out, int depth)
{
    memset(out, 0, sizeof(*out));
    if (!x || depth > 64)
        return;
    switch (x->kind) {
    case WFX_NULL: out->k = V_NULL; return;
    case WFX_BOOL:
        out->k = V_BOOL;
        out->b = x->len == 4; /* "true" */
        return;
    case WFX_STR:
        out->k = V_STR;
        out->s = x->s;
        out->len = x->len;
        return;
    case WFX_NUM: out->k = V_NUM; return;
    case WFX_REF: eval_ref(x, sc, out); return;
    case WFX_CALL: eval_call(x, sc, out, depth); return;
    case WFX_NOT: {
        struct val a;
        eval(x->args[0], sc, &a, depth + 1);
        enum tri t = truthy(&a);
        if (t != TRI_UNKNOWN) {
            memset(out, 0, sizeof(*out));
            out->k = V_BOOL;
            out->b = t == TRI_FALSE;
        }
        return;
    }
    case WFX_AND:
    case WFX_OR: {
        struct val *a = xcalloc(1, sizeof(*a));
        eval(x->args[0], sc, a, depth + 1);
        enum tri ta = truthy(a);
        enum tri stop = x->kind == WFX_AND ? TRI_FALSE : TRI_TRUE;
        if (ta == stop) {
            *out = *a;
        } else {
            eval(x->args[1], sc, out, depth + 1);
            enum tri tb = truthy(out);
            if (ta == TRI_UNKNOWN && tb != stop) { /* the result depends on a */
                memset(out, 0, sizeof(*out));
            }
        }
        free(a);
        return;
    }
    case WFX_CMP: {
        struct val *a = xcalloc(2, sizeof(*a));
        eval(x->args[0], sc, &a[0], depth + 1);
        eval(x->args[1], sc, &a[1], depth + 1);
        if (!strcmp(x->s, "==") || !strcmp(x->s, "!=")) {
            enum tri e = equals(&a[0], &a[1]);
            if (e != TRI_UNKNOWN) {
                out->k = V_BOOL;
                out->b = (e == TRI_TRUE) == !strcmp(x->s, "==");
            }
        }
        free(a);
        return;
    }
    default: return;
    }
}

enum tri gha_eval_if(struct yref if_, const struct wfx *x, const struct gha_scene *sc)
{
    if (!if_.n)
        return TRI_TRUE;
    if (yref_is_str(if_) && if_.n->style == YSTYLE_PLAIN &&
        (!strcmp(if_.n->str, "false") || !strcmp(if_.n->str, "true")))
        return if_.n->str[0] == 't' ? TRI_TRUE : TRI_FALSE;
    if (!x)
        return TRI_UNKNOWN;
    struct val *v = xcalloc(1, sizeof(*v));
    eval(x, sc, v, 0);
    enum tri r = truthy(v);
    free(v);
    return r;
}

/* state: per job, 0 not seen, 1 being decided (a cycle: assume it runs), 2 runs, 3 does not.
 * Chains of needs deeper than a thousand jobs are assumed to run (the stack stays bounded). */
static int reachable(const struct workflow *wf, const struct wf_job *j, const struct gha_scene *sc,
                     unsigned char *state, int depth)
{
    unsigned char *st = &state[j - wf->jobs];
    if (*st)
        return *st != 3;
    if (depth > 1000)
        return 1;
    *st = 1;
    int ok = gha_eval_if(j->if_, j->if_x, sc) != TRI_FALSE;
    for (size_t i = 0; ok && i < j->nneeds; i++)
        if (j->needs_job[i] && !reachable(wf, j->needs_job[i], sc, state, depth + 1))
            ok = 0;
    *st = ok ? 2 : 3;
    return ok;
}

void gha_reachable_jobs(const struct workflow *wf, const struct gha_scene *sc, unsigned char *out)
{
    unsigned char *state = xcalloc(wf->njobs + 1, 1);
    for (size_t i = 0; i < wf->njobs; i++)
        out[i] = (unsigned char)reachable(wf, &wf->jobs[i], sc, state, 0);
    free(state);
}
