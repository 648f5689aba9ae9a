/* report.c — the reporter table and what every format shares (counts, environment text). */
#include <stdlib.h>
#include <string.h>

#include "infralint/report.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

static const struct reporter reporters[] = {
    {"text", report_text},
    {"json", report_json},
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
