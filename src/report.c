/* report.c — the reporter table and what every format shares (counts, environment text). */
#include <stdlib.h>
#include <string.h>

#include "infralint/escape.h"
#include "infralint/report.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

static const struct reporter reporters[] = {
    {"text", report_text},     {"json", report_json},   {"sarif", report_sarif},
    {"github", report_github}, {"junit", report_junit},
};

const struct reporter *report_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(reporters); i++)
        if (!strcmp(reporters[i].name, name))
            return &reporters[i];
    return NULL;
}

void report_names(struct strbuf *out)
{
    for (size_t i = 0; i < ARRAY_SIZE(reporters); i++)
        strbuf_addf(out, "%s%s", i ? ", " : "", reporters[i].name);
}

const struct rule *report_rule(const struct results *r, const char *id, size_t *index)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (!strcmp(r->rules[i]->id, id)) {
            if (index)
                *index = i;
            return r->rules[i];
        }
    return NULL;
}

unsigned char *report_rules_used(const struct results *r)
{
    unsigned char *used = xcalloc(r->nrules ? r->nrules : 1, 1);
    for (size_t i = 0; i < r->nrules; i++)
        used[i] = !r->rule_ran || r->rule_ran[i];
    const char *last = NULL;
    for (size_t k = 0; k < r->findings.n; k++) { /* a rule that reported ran, whatever it says */
        const char *id = r->findings.v[k].rule;
        size_t at;
        if ((!last || strcmp(last, id)) && report_rule(r, id, &at))
            used[at] = 1;
        last = id;
    }
    return used;
}

void report_family(struct strbuf *out, const char *id)
{
    const char *slash = strchr(id, '/');
    strbuf_add(out, id, slash ? (size_t)(slash - id) : strlen(id));
}

void report_count(const struct results *r, struct report_counts *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < r->findings.n; i++) {
        const struct finding *f = &r->findings.v[i];
        if (f->suppressed == SUPP_BASELINE) {
            c->baselined++;
            continue;
        }
        if (f->suppressed) {
            c->suppressed++;
            continue;
        }
        c->findings++;
        if (f->severity == SEV_ERROR)
            c->error++;
        else if (f->severity == SEV_WARNING)
            c->warning++;
        else
            c->note++;
    }
}

static void env_one(struct strbuf *sb, const struct envinfo *e)
{
    if (!e->name) {
        strbuf_addstr(sb, "unknown");
        return;
    }
    const char *cls = env_class_name(e->cls);
    if (!strcmp(e->name, cls))
        strbuf_addf(sb, "%s (%s)", e->name, env_source_name(e->source));
    else
        strbuf_addf(sb, "%s (%s, %s)", e->name, e->cls == ENV_UNKNOWN ? "no class" : cls,
                    env_source_name(e->source));
}

static int env_same(const struct envinfo *a, const struct envinfo *b)
{
    return !str_cmp0(a->name, b->name) && a->cls == b->cls && a->source == b->source;
}

char *report_env_text(const struct results *r)
{
    struct strbuf sb = STRBUF_INIT;
    const struct env_entry *first = NULL;
    int differ = 0;
    for (size_t i = 0; i < r->nenvs; i++) {
        if (!r->envs[i].file)
            continue;
        if (!first)
            first = &r->envs[i];
        else if (!env_same(&first->env, &r->envs[i].env))
            differ = 1;
    }
    if (!differ) {
        const struct envinfo *e = first ? &first->env : NULL;
        for (size_t i = 0; !e && i < r->nenvs; i++)
            e = &r->envs[i].env;
        strbuf_addstr(&sb, "environment ");
        if (e)
            env_one(&sb, e);
        else
            strbuf_addstr(&sb, "unknown");
        return strbuf_detach(&sb);
    }
    strbuf_addstr(&sb, "environments ");
    int n = 0;
    for (size_t i = 0; i < r->nenvs; i++) {
        if (!r->envs[i].file)
            continue;
        strbuf_addf(&sb, "%s%s: ", n++ ? ", " : "", r->envs[i].file);
        env_one(&sb, &r->envs[i].env);
    }
    return strbuf_detach(&sb);
}

void results_release(struct results *r)
{
    finding_list_release(&r->findings);
    diag_release(&r->errors);
    skip_release(&r->skipped);
    for (size_t i = 0; i < r->nenvs; i++) {
        free(r->envs[i].file);
        env_release(&r->envs[i].env);
    }
    free(r->envs);
    memset(r, 0, sizeof(*r));
}

static void counts_text(struct strbuf *sb, const struct report_counts *c)
{
    if (!c->findings) {
        strbuf_addstr(sb, "no findings");
        return;
    }
    strbuf_addf(sb, "%zu finding%s (", c->findings, c->findings == 1 ? "" : "s");
    const char *sep = "";
    if (c->error) {
        strbuf_addf(sb, "%zu error%s", c->error, c->error == 1 ? "" : "s");
        sep = ", ";
    }
    if (c->warning) {
        strbuf_addf(sb, "%s%zu warning%s", sep, c->warning, c->warning == 1 ? "" : "s");
        sep = ", ";
    }
    if (c->note)
        strbuf_addf(sb, "%s%zu note%s", sep, c->note, c->note == 1 ? "" : "s");
    strbuf_addch(sb, ')');
}

char *report_summary(const struct results *r)
{
    struct report_counts c;
    report_count(r, &c);
    struct strbuf sb = STRBUF_INIT;
    counts_text(&sb, &c);
    if (r->errors.n)
        strbuf_addf(&sb, ", %zu input error%s", r->errors.n, r->errors.n == 1 ? "" : "s");
    strbuf_addf(&sb, " in %zu file%s", r->nfiles, r->nfiles == 1 ? "" : "s");
    if (c.suppressed || c.baselined) {
        strbuf_addstr(&sb, " (");
        if (c.suppressed)
            strbuf_addf(&sb, "%zu suppressed", c.suppressed);
        if (c.baselined)
            strbuf_addf(&sb, "%s%zu in baseline", c.suppressed ? ", " : "", c.baselined);
        strbuf_addch(&sb, ')');
    }
    char *env = report_env_text(r);
    strbuf_addstr(&sb, "; ");
    escape_term(&sb, env); /* workspace and environment names are read from the inputs */
    free(env);
    if (r->hint)
        strbuf_addf(&sb, "; %s", r->hint);
    return strbuf_detach(&sb);
}
