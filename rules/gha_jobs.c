/* gha_jobs.c — jobs and steps beyond their keys: ids (gha/id), the label sets of `runs-on:`
 * (gha/runner-label), and calls of local reusable workflows against the callee's
 * `on.workflow_call` (gha/reusable-call). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_syntax.h"
#include "gha_util.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

/* ---- gha/id ---- */

static void check_ids(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        for (size_t k = 0; k < i; k++) /* the same id in another case (exact repeats are YAML
                                        * duplicate keys: gha/syntax) */
            if (strcmp(wf->jobs[k].id, j->id) && !strcasecmp(wf->jobs[k].id, j->id)) {
                char *fix = xstrfmt("rename one of the two jobs");
                gha_report(ctx, wf, j->key, j->id, NULL, fix,
                           "job id '%s' is the job '%s' of line %u in another case: job ids are "
                           "case-insensitive, and GitHub rejects the workflow",
                           j->id, wf->jobs[k].id, yref_line(wf->jobs[k].key));
                free(fix);
                break;
            }
        for (size_t s = 0; s < j->nsteps; s++) {
            const struct wf_step *st = &j->steps[s];
            struct yref at = yref_get(st->node, "id");
            if (!st->id || wf_has_expr(st->id))
                continue;
            if (!gha_valid_id(st->id)) {
                gha_report(ctx, wf, at, j->id, NULL,
                           "rename it: start with a letter or '_', then letters, digits, '-' "
                           "and '_'",
                           "step id '%s' must start with a letter or '_' and hold only letters, "
                           "digits, '-' and '_': GitHub rejects the workflow",
                           st->id);
                continue;
            }
            for (size_t p = 0; p < s; p++) {
                const struct wf_step *prev = &j->steps[p];
                if (!prev->id || strcasecmp(prev->id, st->id))
                    continue;
                gha_report(ctx, wf, at, j->id, NULL, "give each step of the job its own id",
                           "step id '%s' is used twice in job '%s' (first at line %u; ids are "
                           "case-insensitive): GitHub rejects the workflow",
                           st->id, j->id, yref_line(yref_get(prev->node, "id")));
                break;
            }
        }
    }
}

/* ---- gha/runner-label ---- */

/* The OS a label selects: 'l' Linux, 'w' Windows, 'm' macOS, 0 none. */
static char label_os(const char *l)
{
    if (!strncasecmp(l, "ubuntu-", 7) || !strcasecmp(l, "linux"))
        return 'l';
    if (!strncasecmp(l, "windows-", 8) || !strcasecmp(l, "windows"))
        return 'w';
    if (!strncasecmp(l, "macos-", 6) || !strcasecmp(l, "macos"))
        return 'm';
    return 0;
}

static const char *os_name(char os)
{
    return os == 'l' ? "Linux" : os == 'w' ? "Windows" : "macOS";
}

static int known_default(const char *l)
{
    static const char *const defaults[] = {"self-hosted", "linux", "windows", "macos",
                                           "x64",         "arm",   "arm64"};
    for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
        if (!strcasecmp(l, defaults[i]))
            return 1;
    return 0;
}

/* Is l a GitHub-hosted image label of the table (not a self-hosted default)? */
static int hosted_image(const char *l)
{
    if (known_default(l))
        return 0;
    char low[128];
    size_t n = 0;
    for (; l[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)l[n]);
    low[n] = '\0';
    const char *t = gha_runner_labels();
    char pat[96];
    while (*t) {
        size_t len = strcspn(t, ",");
        snprintf(pat, sizeof(pat), "%.*s", (int)(len < 95 ? len : 95), t);
        if (glob_match(pat, low))
            return 1;
        t += len + (t[len] == ',');
    }
    return 0;
}

struct label_set {
    struct yref at[32];
    const char *v[32];
    size_t n;
    int self_hosted;
};

static void check_set(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                      const struct label_set *ls)
{
    size_t ncustom;
    rule_opt_list(ctx, "labels", &ncustom);
    /* two GitHub-hosted images, or two operating systems, in one set: no runner has both */
    for (size_t i = 0; i < ls->n; i++) {
        char os = label_os(ls->v[i]);
        for (size_t k = 0; k < i; k++) {
            int both_hosted = hosted_image(ls->v[i]) && hosted_image(ls->v[k]);
            char os2 = label_os(ls->v[k]);
            if (rule_opt_list_has(ctx, "labels", ls->v[i], 1) ||
                rule_opt_list_has(ctx, "labels", ls->v[k], 1))
                continue;
            if (both_hosted && !ls->self_hosted && strcasecmp(ls->v[i], ls->v[k])) {
                gha_report(ctx, wf, ls->at[i], j->id, NULL,
                           "run one job per image with a matrix ('runs-on: ${{ matrix.os }}')",
                           "runs-on asks for a runner that is both '%s' and '%s': a "
                           "GitHub-hosted runner has one image, so the job never starts",
                           ls->v[k], ls->v[i]);
                return;
            }
            if (os && os2 && os != os2) {
                gha_report(ctx, wf, ls->at[i], j->id, NULL,
                           "keep one operating system per job, or use a matrix",
                           "runs-on asks for a runner that is both %s ('%s') and %s ('%s'): no "
                           "runner is, so the job never starts",
                           os_name(os2), ls->v[k], os_name(os), ls->v[i]);
                return;
            }
        }
    }
    if (!ncustom)
        return; /* without a list of the organisation's labels, any other label may exist */
    for (size_t i = 0; i < ls->n; i++) {
        const char *l = ls->v[i];
        if (hosted_image(l) || known_default(l) || rule_opt_list_has(ctx, "labels", l, 1) ||
            gha_label_suspect(l))
            continue;
        size_t n;
        const char *const *custom = rule_opt_list(ctx, "labels", &n);
        const char *near = did_you_mean(l, custom, n);
        char *fix = near ? xstrfmt("write '%s'", near)
                         : xstrfmt("add '%s' to the rule's 'labels' option if a runner has it", l);
        gha_report(ctx, wf, ls->at[i], j->id, NULL, fix,
                   "runner label '%s' is neither GitHub-hosted nor one of the configured "
                   "labels: no runner has it, so the job waits until it times out%s%s%s",
                   l, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        free(fix);
    }
}

static void check_runner_labels(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        struct yref ro = j->runs_on;
        if (yref_is_map(ro))
            ro = yref_get(ro, "labels");
        struct label_set ls = {.n = 0};
        size_t n = yref_is_seq(ro) ? ro.n->nitems : yref_is_str(ro) ? 1 : 0;
        for (size_t k = 0; k < n && ls.n < ARRAY_SIZE(ls.v); k++) {
            struct yref it = yref_is_seq(ro) ? yref_item(ro, k) : ro;
            const char *l = yref_str(it);
            if (!l)
                continue;
            if (wf_has_expr(l))
                continue;
            if (!*l) {
                gha_report(ctx, wf, it, j->id, NULL, "name a runner label, or remove the entry",
                           "an empty runner label matches no runner: the job never starts");
                continue;
            }
            ls.self_hosted |= !strcasecmp(l, "self-hosted");
            ls.at[ls.n] = it;
            ls.v[ls.n++] = l;
        }
        if (yref_is_seq(ro) && !ro.n->nitems)
            gha_report(ctx, wf, ro, j->id, NULL, "name a runner label",
                       "'runs-on' is an empty list: the job never starts");
        if (ls.n)
            check_set(ctx, wf, j, &ls);
        /* `${{ matrix.os }}` (alone or in a list): each literal value of the matrix row, with
         * the list's other labels, is a set */
        const char *l = NULL;
        for (size_t k = 0; k < n && !l; k++) {
            const char *x = yref_str(yref_is_seq(ro) ? yref_item(ro, k) : ro);
            l = x && wf_has_expr(x) ? x : NULL;
        }
        char name[64];
        int end = 0;
        if (!l || sscanf(l, " ${{ matrix.%63[A-Za-z0-9_-] }}%n", name, &end) != 1 || l[end])
            continue;
        struct yref row = yref_get(yref_get(j->strategy, "matrix"), name);
        for (size_t k = 0; yref_is_seq(row) && k < row.n->nitems; k++) {
            struct yref v = yref_item(row, k);
            struct label_set one = ls; /* the literal labels beside the expression */
            if (yref_str(v) && !wf_has_expr(v.n->str) && one.n < ARRAY_SIZE(one.v)) {
                one.at[one.n] = v;
                one.v[one.n++] = v.n->str;
                one.self_hosted |= !strcasecmp(v.n->str, "self-hosted");
                check_set(ctx, wf, j, &one);
            } else if (yref_is_seq(v)) { /* a row value that is itself a list of labels */
                for (size_t q = 0; q < v.n->nitems && one.n < ARRAY_SIZE(one.v); q++) {
                    struct yref it = yref_item(v, q);
                    if (!yref_str(it) || wf_has_expr(it.n->str))
                        continue;
                    one.self_hosted |= !strcasecmp(it.n->str, "self-hosted");
                    one.at[one.n] = it;
                    one.v[one.n++] = it.n->str;
                }
                check_set(ctx, wf, j, &one);
            }
        }
    }
}

static const struct rule_option label_options[] = {
    {"labels", OPT_STRLIST, "",
     "the labels (globs) of your organisation's runners (self-hosted and larger runners): when "
     "set, any other label that is not GitHub-hosted is reported"},
    {0},
};

/* ---- gha/reusable-call ---- */

static struct yref map_entry(struct yref map, const char *name)
{
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++) {
        const char *k = yref_str(yref_pair_key(map, i));
        if (k && !strcasecmp(k, name))
            return yref_pair_value(map, i);
    }
    struct yref none = {NULL, NULL};
    return none;
}

static int has_entry(struct yref map, const char *name)
{
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++) {
        const char *k = yref_str(yref_pair_key(map, i));
        if (k && !strcasecmp(k, name))
            return 1;
    }
    return 0;
}

static int is_true(struct yref v)
{
    int b = 0;
    return v.n && !ynode_bool(v.n, &b) && b;
}

/* A literal value of the wrong type for an input of `type`; what it is, or NULL. */
static const char *wrong_type(const char *type, struct yref v)
{
    if (!v.n || !type || !yref_str(v) || wf_has_expr(v.n->str))
        return NULL;
    const char *s = v.n->str;
    int b;
    long long n;
    if (!strcmp(type, "boolean") && ynode_bool(v.n, &b) &&
        !(v.n->style != YSTYLE_PLAIN && (!strcmp(s, "true") || !strcmp(s, "false"))))
        return "not a boolean";
    if (!strcmp(type, "number") && ynode_int(v.n, &n)) {
        char *end;
        strtod(s, &end);
        if (!*s || *end)
            return "not a number";
    }
    return NULL;
}

static void list_names(struct strbuf *sb, struct yref map)
{
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", yref_str(yref_pair_key(map, i)));
}

static void check_call(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j)
{
    const struct workflow *callee = j->callee;
    const struct wf_trigger *t = wf_trigger_by_event(callee, "workflow_call");
    if (!t) {
        gha_report(ctx, wf, j->uses_at, j->id, NULL,
                   "add 'on: workflow_call' to the called workflow",
                   "job '%s' calls '%s', which has no 'on: workflow_call': GitHub rejects the "
                   "workflow",
                   j->id, j->uses);
        return;
    }
    struct yref inputs = yref_get(t->config, "inputs");
    struct yref secrets = yref_get(t->config, "secrets");
    /* with: every key an input of the callee, of its type */
    for (size_t i = 0; yref_is_map(j->with) && i < j->with.n->npairs; i++) {
        struct yref k = yref_pair_key(j->with, i);
        const char *name = yref_str(k);
        if (!name || !strcmp(name, "<<"))
            continue;
        if (!has_entry(inputs, name)) {
            struct strbuf sb = STRBUF_INIT;
            list_names(&sb, inputs);
            char *fix = sb.len ? xstrfmt("give one of its inputs: %s", sb.buf)
                               : xstrfmt("remove it: the workflow declares no inputs");
            gha_report(ctx, wf, k, j->id, NULL, fix,
                       "'%s' is not an input of '%s': GitHub rejects the workflow", name, j->uses);
            free(fix);
            strbuf_release(&sb);
            continue;
        }
        const char *type = yref_str(yref_get(map_entry(inputs, name), "type"));
        struct yref v = yref_pair_value(j->with, i);
        const char *what = wrong_type(type, v);
        if (what) {
            char *fix = xstrfmt("give a %s%s", type,
                                !strcmp(type, "boolean") ? " (true or false, unquoted)" : "");
            gha_report(ctx, wf, v, j->id, NULL, fix,
                       "input '%s' of '%s' is a %s, and '%s' is %s: GitHub rejects the "
                       "workflow",
                       name, j->uses, type, v.n->str, what);
            free(fix);
        }
    }
    for (size_t i = 0; yref_is_map(inputs) && i < inputs.n->npairs; i++) {
        const char *name = yref_str(yref_pair_key(inputs, i));
        struct yref def = yref_pair_value(inputs, i);
        if (name && is_true(yref_get(def, "required")) && !yref_get(def, "default").n &&
            !has_entry(j->with, name) && !(j->with.n && !yref_is_map(j->with)))
            gha_report(ctx, wf, j->uses_at, j->id, NULL, "add it under 'with:'",
                       "'%s' requires the input '%s', which job '%s' does not give: GitHub "
                       "rejects the workflow",
                       j->uses, name, j->id);
    }
    /* secrets: inherit passes them all; otherwise each one declared, the required given */
    const char *sv = yref_str(j->secrets);
    if (sv && !strcmp(sv, "inherit"))
        return;
    for (size_t i = 0; yref_is_map(j->secrets) && i < j->secrets.n->npairs; i++) {
        struct yref k = yref_pair_key(j->secrets, i);
        const char *name = yref_str(k);
        if (name && strcmp(name, "<<") && !has_entry(secrets, name)) {
            struct strbuf sb = STRBUF_INIT;
            list_names(&sb, secrets);
            char *fix = sb.len ? xstrfmt("pass one of its secrets: %s", sb.buf)
                               : xstrfmt("remove it: the workflow declares no secrets");
            gha_report(ctx, wf, k, j->id, NULL, fix,
                       "'%s' is not a secret of '%s': GitHub rejects the workflow", name, j->uses);
            free(fix);
            strbuf_release(&sb);
        }
    }
    for (size_t i = 0; yref_is_map(secrets) && i < secrets.n->npairs; i++) {
        const char *name = yref_str(yref_pair_key(secrets, i));
        struct yref def = yref_pair_value(secrets, i);
        if (name && is_true(yref_get(def, "required")) && !has_entry(j->secrets, name) &&
            !(j->secrets.n && !yref_is_map(j->secrets)))
            gha_report(ctx, wf, j->uses_at, j->id, NULL,
                       "pass it under 'secrets:' (or 'secrets: inherit')",
                       "'%s' requires the secret '%s', which job '%s' does not pass: GitHub "
                       "rejects the workflow",
                       j->uses, name, j->id);
    }
}

/* What is wrong with the form of a job's `uses:` (a reusable workflow), or NULL. */
static const char *call_form(const char *u)
{
    const char *at = strchr(u, '@');
    if (!*u)
        return "it is empty";
    if (wf_uses_local(u)) {
        if (at)
            return "a workflow of the same repository takes no '@ref' (it is read from the same "
                   "commit)";
        if (!strstr(u, ".github/workflows/"))
            return "reusable workflows live in .github/workflows/";
        return NULL;
    }
    if (u[0] == '/' || u[0] == '.')
        return "write './.github/workflows/FILE.yml' (same repository) or "
               "'OWNER/REPO/.github/workflows/FILE.yml@REF'";
    if (!at)
        return "a workflow of another repository needs '@ref' (a tag, branch or commit SHA)";
    const char *p = strchr(u, '/');
    const char *q = p && p < at ? strchr(p + 1, '/') : NULL;
    if (!q || q > at || strncmp(q + 1, ".github/workflows/", 18))
        return "the path must be OWNER/REPO/.github/workflows/FILE.yml before the '@'";
    size_t pl = (size_t)(at - u);
    if (!(pl > 4 && !strncmp(at - 4, ".yml", 4)) && !(pl > 5 && !strncmp(at - 5, ".yaml", 5)))
        return "the path must name a .yml or .yaml workflow file";
    return NULL;
}

static void check_reusable_calls(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *j = &wf->jobs[i];
        const char *why = j->uses && !wf_has_expr(j->uses) ? call_form(j->uses) : NULL;
        if (why)
            gha_report(ctx, wf, j->uses_at, j->id, NULL,
                       "write './.github/workflows/FILE.yml' or "
                       "'OWNER/REPO/.github/workflows/FILE.yml@REF'",
                       "job '%s' calls '%s': %s; GitHub rejects the workflow", j->id, j->uses, why);
        else if (j->callee && j->uses_at.n)
            check_call(ctx, wf, j);
    }
}

const struct rule gha_jobs_rules[] = {
    {
        .id = "gha/id",
        .title = "Step ids are valid and unique in their job",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint id",
        .check = check_ids,
        .help = "GitHub rejects a workflow where two steps of a job share an `id` (ids are "
                "case-insensitive: `build` and `Build` are the same), where a step id does not "
                "start with a letter or `_` or holds other characters than letters, digits, "
                "`-` and `_`, and where two jobs have ids that differ only in case. Job id "
                "syntax is gha/syntax's.\n\n"
                "Fix: rename the step or job.",
    },
    {
        .id = "gha/runner-label",
        .title = "runs-on asks for a runner that can exist",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint runner-label",
        .options = label_options,
        .check = check_runner_labels,
        .help = "A job runs on a runner that has every label of its `runs-on` set. Two "
                "GitHub-hosted images (`[ubuntu-latest, windows-latest]`) or two operating "
                "systems (`[self-hosted, linux, windows]`) in one set match no runner: the job "
                "waits until it times out (use a matrix to run on each). With the `labels` "
                "option listing your organisation's runner labels (self-hosted and larger "
                "runners, globs), every other label that is not GitHub-hosted is reported too; "
                "a configured label is never reported. Misspelt and retired GitHub-hosted "
                "labels are gha/unknown-name's findings. `${{ matrix.x }}` stands for each "
                "literal value of the matrix row.\n\n"
                "Fix: keep one image or operating system per job, correct the label, or add it "
                "to `labels`.",
    },
    {
        .id = "gha/reusable-call",
        .title = "Calls of reusable workflows give the inputs and secrets they declare",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint workflow-call",
        .check = check_reusable_calls,
        .help = "A job that calls a reusable workflow of the same repository (`uses: "
                "./.github/workflows/x.yml`) is checked against the callee's `on.workflow_call`: "
                "GitHub rejects the caller when it passes an input or a secret the callee does "
                "not declare, when it leaves out a required input (without a default) or a "
                "required secret, when an input's literal value is not of its type (a "
                "`boolean` given `yes`, a `number` given text), or when "
                "the callee has no `workflow_call` trigger. `secrets: inherit` passes every "
                "secret. Reusable workflows of other repositories cannot be read offline.\n\n"
                "Fix: pass what the callee declares, under the names it declares.",
    },
    {0},
};
