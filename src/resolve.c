/* resolve.c — the environment of each plan, each .terraform/ stack and the project:
 * --env, config `environment`, the workspace (not "default"), a plan variable, the tag most
 * resources carry; the project takes the plans' environment when they all agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "infralint/plan.h"
#include "infralint/util.h"

/* From --env or config: 1 when set. */
static int fixed_env(struct envinfo *e, const struct engine_opts *o)
{
    if (o->env_flag) {
        env_set(e, o->patterns, o->env_flag, ENVSRC_FLAG);
        return 1;
    }
    if (o->config && o->config->environment) {
        env_set(e, o->patterns, o->config->environment, ENVSRC_CONFIG);
        return 1;
    }
    return 0;
}

static int from_workspace(struct envinfo *e, const struct engine_opts *o, const struct tfstack *s)
{
    if (!s || !s->workspace || !strcmp(s->workspace, "default"))
        return 0;
    env_set(e, o->patterns, s->workspace, ENVSRC_WORKSPACE);
    return 1;
}

static int from_variables(struct envinfo *e, const struct engine_opts *o, const struct plan *p)
{
    static const char *const names[] = {"environment", "env", "stage"};
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        int sensitive = 0;
        const char *v = pval_str(plan_variable(p, names[i], &sensitive));
        if (v && *v && !sensitive) {
            env_set(e, o->patterns, v, ENVSRC_VARIABLE);
            return 1;
        }
    }
    return 0;
}

struct tally {
    const char *value;
    size_t count;
};

/* The Environment/env tag value most live resources carry (a strict majority of the tagged). */
static int from_tags(struct envinfo *e, const struct engine_opts *o, const struct plan *p)
{
    static const char *const keys[] = {"Environment", "environment", "Env", "env"};
    struct tally *t = NULL;
    size_t nt = 0, alloc = 0, tagged = 0;
    for (size_t i = 0; i < plan_nresources(p); i++) {
        const struct plan_resource *r = plan_resource_at(p, i);
        if (!plan_res_live(r))
            continue;
        const char *base = "tags_all";
        struct attr a = plan_attr(r, base);
        if (a.state != ATTR_KNOWN || pval_type(a.v) != PV_OBJECT || !pval_len(a.v))
            a = plan_attr(r, base = "tags");
        if (a.state != ATTR_KNOWN || a.sensitive)
            continue;
        const char *v = NULL;
        int sensitive = 0;
        for (size_t k = 0; k < ARRAY_SIZE(keys) && !v && !sensitive; k++) {
            /* one tag value may be sensitive on its own (set from a sensitive variable) */
            char path[64];
            snprintf(path, sizeof(path), "%s.%s", base, keys[k]);
            struct attr tag = plan_attr(r, path);
            sensitive = tag.state == ATTR_KNOWN && tag.sensitive;
            if (!sensitive)
                v = pval_str(pval_get(a.v, keys[k]));
        }
        if (!v || !*v)
            continue;
        tagged++;
        size_t j;
        for (j = 0; j < nt; j++)
            if (!strcmp(t[j].value, v))
                break;
        if (j == nt) {
            ALLOC_GROW(t, nt + 1, alloc);
            t[nt].value = v;
            t[nt++].count = 0;
        }
        t[j].count++;
    }
    const struct tally *best = NULL;
    for (size_t j = 0; j < nt; j++)
        if (!best || t[j].count > best->count)
            best = &t[j];
    int ok = best && best->count * 2 > tagged;
    if (ok)
        env_set(e, o->patterns, best->value, ENVSRC_TAGS);
    free(t);
    return ok;
}

static void resolve_plan(struct plan *p, const struct engine_opts *o)
{
    struct envinfo e = {0};
    if (!fixed_env(&e, o) && !from_workspace(&e, o, plan_stack(p)) && !from_variables(&e, o, p))
        from_tags(&e, o, p);
    plan_set_env(p, &e);
    env_release(&e);
}

/* The environment all plans agree on: 1 and *out, or 0. */
static int plans_agree(struct plan *const *plans, size_t n, const struct envinfo **out)
{
    const struct envinfo *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct envinfo *e = plan_env(plans[i]);
        if (!e->name)
            return 0;
        if (!first)
            first = e;
        else if (strcmp(first->name, e->name))
            return 0;
    }
    *out = first;
    return first != NULL;
}

void engine_resolve_envs(struct project *p, const struct engine_opts *o)
{
    for (size_t i = 0; i < p->nplans; i++)
        resolve_plan(p->plans[i], o);
    for (size_t i = 0; i < p->nstacks; i++) {
        struct tfstack *s = p->stacks[i];
        const struct envinfo *agreed;
        if (fixed_env(&s->env, o) || from_workspace(&s->env, o, s))
            continue;
        if (plans_agree(s->plans, s->nplans, &agreed))
            env_copy(&s->env, agreed);
    }
    const struct envinfo *agreed;
    if (!fixed_env(&p->env, o) && plans_agree(p->plans, p->nplans, &agreed)) {
        env_copy(&p->env, agreed);
        p->env.source = ENVSRC_PLANS;
    }
}
