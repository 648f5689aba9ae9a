/* redact_plan.c — what Terraform marks sensitive in a plan, by structure and section by section:
 * the masks beside values (resource_changes, resource_drift, deferred_changes, planned_values,
 * prior_state, output_changes), sensitive root variables, and in `configuration` the defaults of
 * sensitive variables, the expressions of sensitive outputs, module call arguments bound to
 * sensitive inputs, provider credentials (by key name) and the constant values of sensitive
 * attributes. One step function answers for the raw view (child by child) and for the collector
 * (every sensitive string, for the second net). */
#include <string.h>

#include "infralint/plan.h"
#include "infralint/redact.h"
#include "infralint/util.h"

static struct redact_mask mask(enum redact_mask_kind kind, const struct pval *m, const void *ctx)
{
    struct redact_mask r = {kind, m, ctx};
    return r;
}

/* A value under mask m: all of it, part of it, or nothing. */
static struct redact_mask tree(const struct pval *m)
{
    if (pval_is_true(m))
        return mask(MASK_SECRET, NULL, NULL);
    if (pval_type(m) == PV_OBJECT || pval_type(m) == PV_ARRAY)
        return mask(MASK_TREE, m, NULL);
    return mask(MASK_NONE, NULL, NULL);
}

static const struct pval *child_of(const struct pval *v, const char *key, size_t idx)
{
    return key ? pval_get(v, key) : pval_idx(v, idx);
}

static int is_container(const struct pval *v)
{
    return pval_type(v) == PV_OBJECT || pval_type(v) == PV_ARRAY;
}

static int is_change_value(const char *key)
{
    return key && (!strcmp(key, "after") || !strcmp(key, "before"));
}

/* Members that hold masks, action lists or paths, never values. */
static int is_mask(const char *key)
{
    static const char *const masks[] = {"after_unknown",      "after_sensitive", "before_sensitive",
                                        "sensitive_values",   "actions",         "replace_paths",
                                        "relevant_attributes"};
    for (size_t i = 0; key && i < ARRAY_SIZE(masks); i++)
        if (!strcmp(key, masks[i]))
            return 1;
    return 0;
}

/* A member of a container of the plan format: the value beside its mask, or more of the same. */
static struct redact_mask sections_child(const struct pval *v, const char *key, size_t idx)
{
    static const char *const sib[][2] = {{"after", "after_sensitive"},
                                         {"before", "before_sensitive"},
                                         {"values", "sensitive_values"}};
    for (size_t i = 0; key && i < ARRAY_SIZE(sib); i++)
        if (!strcmp(key, sib[i][0]) && pval_get(v, sib[i][1]))
            return tree(pval_get(v, sib[i][1]));
    if (is_change_value(key))
        return mask(MASK_NONE, NULL, NULL); /* a change value without a mask */
    if (key && !strcmp(key, "value") && pval_is_true(pval_get(v, "sensitive")))
        return mask(MASK_SECRET, NULL, NULL);
    if (!is_container(child_of(v, key, idx)) || is_mask(key))
        return mask(MASK_NONE, NULL, NULL); /* a scalar, or a mask */
    return mask(MASK_SECTIONS, NULL, NULL);
}

/* Expressions under the owner's mask m (NULL: by key name). */
static struct redact_mask expr_child(struct redact_mask parent, const char *key, size_t idx)
{
    if (key && !strcmp(key, "references"))
        return mask(MASK_NONE, NULL, NULL); /* addresses are never secret material */
    if (parent.kind == MASK_EXPR_SECRET)
        return key && !strcmp(key, "constant_value") ? mask(MASK_SECRET, NULL, NULL) : parent;
    if (key && !strcmp(key, "constant_value"))
        return parent.m ? tree(parent.m) : mask(MASK_NONE, NULL, NULL);
    if (!parent.m) /* no mask: a credential by its name (provider config, unplanned resource) */
        return key && redact_credential_key(key) ? mask(MASK_EXPR_SECRET, NULL, NULL)
                                                 : mask(MASK_EXPR, NULL, NULL);
    const struct pval *cm = key ? pval_get(parent.m, key) : pval_idx(parent.m, idx);
    if (!key && !cm)
        cm = pval_idx(parent.m, 0); /* one block mask for every block */
    if (pval_is_true(cm))
        return mask(MASK_EXPR_SECRET, NULL, NULL);
    return is_container(cm) ? mask(MASK_EXPR, cm, NULL) : mask(MASK_NONE, NULL, NULL);
}

/* The expressions of a configuration resource: under its planned instance's mask. */
static struct redact_mask resource_exprs(const struct plan *p, const struct pval *cfg)
{
    const struct plan_resource *r = plan_config_owner(p, cfg);
    const struct pval *m = r ? r->after_sensitive : NULL;
    if (r && !is_container(m) && !pval_is_true(m))
        m = r->before_sensitive; /* a resource being deleted */
    if (pval_is_true(m))
        return mask(MASK_EXPR_SECRET, NULL, NULL);
    return mask(MASK_EXPR, is_container(m) ? m : NULL, NULL);
}

/* A module call argument: bound to a sensitive input, or named like a credential. */
static struct redact_mask call_arg(const struct pval *call, const char *key)
{
    const struct pval *decl =
        pval_get(pval_get(pval_get(call, "module"), "variables"), key ? key : "");
    if (key && (pval_is_true(pval_get(decl, "sensitive")) || redact_credential_key(key)))
        return mask(MASK_EXPR_SECRET, NULL, NULL);
    return mask(MASK_EXPR, NULL, NULL);
}

struct redact_mask redact_plan_root(void)
{
    return mask(MASK_ROOT, NULL, NULL);
}

static int is(const char *key, const char *name)
{
    return key && !strcmp(key, name);
}

struct redact_mask redact_plan_step(const struct plan *p, struct redact_mask parent,
                                    const struct pval *v, const char *key, size_t idx)
{
    struct redact_mask none = mask(MASK_NONE, NULL, NULL);
    switch (parent.kind) {
    case MASK_NONE: return none;
    case MASK_SECRET: return parent;
    case MASK_TREE: return tree(pval_is_true(parent.m) ? parent.m : child_of(parent.m, key, idx));
    case MASK_ROOT:
        if (is(key, "variables"))
            return mask(MASK_VARS, NULL, NULL);
        if (is(key, "configuration"))
            return mask(MASK_CONFIG, NULL, NULL);
        return sections_child(v, key, idx);
    case MASK_SECTIONS: return sections_child(v, key, idx);
    case MASK_VARS: {
        int sensitive = 0;
        if (key)
            plan_variable(p, key, &sensitive);
        return sensitive ? mask(MASK_ENTRY, NULL, NULL) : none;
    }
    case MASK_ENTRY:
        if (is(key, "value") || is(key, "default"))
            return mask(MASK_SECRET, NULL, NULL);
        return is(key, "expression") ? mask(MASK_EXPR_SECRET, NULL, NULL) : none;
    case MASK_CONFIG:
        if (is(key, "provider_config"))
            return mask(MASK_PROVIDERS, NULL, NULL);
        return is(key, "root_module") ? mask(MASK_MODULE, NULL, NULL) : none;
    case MASK_PROVIDERS: return key ? mask(MASK_PROVIDER, NULL, NULL) : none;
    case MASK_PROVIDER: return is(key, "expressions") ? mask(MASK_EXPR, NULL, NULL) : none;
    case MASK_MODULE:
        if (is(key, "resources"))
            return mask(MASK_RESOURCES, NULL, NULL);
        if (is(key, "variables") || is(key, "outputs"))
            return mask(MASK_DECLS, NULL, NULL);
        return is(key, "module_calls") ? mask(MASK_CALLS, NULL, NULL) : none;
    case MASK_RESOURCES: return key ? none : mask(MASK_RESOURCE, NULL, NULL);
    case MASK_RESOURCE: return is(key, "expressions") ? resource_exprs(p, v) : none;
    case MASK_DECLS:
        return key && pval_is_true(pval_get(pval_get(v, key), "sensitive"))
                   ? mask(MASK_ENTRY, NULL, NULL)
                   : none;
    case MASK_CALLS: return key ? mask(MASK_CALL, NULL, NULL) : none;
    case MASK_CALL:
        if (is(key, "expressions"))
            return mask(MASK_CALL_ARGS, NULL, v);
        return is(key, "module") ? mask(MASK_MODULE, NULL, NULL) : none;
    case MASK_CALL_ARGS: return call_arg(parent.ctx, key);
    case MASK_EXPR:
    case MASK_EXPR_SECRET: return expr_child(parent, key, idx);
    }
    return none;
}

/* ---- collecting ---- */

/* Every string under v, but a resource address of the plan (addresses are never secret
 * material: a sensitive value that names a resource must not hide where findings are). */
static void add_all(const struct plan *p, struct redact_set *s, const struct pval *v, int depth)
{
    if (depth > 100)
        return;
    if (pval_type(v) == PV_STRING) {
        if (!plan_by_address(p, pval_str(v)))
            redact_set_add(s, pval_str(v), strlen(pval_str(v)), REDACT_PLAN);
    } else if (pval_type(v) == PV_ARRAY) {
        for (size_t i = 0; i < pval_len(v); i++)
            add_all(p, s, pval_idx(v, i), depth + 1);
    } else if (pval_type(v) == PV_OBJECT) {
        void *it = NULL;
        const char *k;
        const struct pval *x;
        while (pval_next(v, &it, &k, &x))
            add_all(p, s, x, depth + 1);
    }
}

static void walk(const struct plan *p, const struct pval *v, struct redact_mask m,
                 struct redact_set *s, int depth)
{
    if (!v || m.kind == MASK_NONE || depth > 100)
        return;
    if (m.kind == MASK_SECRET) {
        add_all(p, s, v, depth);
        return;
    }
    /* under a mask, only what the mask names can be marked: walk the mask (only true and
     * containers in it lead anywhere) */
    int by_mask = m.kind == MASK_TREE || (m.kind == MASK_EXPR && pval_type(m.m) == PV_OBJECT);
    const struct pval *keys = by_mask ? m.m : v;
    if (pval_type(keys) == PV_ARRAY) {
        for (size_t i = 0; i < pval_len(keys) && i < pval_len(v); i++) {
            const struct pval *x = pval_idx(keys, i);
            if (by_mask ? !pval_is_true(x) && !is_container(x)
                        : !is_container(x) && pval_type(x) != PV_STRING)
                continue;
            walk(p, pval_idx(v, i), redact_plan_step(p, m, v, NULL, i), s, depth + 1);
        }
    } else if (pval_type(keys) == PV_OBJECT && pval_type(v) == PV_OBJECT) {
        void *it = NULL;
        const char *k;
        const struct pval *x;
        while (pval_next(keys, &it, &k, &x)) {
            if (by_mask ? !pval_is_true(x) && !is_container(x)           /* false: nothing marked */
                        : !is_container(x) && pval_type(x) != PV_STRING) /* no string */
                continue;
            walk(p, by_mask ? pval_get(v, k) : x, redact_plan_step(p, m, v, k, 0), s, depth + 1);
        }
    }
}

void redact_plan_collect(const struct plan *p, struct redact_set *s)
{
    struct redact_mask root = redact_plan_root();
    const struct pval *doc = plan_root(p, 0); /* the members parsed already */
    void *it = NULL;
    const char *k;
    const struct pval *x;
    while (pval_next(doc, &it, &k, &x))
        if (strcmp(k, "planned_values") && strcmp(k, "prior_state"))
            walk(p, x, redact_plan_step(p, root, doc, k, 0), s, 1);
    /* prior_state adds data sources (no resource change); planned_values repeats
     * resource_changes' `after` and output_changes: read only when those are missing */
    walk(p, plan_top(p, "prior_state"), redact_plan_step(p, root, doc, "prior_state", 0), s, 1);
    int no_changes = pval_type(pval_get(doc, "resource_changes")) != PV_ARRAY;
    int no_outputs = pval_type(pval_get(doc, "output_changes")) != PV_OBJECT;
    if (!no_changes && !(no_outputs && plan_member_mentions(p, "planned_values", "\"outputs\"")))
        return;
    const struct pval *pv = plan_top(p, "planned_values");
    struct redact_mask pm = redact_plan_step(p, root, plan_root(p, 0), "planned_values", 0);
    if (no_changes)
        walk(p, pv, pm, s, 1);
    else
        walk(p, pval_get(pv, "outputs"), redact_plan_step(p, pm, pv, "outputs", 0), s, 2);
}
