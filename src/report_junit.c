/* report_junit.c — JUnit XML for the test report views of GitLab, Jenkins and Azure DevOps.
 * A test suite per rule family (tf, gha, sql, infralint, each policy family), a test case per
 * rule and file it checked — passed, failed (one <failure> per finding), or skipped when the
 * file's environment keeps the rule from running — and a suite "input" with an <error> per
 * input error. Suppressed and baselined findings do not fail a case; they are listed in its
 * <system-out>. Every text goes through escape_xml_* (escape.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/escape.h"
#include "infralint/report.h"
#include "infralint/util.h"

struct tcase {
    const char *family; /* owned by the family table */
    size_t rule;        /* index into r->rules */
    const char *file;   /* borrowed; NULL for the whole run */
};

struct junit {
    const struct results *r;
    struct tcase *v;
    size_t n, alloc;
    char **families; /* family names, owned */
    size_t nfam, fam_alloc;
};

static const char *family(struct junit *j, const char *id)
{
    struct strbuf sb = STRBUF_INIT;
    report_family(&sb, id);
    for (size_t i = 0; i < j->nfam; i++)
        if (!strcmp(j->families[i], sb.buf)) {
            strbuf_release(&sb);
            return j->families[i];
        }
    ALLOC_GROW(j->families, j->nfam + 1, j->fam_alloc);
    return j->families[j->nfam++] = strbuf_detach(&sb);
}

static void add_case(struct junit *j, size_t rule, const char *file)
{
    ALLOC_GROW(j->v, j->n + 1, j->alloc);
    j->v[j->n++] = (struct tcase){family(j, j->r->rules[rule]->id), rule, file};
}

static int tcase_cmp(const struct tcase *x, const struct tcase *y)
{
    int c = strcmp(x->family, y->family);
    if (c)
        return c;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return str_cmp0(x->file, y->file);
}

static int tcase_qcmp(const void *a, const void *b)
{
    return tcase_cmp(a, b);
}

/* A finding with the test case it belongs to (for merging the two sorted lists). */
struct hit {
    struct tcase tc;
    const struct finding *f;
};

static int hit_cmp(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    int c = tcase_cmp(&x->tc, &y->tc);
    return c ? c : (x->f < y->f ? -1 : x->f > y->f);
}

/* The files a rule of these kinds checks, from how the inputs were classified. */
static void add_targets(struct junit *j, size_t rule)
{
    const struct results *r = j->r;
    unsigned kinds = r->rules[rule]->kinds;
    for (size_t i = 0; i < r->ninputs; i++) {
        const struct input *in = &r->inputs[i];
        if (((kinds & KIND_PLAN) && !strcmp(in->kind, "plan")) ||
            ((kinds & KIND_BACKEND) && !strcmp(in->kind, "backend")) ||
            ((kinds & KIND_WORKFLOW) && !strcmp(in->kind, "workflow")) ||
            ((kinds & KIND_MIGRATIONS) && !strcmp(in->kind, "migration")))
            add_case(j, rule, in->path);
    }
}

/* KIND_WORKFLOWS rules check the directories that hold the workflows. */
static void add_workflow_dirs(struct junit *j, size_t rule, char ***dirs, size_t *ndirs)
{
    const struct results *r = j->r;
    if (!(r->rules[rule]->kinds & KIND_WORKFLOWS))
        return;
    if (!*dirs) {
        *dirs = xcalloc(r->ninputs + 1, sizeof(**dirs));
        for (size_t i = 0; i < r->ninputs; i++) {
            if (strcmp(r->inputs[i].kind, "workflow"))
                continue;
            char *d = path_dirname(r->inputs[i].path);
            int seen = 0;
            for (size_t k = 0; k < *ndirs && !seen; k++)
                seen = !strcmp((*dirs)[k], d);
            if (seen)
                free(d);
            else
                (*dirs)[(*ndirs)++] = d;
        }
    }
    for (size_t k = 0; k < *ndirs; k++)
        add_case(j, rule, (*dirs)[k]);
}

/* Why the rule did not run on file, or NULL when it did. */
static char *skip_reason(const struct results *r, const struct tcase *tc)
{
    const struct rule *rule = r->rules[tc->rule];
    for (size_t i = 0; i < r->skipped.n; i++) {
        const struct skip *s = &r->skipped.v[i];
        if (s->file && tc->file && !strcmp(s->file, tc->file) &&
            !strcmp(s->what, "backend rules") &&
            ((rule->flags & RULE_NEEDS_BACKEND) || (rule->kinds & KIND_BACKEND)))
            return xstrdup(s->reason);
    }
    if (rule->scope == SCOPE_ALL)
        return NULL;
    const struct envinfo *env = NULL;
    for (size_t i = 0; i < r->nenvs && !env; i++)
        if (r->envs[i].file && tc->file && !strcmp(r->envs[i].file, tc->file))
            env = &r->envs[i].env;
    for (size_t i = 0; i < r->nenvs && !env; i++)
        if (!r->envs[i].file)
            env = &r->envs[i].env;
    if (!env || env->cls == ENV_UNKNOWN)
        return xstrdup("the environment is unknown: prod and staged rules do not run");
    if (env->cls == ENV_PROD || (rule->scope == SCOPE_STAGED && env->cls == ENV_STAGING))
        return NULL;
    return xstrfmt("runs only in %s; the environment is %s",
                   rule->scope == SCOPE_PROD ? "production" : "staging and production",
                   env_class_name(env->cls));
}

/* "file:line:col: severity: message [rule]", then the fix and related locations. */
static void finding_text(struct strbuf *sb, const struct finding *f)
{
    if (f->file)
        strbuf_addstr(sb, f->file);
    else
        strbuf_addstr(sb, "infralint");
    if (f->line)
        strbuf_addf(sb, ":%u", f->line);
    if (f->line && f->col)
        strbuf_addf(sb, ":%u", f->col);
    if (!f->line && f->location)
        strbuf_addf(sb, ": %s", f->location);
    strbuf_addf(sb, ": %s: %s [%s]", severity_name(f->severity), f->message, f->rule);
    if (f->fix)
        strbuf_addf(sb, "\nfix: %s", f->fix);
    for (size_t i = 0; i < f->nrelated; i++) {
        const struct related *r = &f->related[i];
        strbuf_addf(sb, "\nrelated: %s", r->file ? r->file : "infralint");
        if (r->line)
            strbuf_addf(sb, ":%u:%u", r->line, r->col);
        else if (r->location)
            strbuf_addf(sb, ": %s", r->location);
        strbuf_addf(sb, ": %s", r->message ? r->message : "");
    }
}

static void attr(struct strbuf *sb, const char *name, const char *value)
{
    strbuf_addf(sb, " %s=\"", name);
    escape_xml_attr(sb, value);
    strbuf_addch(sb, '"');
}

/* One test case and its findings hits[0..nh); counts what it is. */
static void write_case(struct strbuf *sb, const struct results *r, const struct tcase *tc,
                       const struct hit *hits, size_t nh, size_t *failed, size_t *skipped)
{
    strbuf_addstr(sb, "    <testcase");
    attr(sb, "name", r->rules[tc->rule]->id);
    attr(sb, "classname", tc->file ? tc->file : "infralint");
    if (tc->file)
        attr(sb, "file", tc->file);
    size_t nfail = 0, nquiet = 0;
    for (size_t i = 0; i < nh; i++)
        nfail += !hits[i].f->suppressed, nquiet += hits[i].f->suppressed != SUPP_NONE;
    char *why = nh ? NULL : skip_reason(r, tc);
    if (!nh && !why) {
        strbuf_addstr(sb, "/>\n");
        return;
    }
    strbuf_addstr(sb, ">\n");
    if (why) {
        strbuf_addstr(sb, "      <skipped");
        attr(sb, "message", why);
        strbuf_addstr(sb, "/>\n");
        (*skipped)++;
        free(why);
    }
    struct strbuf t = STRBUF_INIT;
    for (size_t i = 0; i < nh; i++) {
        const struct finding *f = hits[i].f;
        if (f->suppressed)
            continue;
        strbuf_reset(&t);
        if (f->line)
            strbuf_addf(&t, "line %u: ", f->line);
        else if (f->location)
            strbuf_addf(&t, "%s: ", f->location);
        strbuf_addstr(&t, f->message);
        strbuf_addstr(sb, "      <failure");
        attr(sb, "message", t.buf);
        attr(sb, "type", severity_name(f->severity));
        strbuf_addch(sb, '>');
        strbuf_reset(&t);
        finding_text(&t, f);
        escape_xml_text(sb, t.buf);
        strbuf_addstr(sb, "</failure>\n");
    }
    *failed += nfail > 0;
    if (nquiet) {
        strbuf_addstr(sb, "      <system-out>");
        for (size_t i = 0; i < nh; i++) {
            const struct finding *f = hits[i].f;
            if (!f->suppressed)
                continue;
            strbuf_reset(&t);
            strbuf_addf(&t, "%s: ",
                        f->suppressed == SUPP_BASELINE ? "in the baseline"
                        : f->suppressed == SUPP_INLINE ? "suppressed by an inline ignore"
                                                       : "suppressed by a config ignore");
            finding_text(&t, f);
            if (f->suppress_reason)
                strbuf_addf(&t, "\nreason: %s", f->suppress_reason);
            strbuf_addch(&t, '\n');
            escape_xml_text(sb, t.buf);
        }
        strbuf_addstr(sb, "</system-out>\n");
    }
    strbuf_release(&t);
    strbuf_addstr(sb, "    </testcase>\n");
}

/* The suite "input": one case per file with input errors, one <error> per error. */
static void write_input_suite(struct strbuf *sb, const struct results *r, size_t *total)
{
    if (!r->errors.n)
        return;
    struct strbuf body = STRBUF_INIT;
    size_t cases = 0;
    for (size_t i = 0; i < r->errors.n;) {
        const char *file = r->errors.v[i].file;
        strbuf_addstr(&body, "    <testcase name=\"input\"");
        attr(&body, "classname", file ? file : "infralint");
        if (file)
            attr(&body, "file", file);
        strbuf_addstr(&body, ">\n");
        for (; i < r->errors.n && !str_cmp0(r->errors.v[i].file, file); i++) {
            const struct diag *d = &r->errors.v[i];
            struct strbuf t = STRBUF_INIT;
            if (d->line)
                strbuf_addf(&t, "line %u: ", d->line);
            if (d->jpath)
                strbuf_addf(&t, "%s: ", d->jpath);
            strbuf_addstr(&t, d->message);
            strbuf_addstr(&body, "      <error");
            attr(&body, "message", t.buf);
            attr(&body, "type", "input error");
            strbuf_addstr(&body, "/>\n");
            strbuf_release(&t);
        }
        strbuf_addstr(&body, "    </testcase>\n");
        cases++;
    }
    strbuf_addf(sb,
                "  <testsuite name=\"input\" tests=\"%zu\" failures=\"0\" errors=\"%zu\" "
                "skipped=\"0\">\n%s  </testsuite>\n",
                cases, cases, body.buf);
    *total += cases;
    strbuf_release(&body);
}

int report_junit(FILE *out, const struct results *r, const struct report_opts *o)
{
    (void)o;
    struct junit j = {.r = r};
    unsigned char *used = report_rules_used(r);
    char **dirs = NULL;
    size_t ndirs = 0;
    for (size_t i = 0; i < r->nrules; i++)
        if (used[i]) {
            add_targets(&j, i);
            add_workflow_dirs(&j, i, &dirs, &ndirs);
        }
    struct hit *hits = xcalloc(r->findings.n + 1, sizeof(*hits));
    size_t nh = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        size_t at;
        const struct finding *f = &r->findings.v[i];
        if (!report_rule(r, f->rule, &at))
            continue;
        add_case(&j, at, f->file);
        hits[nh++] = (struct hit){j.v[j.n - 1], f};
    }
    if (j.n) /* qsort wants a real array even for no elements */
        qsort(j.v, j.n, sizeof(*j.v), tcase_qcmp);
    if (nh)
        qsort(hits, nh, sizeof(*hits), hit_cmp);
    size_t w = 0; /* one case per rule and file */
    for (size_t i = 0; i < j.n; i++)
        if (!w || tcase_cmp(&j.v[w - 1], &j.v[i]))
            j.v[w++] = j.v[i];
    j.n = w;

    struct strbuf sb = STRBUF_INIT, suite = STRBUF_INIT;
    size_t total = 0, tfail = 0, tskip = 0, h = 0;
    for (size_t i = 0; i < j.n;) {
        const char *fam = j.v[i].family;
        size_t tests = 0, failed = 0, skipped = 0;
        strbuf_reset(&suite);
        for (; i < j.n && j.v[i].family == fam; i++, tests++) {
            size_t h0 = h;
            while (h < nh && !tcase_cmp(&hits[h].tc, &j.v[i]))
                h++;
            write_case(&suite, r, &j.v[i], hits + h0, h - h0, &failed, &skipped);
        }
        strbuf_addstr(&sb, "  <testsuite");
        attr(&sb, "name", fam);
        strbuf_addf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n%s", tests,
                    failed, skipped, suite.buf);
        strbuf_addstr(&sb, "  </testsuite>\n");
        total += tests, tfail += failed, tskip += skipped;
    }
    size_t before = total;
    write_input_suite(&sb, r, &total);
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"infralint\" "
            "tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n%s</testsuites>\n",
            total, tfail, total - before, tskip, sb.buf);
    strbuf_release(&sb);
    strbuf_release(&suite);
    for (size_t i = 0; i < ndirs; i++)
        free(dirs[i]);
    free(dirs);
    for (size_t i = 0; i < j.nfam; i++)
        free(j.families[i]);
    free(j.families);
    free(j.v);
    free(hits);
    free(used);
    return ferror(out) ? -1 : 0;
}
