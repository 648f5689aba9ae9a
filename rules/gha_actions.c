/* gha_actions.c — steps checked against what the actions they call declare (the offline action
 * metadata of gha_action_meta.h, and local actions read from the repository): inputs given to
 * an action (gha/action-input), outputs read from a step that runs one (gha/action-output), and
 * action versions GitHub has retired (gha/retired-action); workflow commands GitHub disabled or
 * deprecated (gha/deprecated-command). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_action_meta.h"
#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

/* What one step runs: the parsed `uses:` and the versions it can be. */
struct step_action {
    struct gha_uses u;
    struct gha_action_set set;
    struct gha_action_meta local; /* a local action read from the repository */
    int is_local;
    int comment_only; /* the version is only what a comment after a commit SHA says */
};

/* Resolve the action of a step (its inputs too when inputs is set); 0 when it is known (remote
 * in the table, or local and read). */
static int resolve(const struct workflow *wf, const struct wf_step *st, struct arena *a, int inputs,
                   struct step_action *out)
{
    out->is_local = 0;
    out->set.n = 0;
    out->u.name[0] = '\0';
    if (!st->uses || !st->uses_at.n)
        return -1;
    if (wf_uses_local(st->uses)) {
        if (gha_local_action(wf, st->uses, a, &out->local))
            return -1;
        out->is_local = 1;
        out->set.v[0] = &out->local;
        out->set.n = 1;
        out->set.exact = 1;
        return 0;
    }
    if (gha_uses_parse(st->uses, NULL, &out->u))
        return -1;
    out->comment_only = 0;
    if (out->u.sha && !gha_uses_commit_version(&out->u)) {
        /* a pinned commit the table does not know: the `# v4.1.0` comment after it says which
         * (when it was kept up to date) */
        size_t cl = 0;
        const char *c = gha_line_comment(wf, st->uses_at.n->end, &cl);
        char comment[64];
        if (c) {
            snprintf(comment, sizeof(comment), "%.*s", (int)(cl < 63 ? cl : 63), c);
            gha_uses_parse(st->uses, comment, &out->u);
            out->comment_only = out->u.major >= 0;
        }
    }
    gha_action_lookup(&out->u, a, inputs, &out->set);
    return out->set.n ? 0 : -1;
}

/* ---- gha/action-input ---- */

/* "jobs.<id>.steps[i].with", made on first use. */
static const char *with_path(char **path, const struct wf_job *j, const struct wf_step *st)
{
    if (!*path)
        *path = gha_path(j, st, "with");
    return *path;
}

/* Steps of one workflow that use the same action at the same ref with the same `with:` keys:
 * what gha/action-input says of one it says of all — one finding, the others related. */
struct same_steps {
    const struct wf_job **jobs;
    const struct wf_step **steps;
    size_t n; /* the first is the one reported */
};

/* The other places of the finding reported last. */
static void relate_same(struct rule_ctx *ctx, const struct workflow *wf, const struct same_steps *g)
{
    for (size_t i = 1; i < g->n; i++) {
        char *path = gha_path(g->jobs[i], g->steps[i], "uses");
        struct anchor a = {wf->file,
                           yref_line(g->steps[i]->uses_at),
                           yref_col(g->steps[i]->uses_at),
                           0,
                           g->jobs[i]->id,
                           path};
        rule_related(ctx, &a, "%s with the same input names in job '%s'", g->steps[i]->uses,
                     g->jobs[i]->id);
        free(path);
    }
}

/* Do two steps use the same action with the same `with:` keys (in any order)? */
static int same_step(const struct wf_step *x, const struct wf_step *y)
{
    if (!x->uses || !y->uses || strcmp(x->uses, y->uses))
        return 0;
    struct yref a = x->with, b = y->with;
    size_t na = yref_is_map(a) ? a.n->npairs : 0, nb = yref_is_map(b) ? b.n->npairs : 0;
    if (na != nb || (!na && (a.n != NULL) != (b.n != NULL)))
        return 0;
    for (size_t i = 0; i < na; i++) {
        const char *k = yref_str(yref_pair_key(a, i));
        if (!k || !yref_key(b, k).n)
            return 0;
    }
    return 1;
}

static void check_inputs_of(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                            const struct wf_step *st, const struct step_action *sa,
                            const struct same_steps *same)
{
    const struct gha_action_set *s = &sa->set;
    struct yref with = st->with;
    if (sa->is_local && sa->local.inputs_misplaced)
        return; /* its metadata is malformed: gha/syntax says so once, at the action's file */
    int docker = 1;
    for (size_t i = 0; i < s->n; i++)
        docker &= !strcmp(s->v[i]->using, "docker");
    char *path = NULL;     /* made when a finding needs it: most steps have none */
    const char *typos[16]; /* inputs a misspelt key was meant for: not "missing" as well */
    size_t ntypos = 0;
    if (yref_is_map(with)) {
        for (size_t i = 0; i < with.n->npairs; i++) {
            struct yref k = yref_pair_key(with, i);
            const char *name = yref_str(k);
            if (!name || !strcmp(name, "<<") || wf_has_expr(name))
                continue;
            if (docker && (!strcasecmp(name, "args") || !strcasecmp(name, "entrypoint")))
                continue;
            const struct gha_action_input *in = gha_action_input(s, name);
            if (in && in->deprecated && rule_persona(ctx) < PERSONA_PEDANTIC)
                continue; /* it still works: hygiene, for the pedantic persona */
            if (in && in->deprecated) {
                gha_report_pos(ctx, SEV_NOTE, wf, yref_line(k), yref_col(k), 0, k.via, j->id,
                               with_path(&path, j, st), "follow the action's deprecation message",
                               "input '%s' of %s is deprecated: %s", name, st->uses,
                               in->deprecated);
                relate_same(ctx, wf, same);
                continue;
            }
            if (in || !s->exact)
                continue; /* a branch or a commit without a version comment: the action may
                           * have inputs newer than the table (only deprecations are said) */
            struct strbuf sb = STRBUF_INIT;
            const char *names[64];
            size_t nn = 0;
            const struct gha_action_meta *m = s->v[s->n - 1];
            for (size_t q = 0; q < m->ninputs && nn < ARRAY_SIZE(names); q++)
                names[nn++] = m->inputs[q].name;
            const char *near = gha_suggest(name, names, nn);
            if (near && ntypos < ARRAY_SIZE(typos))
                typos[ntypos++] = near;
            for (size_t q = 0; q < nn && q < 12; q++)
                strbuf_addf(&sb, "%s%s", q ? ", " : "", names[q]);
            if (nn > 12)
                strbuf_addf(&sb, " … (%zu in all)", nn);
            char *fix = near ? xstrfmt("write '%s'", near)
                             : xstrfmt("remove it, or use one of the action's inputs%s%s",
                                       nn ? ": " : "", sb.buf);
            if (near)
                gha_report_pos(ctx, SEV_WARNING, wf, yref_line(k), yref_col(k), 0, k.via, j->id,
                               with_path(&path, j, st), fix,
                               "%s has no input '%s'; did you mean '%s'? The runner warns "
                               "'Unexpected input(s)' and passes it anyway, but the action "
                               "declares no such input: it does not read it",
                               st->uses, name, near);
            else
                gha_report_pos(ctx, SEV_WARNING, wf, yref_line(k), yref_col(k), 0, k.via, j->id,
                               with_path(&path, j, st), fix,
                               "%s has no input '%s': the runner warns 'Unexpected input(s)' "
                               "and passes it anyway, but the action declares no such input: it "
                               "does not read it",
                               st->uses, name);
            relate_same(ctx, wf, same);
            free(fix);
            strbuf_release(&sb);
        }
    } else if (with.n && !ynode_is_null(with.n)) {
        free(path);
        return; /* an expression or a wrong type: gha/syntax */
    }
    /* required inputs: those the version requires without a default */
    if (!s->exact) {
        free(path);
        return;
    }
    const struct gha_action_meta *m = s->v[0];
    struct strbuf miss = STRBUF_INIT;
    size_t nmiss = 0;
    for (size_t q = 0; q < m->ninputs; q++) {
        const char *name = m->inputs[q].name;
        if (!m->inputs[q].required || m->inputs[q].has_default)
            continue; /* one version (the set is exact): its own flags */
        int given = 0;
        for (size_t i = 0; yref_is_map(with) && i < with.n->npairs && !given; i++) {
            const char *k = yref_str(yref_pair_key(with, i));
            given = k && (!strcasecmp(k, name) || !strcmp(k, "<<"));
        }
        for (size_t t = 0; t < ntypos && !given; t++)
            given = !strcasecmp(typos[t], name); /* reported as the typo */
        if (!given) {
            strbuf_addf(&miss, "%s'%s'", nmiss ? ", " : "", name);
            nmiss++;
        }
    }
    if (nmiss) {
        struct yref at = st->uses_at;
        char *fix = xstrfmt("add %s under 'with:'", miss.buf);
        char *upath = gha_path(j, st, "uses");
        gha_report_pos(ctx, SEV_WARNING, wf, yref_line(at), yref_col(at), 0, at.via, j->id, upath,
                       fix,
                       "%s requires the input%s %s, which the step does not give: the action "
                       "gets an empty value (GitHub does not enforce 'required'; most actions "
                       "then fail)",
                       st->uses, nmiss > 1 ? "s" : "", miss.buf);
        relate_same(ctx, wf, same);
        free(upath);
        free(fix);
    }
    strbuf_release(&miss);
    free(path);
}

static void check_action_inputs(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    struct arena *a = rule_arena(ctx);
    size_t n = 0;
    for (size_t i = 0; i < wf->njobs; i++)
        n += wf->jobs[i].nsteps;
    struct same_steps g = {xcalloc(n + 1, sizeof(*g.jobs)), xcalloc(n + 1, sizeof(*g.steps)), 0};
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            int earlier = 0; /* the same step came before: said there */
            for (size_t pi = 0; pi <= i && !earlier; pi++)
                for (size_t pk = 0; pk < (pi < i ? wf->jobs[pi].nsteps : k) && !earlier; pk++)
                    earlier = same_step(&wf->jobs[pi].steps[pk], st);
            struct step_action sa;
            if (earlier || resolve(wf, st, a, 1, &sa))
                continue;
            g.n = 0;
            g.jobs[g.n] = j;
            g.steps[g.n++] = st;
            for (size_t qi = i; qi < wf->njobs; qi++)
                for (size_t qk = qi == i ? k + 1 : 0; qk < wf->jobs[qi].nsteps; qk++)
                    if (same_step(&wf->jobs[qi].steps[qk], st)) {
                        g.jobs[g.n] = &wf->jobs[qi];
                        g.steps[g.n++] = &wf->jobs[qi].steps[qk];
                    }
            check_inputs_of(ctx, wf, j, st, &sa, &g);
        }
    }
    free(g.jobs);
    free(g.steps);
}

/* ---- gha/action-output ---- */

/* Actions that set outputs named at run time (by their inputs or their script): any name may
 * exist. */
static const char *const dynamic_outputs[] = {
    "actions/github-script",
    "dorny/paths-filter",
    "1password/load-secrets-action",
    "google-github-actions/get-secretmanager-secrets",
    "hashicorp/vault-action",
    "grafana/shared-workflows/actions/get-vault-secrets",
    "aws-actions/aws-secretsmanager-get-secrets",
    "tj-actions/changed-files",
    "cds-snc/terraform-plan",
};

struct outs {
    struct rule_ctx *ctx;
    const struct workflow *wf;
    const struct wf_job *j;
    const struct wf_expr *e;  /* NULL for a bare `if:` */
    const struct ynode *node; /* the scalar the expression is in */
    const char *text;         /* a bare `if:`'s text */
    struct arena *a;
};

/* Line and column of offset off inside expression text that starts at (line, col). */
static void pos_in(const char *text, size_t off, unsigned line, unsigned col, unsigned *l,
                   unsigned *c)
{
    *l = line;
    *c = col;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n')
            return;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            (*c)++;
}

static const struct wf_step *step_by_id(const struct wf_job *j, const char *id, size_t len)
{
    for (size_t i = 0; i < j->nsteps; i++)
        if (j->steps[i].id && strlen(j->steps[i].id) == len &&
            !strncasecmp(j->steps[i].id, id, len))
            return &j->steps[i];
    return NULL;
}

static void check_output_ref(const struct wfx *ref, void *arg)
{
    struct outs *o = arg;
    const char *p = ref->path;
    if (strncasecmp(p, "steps.", 6))
        return;
    const char *id = p + 6;
    size_t idl = strcspn(id, ".");
    if (strncasecmp(id + idl, ".outputs.", 9))
        return;
    const char *name = id + idl + 9;
    size_t nl = strcspn(name, ".");
    if (!nl || (nl == 1 && *name == '*') || (idl == 1 && *id == '*'))
        return;
    const struct wf_step *st = step_by_id(o->j, id, idl);
    struct step_action sa;
    if (!st || resolve(o->wf, st, o->a, 0, &sa))
        return;
    char out[128];
    if (nl >= sizeof(out))
        return;
    memcpy(out, name, nl);
    out[nl] = '\0';
    if (!sa.is_local)
        for (size_t i = 0; i < ARRAY_SIZE(dynamic_outputs); i++)
            if (!strcmp(sa.u.name, dynamic_outputs[i]))
                return;
    if (!sa.set.exact || gha_action_has_output(&sa.set, out))
        return; /* without a known version, a newer one may have the output */
    /* a script the step hands the action (azure/CLI's inlineScript, a container's args) that
     * writes $GITHUB_OUTPUT sets outputs the metadata cannot list */
    for (size_t i = 0; yref_is_map(st->with) && i < st->with.n->npairs; i++) {
        const char *v = yref_str(yref_pair_value(st->with, i));
        if (v && (str_find(v, "GITHUB_OUTPUT") || str_find(v, "setOutput") ||
                  str_find(v, "::set-output")))
            return;
    }
    unsigned l, c;
    if (o->e)
        pos_in(o->e->text, ref->off, o->e->line, o->e->col + 3, &l, &c);
    else
        pos_in(o->text, ref->off, o->node->line, o->node->col, &l, &c);
    const struct gha_action_meta *m = sa.set.v[sa.set.n - 1];
    const char *near = gha_suggest(out, m->outputs, m->noutputs);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < m->noutputs && i < 12; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", m->outputs[i]);
    if (m->noutputs > 12)
        strbuf_addf(&sb, " … (%zu in all)", m->noutputs);
    char *fix = near          ? xstrfmt("write 'steps.%.*s.outputs.%s'", (int)idl, id, near)
                : m->noutputs ? xstrfmt("read one of its outputs: %s", sb.buf)
                              : xstrfmt("the action sets no outputs: take the value elsewhere");
    char *path = wf_node_path(o->wf, o->node);
    gha_report_pos(o->ctx, SEV_NONE, o->wf, l, c, 0, NULL, o->j->id, path, fix,
                   "step '%.*s' runs %s, which has no output '%s': the expression is always "
                   "empty%s%s%s",
                   (int)idl, id, st->uses, out, near ? "; did you mean '" : "", near ? near : "",
                   near ? "'?" : "");
    free(path);
    free(fix);
    strbuf_release(&sb);
}

/* The job whose mapping holds node n, or NULL. */
static const struct wf_job *job_of(const struct workflow *wf, const struct ynode *n)
{
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct ynode *jn = wf->jobs[i].node.n;
        if (jn && !wf->jobs[i].node.via && n->start >= jn->start && n->start < jn->end)
            return &wf->jobs[i];
    }
    return NULL;
}

static void check_action_outputs(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    struct outs o = {ctx, wf, NULL, NULL, NULL, NULL, rule_arena(ctx)};
    for (size_t i = 0; i < wf->nexprs; i++) {
        const struct wf_expr *e = &wf->exprs[i];
        if (!e->x || !(o.j = job_of(wf, e->node)))
            continue;
        o.e = e;
        o.node = e->node;
        wfx_refs(e->x, check_output_ref, &o);
    }
    for (size_t i = 0; i < wf->njobs; i++) { /* bare `if:` of steps */
        o.j = &wf->jobs[i];
        for (size_t k = 0; k < o.j->nsteps; k++) {
            struct yref if_ = o.j->steps[k].if_;
            const char *s = yref_str(if_);
            if (!s || wf_has_expr(s) || if_.via || if_.n->style != YSTYLE_PLAIN)
                continue;
            const char *err;
            struct wfx *x = wfx_parse(s, strlen(s), o.a, &err);
            o.e = NULL;
            o.node = if_.n;
            o.text = s;
            if (x)
                wfx_refs(x, check_output_ref, &o);
        }
    }
}

/* ---- gha/retired-action ---- */

/* Major versions GitHub has shut down: every run of such a step fails. */
struct retired {
    const char *name;
    int last_major;               /* v1 … this major are retired */
    int keep_major, keep_minor;   /* in the next majors, releases before keep_major.keep_minor
                                   * are retired too (-1: none) */
    int keep_major2, keep_minor2; /* the same for one more major */
    const char *since, *use;
};

static const struct retired retired[] = {
    {"actions/upload-artifact", 3, -1, -1, -1, -1, "January 30, 2025", "v4"},
    {"actions/download-artifact", 3, -1, -1, -1, -1, "January 30, 2025", "v4"},
    {"actions/cache", 2, 3, 4, 4, 2, "February 1, 2025", "v4"},
    {"actions/cache/restore", 2, 3, 4, 4, 2, "February 1, 2025", "v4"},
    {"actions/cache/save", 2, 3, 4, 4, 2, "February 1, 2025", "v4"},
};

/* The retired-table entry u falls under, or NULL. */
static const struct retired *retired_of(const struct gha_uses *u)
{
    for (size_t i = 0; i < ARRAY_SIZE(retired); i++) {
        const struct retired *r = &retired[i];
        if (strcmp(u->name, r->name) || u->major < 0)
            continue;
        if (u->major <= r->last_major)
            return r;
        if (u->minor >= 0 && ((u->major == r->keep_major && u->minor < r->keep_minor) ||
                              (u->major == r->keep_major2 && u->minor < r->keep_minor2)))
            return r;
    }
    return NULL;
}

/* A composite action that calls a retired action inside fails the same way. */
static const struct retired *retired_inside(const struct gha_action_set *s, const char **via)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct retired *hit = NULL;
        for (size_t k = 0; k < s->v[i]->nuses; k++) {
            struct gha_uses in;
            if (!gha_uses_parse(s->v[i]->uses[k], NULL, &in) && (hit = retired_of(&in))) {
                *via = s->v[i]->uses[k];
                break;
            }
        }
        if (!hit)
            return NULL; /* one possible version is fine */
        if (i + 1 == s->n)
            return hit;
    }
    return NULL;
}

static int retired_runtime(const char *using)
{
    return !strcmp(using, "node12") || !strcmp(using, "node16");
}

static void check_retired(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    struct arena *a = rule_arena(ctx);
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            struct step_action sa;
            int known = !resolve(wf, st, a, 0, &sa);
            if (!st->uses || (!known && sa.u.name[0] == '\0'))
                continue;
            struct yref at = st->uses_at;
            const struct retired *r = sa.is_local ? NULL : retired_of(&sa.u);
            const char *via = NULL;
            if (!r && known)
                r = retired_inside(&sa.set, &via);
            /* the runtime of a commit known only by its comment: a comment goes stale when the
             * SHA is updated by hand, and github/codeql-action's bundle tags
             * (codeql-bundle-v2.16.1) look like its versions (the shut-down majors above are
             * few, and their comments what Dependabot writes) */
            int all = known && !r && (!sa.comment_only || rule_persona(ctx) >= PERSONA_PEDANTIC);
            for (size_t q = 0; all && q < sa.set.n; q++)
                all &= retired_runtime(sa.set.v[q]->using);
            if (!r && !all)
                continue;
            char *path = gha_path(j, st, "uses");
            if (r && !via) {
                char *fix = xstrfmt("use %s@%s", r->name, r->use);
                gha_report(ctx, wf, at, j->id, path, fix,
                           "%s no longer runs: GitHub retired it on %s, and every run of this "
                           "step fails since",
                           st->uses, r->since);
                free(fix);
            } else if (r) {
                gha_report(ctx, wf, at, j->id, path,
                           "use a newer version of the action (one that does not call it)",
                           "%s calls %s, which GitHub retired on %s: every run of this step "
                           "fails since",
                           st->uses, via, r->since);
            } else {
                const char *using = sa.set.v[0]->using;
                gha_report_pos(
                    ctx, SEV_WARNING, wf, yref_line(at), yref_col(at), 0, at.via, j->id, path,
                    "use a version of the action that runs on node20 or later",
                    "%s runs on %s, which GitHub Actions retired (%s): the runner starts "
                    "it on a newer Node.js it was not built for, warns on every run, and it "
                    "may fail",
                    st->uses, using,
                    !strcmp(using, "node12") ? "Node 12 in 2023" : "Node 16 on June 3, 2024");
            }
            free(path);
        }
    }
}

/* ---- gha/deprecated-command ---- */

/* Workflow commands echoed to stdout that GitHub replaced by environment files. */
static const struct {
    const char *cmd;  /* as written after "::" */
    const char *file; /* the environment file that replaces it */
    const char *line; /* what a step writes to it */
    int disabled;     /* the runner refuses it (the step fails); else it warns */
} old_commands[] = {
    {"set-env", "GITHUB_ENV", "NAME=value", 1},
    {"add-path", "GITHUB_PATH", "/the/dir", 1},
    {"set-output", "GITHUB_OUTPUT", "name=value", 0},
    {"save-state", "GITHUB_STATE", "name=value", 0},
};

/* Occurrences of "::cmd" in script s as a command: after the start, a blank or a quote, and
 * before a blank, "::", the end or a quote; *first: the offset of the first. */
static size_t command_count(const char *s, const char *word, size_t *first)
{
    size_t n = 0, wl = strlen(word);
    for (const char *p = s; (p = strcasestr(p, word)); p += wl) {
        char before = p == s ? ' ' : p[-1], after = p[wl];
        if (!strchr(" \t\n'\"", before) ||
            (after && !strchr(" \t\n'\"", after) && strncmp(p + wl, "::", 2)))
            continue;
        if (!n++)
            *first = (size_t)(p - s);
    }
    return n;
}

/* Does ACTIONS_ALLOW_UNSECURE_COMMANDS (set to anything but false) re-enable the disabled
 * commands for step st? */
static int unsecure_allowed(const struct workflow *wf, const struct wf_job *j,
                            const struct wf_step *st)
{
    struct yref maps[3] = {st->env, j->env, wf->env};
    for (size_t i = 0; i < 3; i++) {
        struct yref v = yref_get(maps[i], "ACTIONS_ALLOW_UNSECURE_COMMANDS");
        const char *s = yref_str(v);
        if (v.n && !(s && !strcasecmp(s, "false")))
            return 1;
    }
    return 0;
}

static void check_deprecated_commands(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < j->nsteps; k++) {
            const struct wf_step *st = &j->steps[k];
            if (!st->run || !strstr(st->run, "::"))
                continue;
            for (size_t c = 0; c < ARRAY_SIZE(old_commands); c++) {
                char word[32];
                snprintf(word, sizeof(word), "::%s", old_commands[c].cmd);
                size_t off = 0, n = command_count(st->run, word, &off);
                if (!n)
                    continue;
                unsigned line, col;
                wf_value_pos(wf, st->run_at.n, off, &line, &col);
                char *path = gha_path(j, st, "run");
                char *fix =
                    xstrfmt("write to the %s file instead: echo \"%s\" >> \"$%s\"",
                            old_commands[c].file, old_commands[c].line, old_commands[c].file);
                char more[48] = "";
                if (n > 1)
                    snprintf(more, sizeof(more), " (%zu more in the script)", n - 1);
                if (old_commands[c].disabled && unsecure_allowed(wf, j, st))
                    gha_report_pos(ctx, SEV_WARNING, wf, line, col, yref_line(st->run_at),
                                   st->run_at.via, j->id, path, fix,
                                   "the '%s' workflow command%s works only because "
                                   "ACTIONS_ALLOW_UNSECURE_COMMANDS switches it back on: any "
                                   "text the step prints (a log line, a PR title) can then set "
                                   "it too; use the %s file",
                                   old_commands[c].cmd, more, old_commands[c].file);
                else if (old_commands[c].disabled)
                    gha_report_pos(ctx, SEV_ERROR, wf, line, col, yref_line(st->run_at),
                                   st->run_at.via, j->id, path, fix,
                                   "the '%s' workflow command%s is disabled: the runner fails "
                                   "the step (\"The `%s` command is disabled\"); use the %s "
                                   "file",
                                   old_commands[c].cmd, more, old_commands[c].cmd,
                                   old_commands[c].file);
                else
                    gha_report_pos(ctx, SEV_WARNING, wf, line, col, yref_line(st->run_at),
                                   st->run_at.via, j->id, path, fix,
                                   "the '%s' workflow command%s is deprecated: it still works, "
                                   "with a warning on every run, until GitHub removes it; use "
                                   "the %s file",
                                   old_commands[c].cmd, more, old_commands[c].file);
                free(fix);
                free(path);
            }
        }
    }
}

const struct rule gha_actions_rules[] = {
    {
        .id = "gha/action-input",
        .title = "Steps give the inputs their action declares",
        .severity = SEV_WARNING,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint action",
        .check = check_action_inputs,
        .help = "An input the action does not declare draws a warning in the run "
                "(\"Unexpected input(s) 'x', valid inputs are […]\"); the runner still passes "
                "the value (`INPUT_X`, `${{ inputs.x }}`), but nothing the action declares "
                "reads it, so a misspelt `with:` key silently changes what the step does; an "
                "input the action requires (`required: true` and no default) that the step "
                "does not give makes the action fail or run with an empty value. Actions are "
                "checked against their own `action.yml`: a table built into infralint of the "
                "most-used actions at each major version (the ref after `@`; for a commit SHA, "
                "the version in a `# v4.1.0` comment after it), and local actions (`uses: ./path`) "
                "read from the repository. An action "
                "or a major version the table does not know is not checked, nor a release newer "
                "than the one the table read; for a branch or a commit without a version comment "
                "only deprecated inputs are said. Inputs marked "
                "deprecated are a note with the action's deprecation message, at the pedantic "
                "persona (the input still works). A local action whose metadata declares its "
                "inputs under `on: workflow_call:` (as a reusable workflow would) instead of "
                "`inputs:` is reported once, at its file (gha/syntax), and its calls are not "
                "checked one by one. Input names are "
                "matched case-insensitively, as GitHub does; `args` and `entrypoint` are "
                "accepted for Docker actions.\n\n"
                "Fix: correct the input name (the message suggests the nearest one), or add the "
                "required input under `with:`.",
    },
    {
        .id = "gha/action-output",
        .title = "Step outputs that are read exist",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint action, expression",
        .check = check_action_outputs,
        .help = "`steps.<id>.outputs.<name>` of a step that runs an action is the empty string "
                "when the action has no such output: a condition on it is never true, a tag or "
                "version built from it is empty. Outputs are taken from the action's "
                "`action.yml` (the built-in table of the most-used actions, or a local action "
                "read from the repository), when the version is known. Actions whose outputs "
                "are named at run time "
                "(`actions/github-script`, `dorny/paths-filter`, secret loaders) are not "
                "checked.\n\n"
                "Fix: read an output the action declares (the message lists them).",
    },
    {
        .id = "gha/retired-action",
        .title = "Steps use no action version GitHub has retired",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint action",
        .check = check_retired,
        .help = "GitHub shut down the services behind old major versions of some actions: "
                "`actions/upload-artifact` and `actions/download-artifact` v1–v3 fail since "
                "January 30, 2025, `actions/cache` v1–v2 (and releases before 3.4.0 and 4.2.0) "
                "since February 1, 2025 — the job fails at that step (an error). A composite "
                "action that calls one of them inside fails the same way. Actions that run on "
                "the retired Node.js 12 or 16 runtimes (`runs.using` in their `action.yml`) are "
                "started on a newer Node.js by the runner, with a warning on every run, and may "
                "break (a warning).\n\n"
                "Fix: move to the major version the message names.",
    },
    {
        .id = "gha/deprecated-command",
        .title = "run: scripts use environment files, not the retired workflow commands",
        .severity = SEV_WARNING,
        .severity_note = "error for set-env and add-path (disabled), warning for set-output "
                         "and save-state (deprecated)",
        .kinds = KIND_WORKFLOW | KIND_ACTION,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint deprecated-commands",
        .check = check_deprecated_commands,
        .help = "Workflow commands echoed to stdout could be injected by any text a step "
                "prints (a PR title in a log line), so GitHub replaced four of them with "
                "environment files. `::set-env` and `::add-path` are disabled since November "
                "2020: the runner fails the step (an error). `::set-output` and `::save-state` "
                "are deprecated since October 2022; GitHub postponed their removal, so they "
                "still work with a warning in every run (a warning), as do the first two where "
                "`ACTIONS_ALLOW_UNSECURE_COMMANDS` switches them back on (a warning: any text the "
                "step prints can then use them). Reported once per step and "
                "command, at the first `::command` in the `run:` script.\n\n"
                "Fix: `echo \"name=value\" >> \"$GITHUB_OUTPUT\"` (and `$GITHUB_STATE`, "
                "`$GITHUB_ENV`, `$GITHUB_PATH` for the others).",
    },
    {0},
};
