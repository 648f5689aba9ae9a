/* plan.c — Terraform plan JSON: shape checks, the resource index, configuration look-up, and the
 * known / unset / unknown / sensitive answers rules rely on. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/util.h"
#include "tfjson.h"

#define J(v) ((json_t *)(v))
#define PV(j) ((const struct pval *)(j))

/* A configuration entry: key "modpath|relative-address" for resources, "modpath" for modules. */
struct cfgent {
    const char *key;
    json_t *node;
};

struct plan {
    struct tfjson_deferred *def; /* members parsed on first use (member()) */
    char *file;
    char *dir;
    json_t *root;
    struct arena *arena;
    struct plan_resource *res;
    size_t nres;
    const char **modpath;                 /* per resource: module path without instance keys */
    const struct plan_resource **by_type; /* sorted by type, then document order */
    const struct plan_resource **by_addr; /* sorted by address */
    struct cfgent *cfg;                   /* resource configurations, sorted by key */
    size_t ncfg, cfg_alloc;
    struct cfgent *mods; /* module configurations, sorted by key */
    size_t nmods, mods_alloc;
    int has_config;
    json_t **decoded_src; /* plan_json_decode cache: source strings … */
    json_t **decoded;     /* … and their parsed values (NULL = invalid) */
    size_t ndecoded, decoded_alloc;
    const struct plan_resource **by_config; /* resources by configuration block (lazy) */
    size_t nby_config;
    struct envinfo env;
    const struct tfstack *stack;
    struct tfpin *pin; /* the Terraform version the plan's directory states, or NULL */
};

/* ---- members parsed on first use ---- */

static const char *const deferred_names[] = {"planned_values", "prior_state"};

/* 1 unless key is a deferred member whose text does not contain needle (then parsing it is
 * pointless). */
static int deferred_mentions(const struct plan *p, const char *key, const char *needle)
{
    for (size_t i = 0; p->def && i < ARRAY_SIZE(p->def->key); i++)
        if (p->def->key[i] && !strcmp(p->def->key[i], key))
            return memmem(p->def->text[i], p->def->len[i], needle, strlen(needle)) != NULL;
    return 1;
}

/* A top-level member, parsing a deferred one now (the cache is the plan's own business). */
static json_t *member(const struct plan *p, const char *key)
{
    struct tfjson_deferred *def = p->def;
    for (size_t i = 0; def && i < ARRAY_SIZE(def->key); i++) {
        if (!def->key[i] || strcmp(def->key[i], key))
            continue;
        json_error_t err; /* the text was validated when the plan was read */
        json_t *v = json_loadb(def->text[i], def->len[i], 0, &err);
        if (v)
            json_object_set_new(p->root, key, v);
        free(def->key[i]);
        free(def->text[i]);
        def->key[i] = def->text[i] = NULL;
        break;
    }
    return json_object_get(p->root, key);
}

/* ---- module addresses ---- */

/* Copy a module address without instance keys: module.a["x"].module.b[0] -> module.a.module.b */
static const char *strip_keys(struct arena *a, const char *addr)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *s = addr; *s;) {
        if (*s == '[') {
            int quoted = 0;
            for (s++; *s; s++) {
                if (quoted && *s == '\\' && s[1])
                    s++;
                else if (*s == '"')
                    quoted = !quoted;
                else if (!quoted && *s == ']') {
                    s++;
                    break;
                }
            }
            continue;
        }
        strbuf_addch(&sb, *s++);
    }
    const char *r = arena_strndup(a, sb.buf, sb.len);
    strbuf_release(&sb);
    return r;
}

static int cfgent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct cfgent *)a)->key, ((const struct cfgent *)b)->key);
}

static json_t *cfg_find(const struct cfgent *v, size_t n, const char *key)
{
    struct cfgent k = {key, NULL};
    const struct cfgent *e = n ? bsearch(&k, v, n, sizeof(*v), cfgent_cmp) : NULL;
    return e ? e->node : NULL;
}

/* Index the configuration tree: every module and resource by module path. */
static void index_module(struct plan *p, json_t *mod, const char *modpath, int depth)
{
    if (!json_is_object(mod) || depth > 64)
        return;
    ALLOC_GROW(p->mods, p->nmods + 1, p->mods_alloc);
    p->mods[p->nmods].key = modpath;
    p->mods[p->nmods++].node = mod;
    json_t *res = json_object_get(mod, "resources");
    size_t i;
    json_t *r;
    json_array_foreach (res, i, r) {
        const char *addr = json_string_value(json_object_get(r, "address"));
        if (!addr)
            continue;
        ALLOC_GROW(p->cfg, p->ncfg + 1, p->cfg_alloc);
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s|%s", modpath, addr);
        p->cfg[p->ncfg].key = arena_strndup(p->arena, sb.buf, sb.len);
        p->cfg[p->ncfg++].node = r;
        strbuf_release(&sb);
    }
    const char *name;
    json_t *call;
    json_object_foreach (json_object_get(mod, "module_calls"), name, call) {
        char *sub = *modpath ? xstrfmt("%s.module.%s", modpath, name) : xstrfmt("module.%s", name);
        index_module(p, json_object_get(call, "module"), arena_strdup(p->arena, sub), depth + 1);
        free(sub);
    }
}

/* ---- shape checks ---- */

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Check that member key of obj (at jpath) is absent or of the wanted kind; -1 with a diagnostic. */
static int is_deferred(const struct plan *p, const char *key)
{
    for (size_t i = 0; p->def && i < ARRAY_SIZE(p->def->key); i++)
        if (p->def->key[i] && !strcmp(p->def->key[i], key))
            return 1;
    return 0;
}

static int want(struct plan *p, struct diag_list *d, json_t *obj, const char *jpath,
                const char *key, int (*ok)(const json_t *), const char *what, int required)
{
    if (obj == p->root && is_deferred(p, key))
        return 0; /* an object, kept as text until it is read */
    json_t *v = json_object_get(obj, key);
    if (!v)
        return required ? diag_add_jpath(d, p->file, jpath, "missing '%s'", key) : 0;
    if (ok(v))
        return 0;
    char *path = *jpath ? xstrfmt("%s.%s", jpath, key) : xstrdup(key);
    diag_add_jpath(d, p->file, path, "expected %s, found %s", what, json_type_name(v));
    free(path);
    return -1;
}

static int is_object(const json_t *v)
{
    return json_is_object(v);
}
static int is_array(const json_t *v)
{
    return json_is_array(v);
}
static int is_string(const json_t *v)
{
    return json_is_string(v);
}
static int is_object_or_null(const json_t *v)
{
    return json_is_object(v) || json_is_null(v);
}
static int is_mask(const json_t *v)
{
    return json_is_object(v) || json_is_boolean(v) || json_is_array(v) || json_is_null(v);
}

static int check_format_version(struct plan *p, struct diag_list *d)
{
    json_t *fv = json_object_get(p->root, "format_version");
    if (!json_is_string(fv))
        return diag_add_jpath(d, p->file, "format_version", "expected a string, found %s",
                              json_type_name(fv));
    const char *s = json_string_value(fv);
    char *end;
    long major = strtol(s, &end, 10);
    if (end == s || (*end && *end != '.'))
        return diag_add_jpath(d, p->file, "format_version",
                              "not a version number: expected \"MAJOR.MINOR\"");
    if (major != 0 && major != 1)
        return diag_add_jpath(d, p->file, "format_version",
                              "unsupported plan format version %ld.x (infralint reads 0.x and "
                              "1.x, Terraform 0.12 onward)",
                              major);
    return 0;
}

static enum plan_action parse_actions(json_t *acts, int *cbd)
{
    int create = 0, del = 0, read = 0, update = 0, forget = 0;
    size_t i;
    json_t *a;
    *cbd = 0;
    json_array_foreach (acts, i, a) {
        const char *s = json_string_value(a);
        if (!s)
            continue;
        if (!strcmp(s, "create")) {
            create = 1;
            if (!del)
                *cbd = 1;
        } else if (!strcmp(s, "delete"))
            del = 1;
        else if (!strcmp(s, "read"))
            read = 1;
        else if (!strcmp(s, "update"))
            update = 1;
        else if (!strcmp(s, "forget"))
            forget = 1;
    }
    if (create && del)
        return ACT_REPLACE;
    if (del)
        return ACT_DELETE;
    if (create)
        return ACT_CREATE;
    if (forget)
        return ACT_FORGET;
    if (read)
        return ACT_READ;
    if (update)
        return ACT_UPDATE;
    return ACT_NOOP;
}

/* Validate one resource change; fill r. -1 (diagnostic added) when it cannot be used. */
static int load_resource(struct plan *p, struct diag_list *d, json_t *rc, size_t i,
                         struct plan_resource *r)
{
    char jp[64];
    snprintf(jp, sizeof(jp), "resource_changes[%zu]", i);
    if (!json_is_object(rc))
        return diag_add_jpath(d, p->file, jp, "expected an object, found %s", json_type_name(rc));
    if (want(p, d, rc, jp, "address", is_string, "a string", 1) ||
        want(p, d, rc, jp, "type", is_string, "a string", 1) ||
        want(p, d, rc, jp, "name", is_string, "a string", 1) ||
        want(p, d, rc, jp, "mode", is_string, "a string", 0) ||
        want(p, d, rc, jp, "module_address", is_string, "a string", 0) ||
        want(p, d, rc, jp, "provider_name", is_string, "a string", 0) ||
        want(p, d, rc, jp, "change", is_object, "an object", 1))
        return -1;
    json_t *ch = json_object_get(rc, "change");
    char cp[128];
    snprintf(cp, sizeof(cp), "%s.change", jp);
    if (want(p, d, ch, cp, "actions", is_array, "an array", 1) ||
        want(p, d, ch, cp, "before", is_object_or_null, "an object or null", 0) ||
        want(p, d, ch, cp, "after", is_object_or_null, "an object or null", 0) ||
        want(p, d, ch, cp, "after_unknown", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "before_sensitive", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "after_sensitive", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "replace_paths", is_array, "an array", 0))
        return -1;
    json_t *acts = json_object_get(ch, "actions");
    size_t k;
    json_t *a;
    json_array_foreach (acts, k, a)
        if (!json_is_string(a)) {
            char ap[192];
            snprintf(ap, sizeof(ap), "%s.actions[%zu]", cp, k);
            return diag_add_jpath(d, p->file, ap, "expected a string, found %s", json_type_name(a));
        }
    memset(r, 0, sizeof(*r));
    r->plan = p;
    r->index = i;
    r->address = json_string_value(json_object_get(rc, "address"));
    r->type = json_string_value(json_object_get(rc, "type"));
    r->name = json_string_value(json_object_get(rc, "name"));
    r->mode = json_string_value(json_object_get(rc, "mode"));
    if (!r->mode)
        r->mode =
            starts_with(r->address, "data.") || strstr(r->address, ".data.") ? "data" : "managed";
    r->module = json_string_value(json_object_get(rc, "module_address"));
    if (!r->module)
        r->module = "";
    r->provider = json_string_value(json_object_get(rc, "provider_name"));
    r->key = PV(json_object_get(rc, "index"));
    r->action = parse_actions(acts, &r->create_before_destroy);
    if (r->action != ACT_REPLACE)
        r->create_before_destroy = 0;
    r->before = PV(json_object_get(ch, "before"));
    r->after = PV(json_object_get(ch, "after"));
    r->after_unknown = PV(json_object_get(ch, "after_unknown"));
    r->before_sensitive = PV(json_object_get(ch, "before_sensitive"));
    r->after_sensitive = PV(json_object_get(ch, "after_sensitive"));
    r->replace_paths = PV(json_object_get(ch, "replace_paths"));
    r->action_reason = json_string_value(json_object_get(rc, "action_reason"));
    return 0;
}

/* ---- loading ---- */

static int type_cmp(const void *a, const void *b)
{
    const struct plan_resource *x = *(const struct plan_resource *const *)a;
    const struct plan_resource *y = *(const struct plan_resource *const *)b;
    int c = strcmp(x->type, y->type);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int addr_cmp(const void *a, const void *b)
{
    const struct plan_resource *x = *(const struct plan_resource *const *)a;
    const struct plan_resource *y = *(const struct plan_resource *const *)b;
    return strcmp(x->address, y->address);
}

static void link_config(struct plan *p)
{
    for (size_t i = 0; i < p->nres; i++) {
        struct plan_resource *r = &p->res[i];
        p->modpath[i] = strip_keys(p->arena, r->module);
        if (!p->ncfg)
            continue;
        struct strbuf key = STRBUF_INIT;
        strbuf_addf(&key, "%s|%s%s.%s", p->modpath[i], !strcmp(r->mode, "data") ? "data." : "",
                    r->type, r->name);
        r->config = PV(cfg_find(p->cfg, p->ncfg, key.buf));
        strbuf_release(&key);
    }
}

struct plan *plan_from_json(const char *file, void *rootp, struct tfjson_deferred *def,
                            struct diag_list *d)
{
    json_t *root = rootp;
    struct plan *p = xcalloc(1, sizeof(*p));
    p->def = def;
    p->file = xstrdup(file);
    p->dir = path_dirname(file);
    p->root = root;
    p->arena = arena_new();
    size_t nd = d->n;
    if (check_format_version(p, d) ||
        want(p, d, root, "", "resource_changes", is_array, "an array", 0) ||
        want(p, d, root, "", "configuration", is_object, "an object", 0) ||
        want(p, d, root, "", "variables", is_object, "an object", 0) ||
        want(p, d, root, "", "output_changes", is_object, "an object", 0) ||
        want(p, d, root, "", "planned_values", is_object, "an object", 0) ||
        want(p, d, root, "", "prior_state", is_object, "an object", 0) ||
        want(p, d, root, "", "terraform_version", is_string, "a string", 0)) {
        plan_free(p);
        return NULL;
    }
    json_t *rcs = json_object_get(root, "resource_changes");
    size_t n = json_array_size(rcs);
    p->res = xcalloc(n ? n : 1, sizeof(*p->res));
    p->modpath = xcalloc(n ? n : 1, sizeof(*p->modpath));
    for (size_t i = 0; i < n; i++)
        if (load_resource(p, d, json_array_get(rcs, i), i, &p->res[p->nres]) == 0)
            p->res[p->nres].index = p->nres, p->nres++;
    (void)nd;

    json_t *cfg = json_object_get(root, "configuration");
    p->has_config = json_is_object(cfg);
    index_module(p, json_object_get(cfg, "root_module"), "", 0);
    if (p->ncfg > 1)
        qsort(p->cfg, p->ncfg, sizeof(*p->cfg), cfgent_cmp);
    if (p->nmods > 1)
        qsort(p->mods, p->nmods, sizeof(*p->mods), cfgent_cmp);
    link_config(p);

    p->by_type = xcalloc(p->nres ? p->nres : 1, sizeof(*p->by_type));
    p->by_addr = xcalloc(p->nres ? p->nres : 1, sizeof(*p->by_addr));
    for (size_t i = 0; i < p->nres; i++)
        p->by_type[i] = p->by_addr[i] = &p->res[i];
    qsort(p->by_type, p->nres, sizeof(*p->by_type), type_cmp);
    qsort(p->by_addr, p->nres, sizeof(*p->by_addr), addr_cmp);
    return p;
}

struct plan *plan_load(const char *file, const char *buf, size_t len, struct diag_list *d)
{
    struct tfjson_result r;
    tfjson_load(file, buf, len, TFJSON_EXPLICIT, &r, d);
    if (r.backend)
        backend_free(r.backend);
    if (r.kind != TFJSON_PLAN && !d->n)
        diag_add(d, file, 0, 0, "not a Terraform plan");
    return r.plan;
}

void plan_free(struct plan *p)
{
    if (!p)
        return;
    tfjson_deferred_free(p->def);
    free(p->file);
    free(p->dir);
    for (size_t i = 0; i < p->ndecoded; i++)
        json_decref(p->decoded[i]);
    free(p->decoded);
    free(p->decoded_src);
    json_decref(p->root);
    arena_free(p->arena);
    free(p->res);
    free(p->modpath);
    free(p->by_type);
    free(p->by_addr);
    free(p->cfg);
    free(p->mods);
    free(p->by_config);
    env_release(&p->env);
    tfpin_free(p->pin);
    free(p);
}

/* ---- accessors ---- */

const char *plan_file(const struct plan *p)
{
    return p->file;
}
const char *plan_dir(const struct plan *p)
{
    return p->dir;
}

void plan_set_dir(struct plan *p, const char *dir)
{
    char *copy = xstrdup(dir);
    free(p->dir);
    p->dir = copy;
}

const struct pval *plan_root(const struct plan *p, int whole)
{
    for (size_t i = 0; whole && i < ARRAY_SIZE(deferred_names); i++)
        member(p, deferred_names[i]);
    return PV(p->root);
}

const struct pval *plan_top(const struct plan *p, const char *key)
{
    return PV(member(p, key));
}

const char *plan_terraform_version(const struct plan *p)
{
    return json_string_value(json_object_get(p->root, "terraform_version"));
}

int plan_has_configuration(const struct plan *p)
{
    return p->has_config;
}
size_t plan_nresources(const struct plan *p)
{
    return p->nres;
}

const struct plan_resource *plan_resource_at(const struct plan *p, size_t i)
{
    return i < p->nres ? &p->res[i] : NULL;
}

const struct plan_resource *const *plan_by_type(const struct plan *p, const char *type, size_t *n)
{
    size_t lo = 0, hi = p->nres;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(p->by_type[mid]->type, type) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < p->nres && !strcmp(p->by_type[end]->type, type))
        end++;
    *n = end - lo;
    return *n ? &p->by_type[lo] : NULL;
}

const struct plan_resource *plan_by_address(const struct plan *p, const char *address)
{
    size_t lo = 0, hi = p->nres;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(p->by_addr[mid]->address, address);
        if (!c)
            return p->by_addr[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int plan_res_live(const struct plan_resource *r)
{
    return r->action != ACT_DELETE && r->action != ACT_FORGET && r->action != ACT_READ &&
           strcmp(r->mode, "data") != 0;
}

const char *plan_action_name(enum plan_action a)
{
    static const char *const names[] = {"no-op",  "create",  "read",  "update",
                                        "delete", "replace", "forget"};
    return (unsigned)a < ARRAY_SIZE(names) ? names[a] : "?";
}

/* ---- attributes ---- */

/* One path step into a value or mask: key, or index for arrays. */
static json_t *jstep(json_t *v, const char *s, size_t n)
{
    if (!v)
        return NULL;
    char key[256];
    if (n >= sizeof(key))
        return NULL;
    memcpy(key, s, n);
    key[n] = '\0';
    if (json_is_array(v)) {
        char *end;
        unsigned long i = strtoul(key, &end, 10);
        return n && !*end ? json_array_get(v, i) : NULL;
    }
    return json_object_get(v, key);
}

/* Walk the configuration expressions along path. 1 when the attribute (or a parent) is set by an
 * expression, 0 when absent; *expr gets the expression object when the full path reached one. */
static int config_set(const struct plan_resource *r, const char *path, json_t **expr)
{
    json_t *e = json_object_get(J(r->config), "expressions");
    if (expr)
        *expr = NULL;
    while (*path) {
        size_t n = strcspn(path, ".");
        if (json_is_array(e)) {
            char *end;
            unsigned long i = strtoul(path, &end, 10);
            if (end == path + n && n) {
                e = json_array_get(e, i < json_array_size(e) ? i : 0);
                path += n;
                if (*path == '.')
                    path++;
                continue;
            }
            e = json_array_get(e, 0); /* a single block addressed without an index */
        }
        if (!json_is_object(e))
            return 0;
        if (json_object_get(e, "references") || json_object_get(e, "constant_value"))
            return 1; /* a parent set as a whole by one expression */
        e = jstep(e, path, n);
        if (!e)
            return 0;
        path += n;
        if (*path == '.')
            path++;
    }
    if (expr && json_is_object(e))
        *expr = e;
    return e != NULL;
}

/* Terraform's configuration JSON leaves `dynamic` blocks out: a nested block that `after` holds
 * (a known list of blocks) but configuration lacks was written as one, and what is inside it
 * cannot be told unset. 1 when a block on the way to path is such a block. */
static int in_unseen_block(const struct plan_resource *r, const char *path)
{
    char prefix[256];
    for (const char *dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
        size_t n = (size_t)(dot - path);
        if (n >= sizeof(prefix))
            return 0;
        memcpy(prefix, path, n);
        prefix[n] = '\0';
        json_t *v = J(pval_path(r->after, prefix));
        if (json_is_array(v) && json_is_object(json_array_get(v, 0)) &&
            !config_set(r, prefix, NULL))
            return 1;
    }
    return 0;
}

static struct attr unknown_or_unset(const struct plan_resource *r, const char *path, int sens)
{
    struct attr a = {ATTR_UNKNOWN, NULL, sens};
    if (r->plan->has_config && r->config && !config_set(r, path, NULL) && !in_unseen_block(r, path))
        a.state = ATTR_UNSET;
    return a;
}

static struct attr lookup(const struct plan_resource *r, const char *path, const struct pval *val,
                          const struct pval *unknown, const struct pval *sensitive)
{
    json_t *v = J(val), *u = J(unknown), *s = J(sensitive);
    int sens = json_is_true(s);
    if (json_is_true(u))
        return unknown_or_unset(r, path, sens);
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".");
        v = jstep(v, p, n);
        u = jstep(u, p, n);
        s = jstep(s, p, n);
        if (json_is_true(s))
            sens = 1;
        if (json_is_true(u))
            return unknown_or_unset(r, path, sens);
        p += n;
        if (*p == '.')
            p++;
    }
    struct attr a = {ATTR_UNSET, NULL, sens};
    if (v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v))) {
        a.state = ATTR_KNOWN;
        a.v = PV(v);
    }
    return a;
}

struct attr plan_attr(const struct plan_resource *r, const char *path)
{
    return lookup(r, path, r->after, r->after_unknown, r->after_sensitive);
}

struct attr plan_attr_before(const struct plan_resource *r, const char *path)
{
    return lookup(r, path, r->before, NULL, r->before_sensitive);
}

int plan_bool(const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNSET)
        return 0;
    if (a.state == ATTR_UNKNOWN)
        return -1; /* a sensitive value is known: evaluate it, print it never */
    if (pval_is_true(a.v))
        return 1;
    if (pval_is_false(a.v))
        return 0;
    const char *s = pval_str(a.v);
    if (s && !strcmp(s, "true"))
        return 1;
    if (s && !strcmp(s, "false"))
        return 0;
    return -1;
}

int plan_number(const struct plan_resource *r, const char *path, double *out)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNSET)
        return 1;
    if (a.state == ATTR_UNKNOWN)
        return -1;
    if (pval_num(a.v, out) == 0)
        return 0;
    const char *s = pval_str(a.v);
    if (s && *s) {
        char *end;
        double x = strtod(s, &end);
        if (!*end) {
            *out = x;
            return 0;
        }
    }
    return -1;
}

const char *plan_string(const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    return a.state == ATTR_KNOWN && !a.sensitive ? pval_str(a.v) : NULL;
}

int plan_configured(const struct plan_resource *r, const char *path)
{
    return r->config && config_set(r, path, NULL);
}

const struct pval *plan_references(const struct plan_resource *r, const char *path)
{
    json_t *e;
    if (!r->config || !config_set(r, path, &e) || !e)
        return NULL;
    return PV(json_object_get(e, "references"));
}

/* ---- references ---- */

struct ref {
    int kind;        /* 0 other, 1 managed, 2 data, 3 module output */
    char type[128];  /* resource type, or module name */
    char name[128];  /* resource name, or output name */
    char index[128]; /* "[0]" / "[\"k\"]" when the reference names one instance */
};

/* Copy one identifier at *s (letters, digits, '_', '-') into out; advance. */
static int ident(const char **s, char *out, size_t cap)
{
    size_t n = 0;
    while (**s && (**s == '_' || **s == '-' || (**s >= 'a' && **s <= 'z') ||
                   (**s >= 'A' && **s <= 'Z') || (**s >= '0' && **s <= '9'))) {
        if (n + 1 < cap)
            out[n++] = **s;
        (*s)++;
    }
    out[n] = '\0';
    return n > 0;
}

static void parse_ref(const char *s, struct ref *r)
{
    memset(r, 0, sizeof(*r));
    static const char *const skip[] = {"var.",  "local.", "each.",      "count.",
                                       "path.", "self.",  "terraform.", "provider::"};
    for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
        if (starts_with(s, skip[i]))
            return;
    if (starts_with(s, "module.")) {
        s += 7;
        if (!ident(&s, r->type, sizeof(r->type)))
            return;
        if (*s == '[') { /* module instance key: any instance */
            const char *e = strchr(s, ']');
            s = e ? e + 1 : s + strlen(s);
        }
        if (*s++ != '.' || !ident(&s, r->name, sizeof(r->name)))
            return;
        r->kind = 3;
        return;
    }
    r->kind = 1;
    if (starts_with(s, "data.")) {
        s += 5;
        r->kind = 2;
    }
    if (!ident(&s, r->type, sizeof(r->type)) || *s++ != '.' ||
        !ident(&s, r->name, sizeof(r->name))) {
        r->kind = 0;
        return;
    }
    if (*s == '[') {
        const char *e = strchr(s, ']');
        if (e && (size_t)(e - s + 1) < sizeof(r->index))
            memcpy(r->index, s, (size_t)(e - s + 1));
    }
}

static int res_matches(const struct plan_resource *t, const struct ref *ref)
{
    if (strcmp(t->type, ref->type) || strcmp(t->name, ref->name))
        return 0;
    if ((ref->kind == 2) != !strcmp(t->mode, "data"))
        return 0;
    if (ref->index[0]) {
        const char *a = t->address, *suffix = a + strlen(a) - strlen(ref->index);
        if (suffix < a || strcmp(suffix, ref->index))
            return 0;
    }
    return 1;
}

/* Does one reference, made inside module instance `module` (path modpath), lead to target?
 * exact: the module instance must match exactly (not only its path). */
static int ref_leads_to(const struct plan *p, const char *module, const char *modpath,
                        const char *refstr, const struct plan_resource *target, int exact,
                        int depth)
{
    struct ref ref;
    parse_ref(refstr, &ref);
    if (ref.kind == 1 || ref.kind == 2) {
        if (strcmp(p->modpath[target->index], modpath))
            return 0;
        if (exact && strcmp(target->module, module))
            return 0;
        return res_matches(target, &ref);
    }
    if (ref.kind != 3 || depth > 16)
        return 0;
    char *sub =
        *modpath ? xstrfmt("%s.module.%s", modpath, ref.type) : xstrfmt("module.%s", ref.type);
    json_t *mod = cfg_find(p->mods, p->nmods, sub);
    json_t *out =
        json_object_get(json_object_get(json_object_get(mod, "outputs"), ref.name), "expression");
    int hit = 0;
    size_t i;
    json_t *x;
    json_array_foreach (json_object_get(out, "references"), i, x) {
        const char *s = json_string_value(x);
        if (s && ref_leads_to(p, module, sub, s, target, 0, depth + 1)) {
            hit = 1;
            break;
        }
    }
    free(sub);
    return hit;
}

/* Call fn for each resource whose address is prefix or prefix[key] (index: only that key). */
static size_t each_address(const struct plan *p, const char *prefix, const char *index,
                           int skip_deleted, plan_target_fn *fn, void *arg)
{
    size_t plen = strlen(prefix), lo = 0, hi = p->nres, found = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(p->by_addr[mid]->address, prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < p->nres && !strncmp(p->by_addr[lo]->address, prefix, plen); lo++) {
        const struct plan_resource *t = p->by_addr[lo];
        const char *rest = t->address + plen;
        if (*rest && *rest != '[')
            continue; /* aws_x.dlq2 after aws_x.dlq */
        if (index[0] && strcmp(rest, index))
            continue;
        if (skip_deleted && t->action == ACT_DELETE)
            continue;
        found++;
        if (fn)
            fn(t, arg);
    }
    return found;
}

/* The address prefix a reference names inside module instance `module`. */
static char *ref_prefix(const char *module, const struct ref *ref)
{
    return xstrfmt("%s%s%s%s.%s", module, *module ? "." : "", ref->kind == 2 ? "data." : "",
                   ref->type, ref->name);
}

/* Resolve one reference made in module instance `module` (path modpath) to its resources. */
static void ref_targets(const struct plan *p, const char *module, const char *modpath,
                        const struct ref *ref, plan_target_fn *fn, void *arg, int depth)
{
    if (ref->kind == 1 || ref->kind == 2) {
        char *prefix = ref_prefix(module, ref);
        each_address(p, prefix, ref->index, 0, fn, arg);
        free(prefix);
        return;
    }
    if (ref->kind != 3 || depth > 16)
        return;
    char *sub =
        *modpath ? xstrfmt("%s.module.%s", modpath, ref->type) : xstrfmt("module.%s", ref->type);
    json_t *mod = cfg_find(p->mods, p->nmods, sub);
    json_t *out =
        json_object_get(json_object_get(json_object_get(mod, "outputs"), ref->name), "expression");
    size_t i;
    json_t *x;
    json_array_foreach (json_object_get(out, "references"), i, x) {
        struct ref inner;
        parse_ref(json_string_value(x) ? json_string_value(x) : "", &inner);
        if (inner.kind == 3) {
            ref_targets(p, module, sub, &inner, fn, arg, depth + 1);
            continue;
        }
        if (inner.kind != 1 && inner.kind != 2)
            continue;
        size_t n; /* any instance of the called module under this one */
        const struct plan_resource *const *v = plan_by_type(p, inner.type, &n);
        for (size_t k = 0; k < n; k++)
            if (!strcmp(p->modpath[v[k]->index], sub) && starts_with(v[k]->module, module) &&
                res_matches(v[k], &inner))
                fn(v[k], arg);
    }
    free(sub);
}

/* Is the bare reference `aws_x.y` in refs accompanied by one naming an instance? */
static int instance_named(json_t *refs, const struct ref *ref)
{
    size_t k;
    json_t *y;
    json_array_foreach (refs, k, y) {
        struct ref other;
        parse_ref(json_string_value(y) ? json_string_value(y) : "", &other);
        if (other.kind == ref->kind && other.index[0] && !strcmp(other.type, ref->type) &&
            !strcmp(other.name, ref->name))
            return 1;
    }
    return 0;
}

void plan_each_target(const struct plan_resource *r, const char *path, plan_target_fn *fn,
                      void *arg)
{
    json_t *refs = J(plan_references(r, path));
    const struct plan *p = r->plan;
    size_t i;
    json_t *x;
    json_array_foreach (refs, i, x) {
        struct ref ref;
        parse_ref(json_string_value(x) ? json_string_value(x) : "", &ref);
        if ((ref.kind == 1 || ref.kind == 2) && !ref.index[0] && instance_named(refs, &ref))
            continue; /* `aws_x.y[0].id` is listed with a bare `aws_x.y`: only [0] is meant */
        ref_targets(p, r->module, p->modpath[r->index], &ref, fn, arg, 0);
    }
}

int plan_refers(const struct plan_resource *r, const char *path, const struct plan_resource *target)
{
    json_t *refs = J(plan_references(r, path));
    const struct plan *p = r->plan;
    size_t i;
    json_t *x;
    json_array_foreach (refs, i, x) {
        const char *s = json_string_value(x);
        if (!s || !ref_leads_to(p, r->module, p->modpath[r->index], s, target, 1, 0))
            continue;
        /* Terraform lists `aws_x.y[0].id`, `aws_x.y[0]` and the bare `aws_x.y`: the bare
         * form names every instance, so it counts only when no instance is named. */
        struct ref ref;
        parse_ref(s, &ref);
        if (!((ref.kind == 1 || ref.kind == 2) && !ref.index[0] && instance_named(refs, &ref)))
            return 1;
    }
    return 0;
}

int plan_ref_count(const struct plan_resource *r, const char *path)
{
    json_t *refs = J(plan_references(r, path));
    const struct plan *p = r->plan;
    if (!json_array_size(refs))
        return -1;
    struct ref *parsed = xcalloc(json_array_size(refs), sizeof(*parsed));
    size_t n = 0;
    int count = 0, other = 0;
    size_t i;
    json_t *x;
    json_array_foreach (refs, i, x) {
        parse_ref(json_string_value(x) ? json_string_value(x) : "", &parsed[n]);
        if (parsed[n].kind == 1)
            n++;
        else
            other = 1; /* a variable, module output or data source (data.aws_subnets.x.ids)
                          may hold any number of values */
    }
    for (size_t a = 0; a < n && !other; a++) {
        int dup = 0, has_indexed = 0;
        for (size_t b = 0; b < n; b++) {
            int same = !strcmp(parsed[a].type, parsed[b].type) &&
                       !strcmp(parsed[a].name, parsed[b].name) && parsed[a].kind == parsed[b].kind;
            if (same && b < a && !strcmp(parsed[a].index, parsed[b].index))
                dup = 1;
            if (same && parsed[b].index[0])
                has_indexed = 1;
        }
        if (dup || (!parsed[a].index[0] && has_indexed))
            continue;
        char *prefix = ref_prefix(r->module, &parsed[a]);
        size_t found = each_address(p, prefix, parsed[a].index, 1, NULL, NULL);
        free(prefix);
        if (!found)
            other = 1;
        count += (int)found;
    }
    free(parsed);
    return other ? -1 : count;
}

const struct pval *plan_json_decode(const struct plan_resource *r, const struct pval *str)
{
    return plan_json_decode_in(r->plan, str);
}

const struct pval *plan_json_decode_in(const struct plan *cp, const struct pval *str)
{
    struct plan *p = (struct plan *)cp; /* the cache is the plan's own business */
    if (!str || !json_is_string(J(str)))
        return NULL;
    for (size_t i = 0; i < p->ndecoded; i++)
        if (p->decoded_src[i] == J(str))
            return PV(p->decoded[i]);
    json_error_t err;
    json_t *v = json_loads(json_string_value(J(str)), 0, &err);
    ALLOC_GROW(p->decoded, p->ndecoded + 1, p->decoded_alloc);
    p->decoded_src = xreallocarray(p->decoded_src, p->decoded_alloc, sizeof(*p->decoded_src));
    p->decoded_src[p->ndecoded] = J(str);
    p->decoded[p->ndecoded++] = v;
    return PV(v);
}

int plan_member_mentions(const struct plan *p, const char *key, const char *needle)
{
    return deferred_mentions(p, key, needle);
}

static int config_cmp(const void *a, const void *b)
{
    const struct plan_resource *x = *(const struct plan_resource *const *)a;
    const struct plan_resource *y = *(const struct plan_resource *const *)b;
    if (x->config != y->config)
        return (uintptr_t)x->config < (uintptr_t)y->config ? -1 : 1;
    return x < y ? -1 : x > y;
}

const struct plan_resource *plan_config_owner(const struct plan *p, const struct pval *cfg)
{
    if (!cfg)
        return NULL;
    if (!p->by_config) { /* built on first use: the cache is the plan's own business */
        struct plan *mp = (struct plan *)p;
        mp->by_config = xcalloc(p->nres + 1, sizeof(*mp->by_config));
        for (size_t i = 0; i < p->nres; i++)
            if (p->res[i].config)
                mp->by_config[mp->nby_config++] = &p->res[i];
        qsort(mp->by_config, mp->nby_config, sizeof(*mp->by_config), config_cmp);
    }
    size_t lo = 0, hi = p->nby_config;
    while (lo < hi) { /* the first in document order */
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)p->by_config[mid]->config < (uintptr_t)cfg)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nby_config && p->by_config[lo]->config == cfg ? p->by_config[lo] : NULL;
}

struct anchor plan_anchor(const struct plan_resource *r, const char *path)
{
    struct anchor a = {0};
    a.file = r->plan->file;
    a.location = r->address;
    a.path = path;
    return a;
}

const struct envinfo *plan_env(const struct plan *p)
{
    return &p->env;
}

void plan_set_env(struct plan *p, const struct envinfo *e)
{
    env_copy(&p->env, e);
}

const struct tfstack *plan_stack(const struct plan *p)
{
    return p->stack;
}
void plan_set_stack(struct plan *p, const struct tfstack *s)
{
    p->stack = s;
}

const struct pval *plan_variable(const struct plan *p, const char *name, int *sensitive)
{
    json_t *v =
        json_object_get(json_object_get(json_object_get(p->root, "variables"), name), "value");
    json_t *decl = json_object_get(
        json_object_get(json_object_get(json_object_get(p->root, "configuration"), "root_module"),
                        "variables"),
        name);
    if (sensitive)
        *sensitive = json_is_true(json_object_get(decl, "sensitive"));
    return PV(v);
}

const struct tfpin *plan_pin(const struct plan *p)
{
    return p->pin;
}

void plan_set_pin(struct plan *p, struct tfpin *pin)
{
    tfpin_free(p->pin);
    p->pin = pin;
}

static void each_data_in(const struct plan *p, json_t *mod, const char *type, plan_data_fn *fn,
                         void *arg, int depth)
{
    json_t *rs = json_object_get(mod, "resources");
    for (size_t i = 0; i < json_array_size(rs); i++) {
        json_t *r = json_array_get(rs, i);
        const char *mode = json_string_value(json_object_get(r, "mode"));
        const char *t = json_string_value(json_object_get(r, "type"));
        const char *addr = json_string_value(json_object_get(r, "address"));
        if (mode && t && addr && !strcmp(mode, "data") && !strcmp(t, type))
            fn(p, addr, PV(json_object_get(r, "values")), arg);
    }
    json_t *kids = json_object_get(mod, "child_modules");
    for (size_t i = 0; depth < 64 && i < json_array_size(kids); i++)
        each_data_in(p, json_array_get(kids, i), type, fn, arg, depth + 1);
}

void plan_each_prior_data(const struct plan *p, const char *type, plan_data_fn *fn, void *arg)
{
    json_t *root =
        json_object_get(J(pval_get(plan_top(p, "prior_state"), "values")), "root_module");
    if (root)
        each_data_in(p, root, type, fn, arg, 0);
}
