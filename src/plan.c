/* plan.c — Terraform plan JSON: shape checks, the resource index, configuration look-up, and the
 * known / unset / unknown / sensitive answers rules rely on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/util.h"
#include "jdoc.h"
#include "tfjson.h"

/* Iterating the document's arrays and objects (any other value: no member). */
#define ARRAY_EACH(a, i, x) for ((i) = 0; ((x) = pval_idx((a), (i))) != NULL; (i)++)
#define OBJECT_EACH(o, k, x)                                                                       \
    for (size_t each_ = 0;                                                                         \
         ((x) = obj_member((o), each_)) != NULL && ((k) = (x)->key, (void)(k), 1); each_++)

static const struct pval *obj_member(const struct pval *o, size_t i)
{
    return o && o->type == JT_OBJECT ? jdoc_member(o, i) : NULL;
}

static size_t arr_len(const struct pval *v)
{
    return v && v->type == JT_ARRAY ? v->n : 0;
}

static int is_object(const struct pval *v)
{
    return v && v->type == JT_OBJECT;
}
static int is_array(const struct pval *v)
{
    return v && v->type == JT_ARRAY;
}
static int is_string(const struct pval *v)
{
    return v && v->type == JT_STRING;
}
static int is_null(const struct pval *v)
{
    return v && v->type == JT_NULL;
}
static int is_bool(const struct pval *v)
{
    return v && (v->type == JT_TRUE || v->type == JT_FALSE);
}

/* A configuration entry: key "modpath|relative-address" for resources, "modpath" for modules. */
struct cfgent {
    const char *key;
    const struct pval *node;
};

struct plan {
    struct jdoc *doc; /* the plan document (planned_values, prior_state parsed on first use) */
    char *file;
    char *dir;
    const struct pval *root;
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
    const struct pval **decoded_src; /* plan_json_decode cache: source strings … */
    struct jdoc **decoded;           /* … and their parsed documents (NULL = invalid) */
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
    const struct pval *v = pval_get(p->root, key);
    size_t len;
    const char *text = jdoc_is_deferred(v) ? jdoc_deferred_text(v, &len) : NULL;
    return text ? memmem(text, len, needle, strlen(needle)) != NULL : 1;
}

/* A top-level member, parsing a deferred one now (the cache is the plan's own business). */
static const struct pval *member(const struct plan *p, const char *key)
{
    const struct pval *v = pval_get(p->root, key);
    if (jdoc_is_deferred(v))
        jdoc_undefer(p->doc, v); /* the text was validated when the plan was read */
    return v;
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

static const struct pval *cfg_find(const struct cfgent *v, size_t n, const char *key)
{
    struct cfgent k = {key, NULL};
    const struct cfgent *e = n ? bsearch(&k, v, n, sizeof(*v), cfgent_cmp) : NULL;
    return e ? e->node : NULL;
}

/* Index the configuration tree: every module and resource by module path. */
static void index_module(struct plan *p, const struct pval *mod, const char *modpath, int depth)
{
    if (!is_object(mod) || depth > 64)
        return;
    ALLOC_GROW(p->mods, p->nmods + 1, p->mods_alloc);
    p->mods[p->nmods].key = modpath;
    p->mods[p->nmods++].node = mod;
    const struct pval *res = pval_get(mod, "resources");
    size_t i;
    const struct pval *r;
    ARRAY_EACH (res, i, r) {
        const char *addr = pval_str(pval_get(r, "address"));
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
    const struct pval *call;
    OBJECT_EACH (pval_get(mod, "module_calls"), name, call) {
        char *sub = *modpath ? xstrfmt("%s.module.%s", modpath, name) : xstrfmt("module.%s", name);
        index_module(p, pval_get(call, "module"), arena_strdup(p->arena, sub), depth + 1);
        free(sub);
    }
}

/* ---- shape checks ---- */

static const char *json_type_name(const struct pval *v)
{
    switch (pval_type(v)) {
    case PV_OBJECT: return "an object";
    case PV_ARRAY: return "an array";
    case PV_STRING: return "a string";
    case PV_NUMBER: return "a number";
    case PV_BOOL: return "a boolean";
    default: return "null";
    }
}

/* Check that member key of obj (at jpath) is absent or of the wanted kind; -1 with a diagnostic
 * (d NULL: -1 alone). */
static int want(struct plan *p, struct diag_list *d, const struct pval *obj, const char *jpath,
                const char *key, int (*ok)(const struct pval *), const char *what, int required)
{
    const struct pval *v = pval_get(obj, key);
    if (obj == p->root && jdoc_is_deferred(v))
        return 0; /* an object, kept as text until it is read */
    if (!v)
        return !required ? 0 : d ? diag_add_jpath(d, p->file, jpath, "missing '%s'", key) : -1;
    if (ok(v))
        return 0;
    if (!d)
        return -1;
    char *path = *jpath ? xstrfmt("%s.%s", jpath, key) : xstrdup(key);
    diag_add_jpath(d, p->file, path, "expected %s, found %s", what, json_type_name(v));
    free(path);
    return -1;
}

static int is_object_or_null(const struct pval *v)
{
    return is_object(v) || is_null(v);
}
static int is_mask(const struct pval *v)
{
    return is_object(v) || is_bool(v) || is_array(v) || is_null(v);
}

static int check_format_version(struct plan *p, struct diag_list *d)
{
    const struct pval *fv = pval_get(p->root, "format_version");
    if (!is_string(fv))
        return diag_add_jpath(d, p->file, "format_version", "expected a string, found %s",
                              json_type_name(fv));
    const char *s = pval_str(fv);
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

static enum plan_action parse_actions(const struct pval *acts, int *cbd)
{
    int create = 0, del = 0, read = 0, update = 0, forget = 0;
    size_t i;
    const struct pval *a;
    *cbd = 0;
    ARRAY_EACH (acts, i, a) {
        const char *s = pval_str(a);
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

/* Check the shape of one resource change: -1 with diagnostics (d NULL: -1 alone, no JSON paths
 * are built for the resources that are fine). */
static int check_resource(struct plan *p, struct diag_list *d, const struct pval *rc, size_t i)
{
    char jp[64] = "", cp[128] = "";
    if (d) {
        snprintf(jp, sizeof(jp), "resource_changes[%zu]", i);
        snprintf(cp, sizeof(cp), "%s.change", jp);
    }
    if (!is_object(rc))
        return d ? diag_add_jpath(d, p->file, jp, "expected an object, found %s",
                                  json_type_name(rc))
                 : -1;
    if (want(p, d, rc, jp, "address", is_string, "a string", 1) ||
        want(p, d, rc, jp, "type", is_string, "a string", 1) ||
        want(p, d, rc, jp, "name", is_string, "a string", 1) ||
        want(p, d, rc, jp, "mode", is_string, "a string", 0) ||
        want(p, d, rc, jp, "module_address", is_string, "a string", 0) ||
        want(p, d, rc, jp, "provider_name", is_string, "a string", 0) ||
        want(p, d, rc, jp, "change", is_object, "an object", 1))
        return -1;
    const struct pval *ch = pval_get(rc, "change");
    if (want(p, d, ch, cp, "actions", is_array, "an array", 1) ||
        want(p, d, ch, cp, "before", is_object_or_null, "an object or null", 0) ||
        want(p, d, ch, cp, "after", is_object_or_null, "an object or null", 0) ||
        want(p, d, ch, cp, "after_unknown", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "before_sensitive", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "after_sensitive", is_mask, "an object or boolean", 0) ||
        want(p, d, ch, cp, "replace_paths", is_array, "an array", 0))
        return -1;
    size_t k;
    const struct pval *a;
    ARRAY_EACH (pval_get(ch, "actions"), k, a)
        if (!is_string(a)) {
            if (!d)
                return -1;
            char ap[192];
            snprintf(ap, sizeof(ap), "%s.actions[%zu]", cp, k);
            return diag_add_jpath(d, p->file, ap, "expected a string, found %s", json_type_name(a));
        }
    return 0;
}

/* Validate one resource change; fill r. -1 (diagnostic added) when it cannot be used. */
static int load_resource(struct plan *p, struct diag_list *d, const struct pval *rc, size_t i,
                         struct plan_resource *r)
{
    if (check_resource(p, NULL, rc, i))
        return check_resource(p, d, rc, i);
    const struct pval *ch = pval_get(rc, "change");
    const struct pval *acts = pval_get(ch, "actions");
    memset(r, 0, sizeof(*r));
    r->plan = p;
    r->index = i;
    r->address = pval_str(pval_get(rc, "address"));
    r->type = pval_str(pval_get(rc, "type"));
    r->name = pval_str(pval_get(rc, "name"));
    r->mode = pval_str(pval_get(rc, "mode"));
    if (!r->mode)
        r->mode =
            starts_with(r->address, "data.") || strstr(r->address, ".data.") ? "data" : "managed";
    r->module = pval_str(pval_get(rc, "module_address"));
    if (!r->module)
        r->module = "";
    r->provider = pval_str(pval_get(rc, "provider_name"));
    r->key = pval_get(rc, "index");
    r->action = parse_actions(acts, &r->create_before_destroy);
    if (r->action != ACT_REPLACE)
        r->create_before_destroy = 0;
    r->before = pval_get(ch, "before");
    r->after = pval_get(ch, "after");
    r->after_unknown = pval_get(ch, "after_unknown");
    r->before_sensitive = pval_get(ch, "before_sensitive");
    r->after_sensitive = pval_get(ch, "after_sensitive");
    r->replace_paths = pval_get(ch, "replace_paths");
    r->action_reason = pval_str(pval_get(rc, "action_reason"));
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
    struct strbuf key = STRBUF_INIT;
    for (size_t i = 0; i < p->nres; i++) {
        struct plan_resource *r = &p->res[i];
        if (i && !strcmp(r->module, p->res[i - 1].module)) /* neighbours share their module */
            p->modpath[i] = p->modpath[i - 1];
        else
            p->modpath[i] = strip_keys(p->arena, r->module);
        if (!p->ncfg)
            continue;
        strbuf_reset(&key); /* "modpath|[data.]type.name" */
        strbuf_addstr(&key, p->modpath[i]);
        strbuf_addch(&key, '|');
        if (!strcmp(r->mode, "data"))
            strbuf_addstr(&key, "data.");
        strbuf_addstr(&key, r->type);
        strbuf_addch(&key, '.');
        strbuf_addstr(&key, r->name);
        r->config = cfg_find(p->cfg, p->ncfg, key.buf);
    }
    strbuf_release(&key);
}

struct plan *plan_from_doc(const char *file, struct jdoc *doc, struct diag_list *d)
{
    const struct pval *root = jdoc_root(doc);
    struct plan *p = xcalloc(1, sizeof(*p));
    p->doc = doc;
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
    const struct pval *rcs = pval_get(root, "resource_changes");
    size_t n = arr_len(rcs);
    p->res = xcalloc(n ? n : 1, sizeof(*p->res));
    p->modpath = xcalloc(n ? n : 1, sizeof(*p->modpath));
    for (size_t i = 0; i < n; i++)
        if (load_resource(p, d, pval_idx(rcs, i), i, &p->res[p->nres]) == 0)
            p->res[p->nres].index = p->nres, p->nres++;
    (void)nd;

    const struct pval *cfg = pval_get(root, "configuration");
    p->has_config = is_object(cfg);
    index_module(p, pval_get(cfg, "root_module"), "", 0);
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
    free(p->file);
    free(p->dir);
    for (size_t i = 0; i < p->decoded_alloc; i++)
        jdoc_free(p->decoded[i]);
    free(p->decoded);
    free(p->decoded_src);
    jdoc_free(p->doc);
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
    return p->root;
}

const struct pval *plan_top(const struct plan *p, const char *key)
{
    return member(p, key);
}

const char *plan_terraform_version(const struct plan *p)
{
    return pval_str(pval_get(p->root, "terraform_version"));
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
static const struct pval *jstep(const struct pval *v, const char *s, size_t n)
{
    if (!v)
        return NULL;
    char key[256];
    if (n >= sizeof(key))
        return NULL;
    memcpy(key, s, n);
    key[n] = '\0';
    if (is_array(v)) {
        char *end;
        unsigned long i = strtoul(key, &end, 10);
        return n && !*end ? pval_idx(v, i) : NULL;
    }
    return pval_get(v, key);
}

/* Walk the configuration expressions along path. 1 when the attribute (or a parent) is set by an
 * expression, 0 when absent; *expr gets the expression object when the full path reached one. */
static int config_set(const struct plan_resource *r, const char *path, const struct pval **expr)
{
    const struct pval *e = pval_get(r->config, "expressions");
    if (expr)
        *expr = NULL;
    while (*path) {
        size_t n = strcspn(path, ".");
        if (is_array(e)) {
            char *end;
            unsigned long i = strtoul(path, &end, 10);
            if (end == path + n && n) {
                e = pval_idx(e, i < arr_len(e) ? i : 0);
                path += n;
                if (*path == '.')
                    path++;
                continue;
            }
            e = pval_idx(e, 0); /* a single block addressed without an index */
        }
        if (!is_object(e))
            return 0;
        if (pval_get(e, "references") || pval_get(e, "constant_value"))
            return 1; /* a parent set as a whole by one expression */
        e = jstep(e, path, n);
        if (!e)
            return 0;
        path += n;
        if (*path == '.')
            path++;
    }
    if (expr && is_object(e))
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
        const struct pval *v = pval_path(r->after, prefix);
        if (is_array(v) && is_object(pval_idx(v, 0)) && !config_set(r, prefix, NULL))
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
    const struct pval *v = val, *u = unknown, *s = sensitive;
    int sens = pval_is_true(s);
    if (pval_is_true(u))
        return unknown_or_unset(r, path, sens);
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".");
        v = jstep(v, p, n);
        u = jstep(u, p, n);
        s = jstep(s, p, n);
        if (pval_is_true(s))
            sens = 1;
        if (pval_is_true(u))
            return unknown_or_unset(r, path, sens);
        p += n;
        if (*p == '.')
            p++;
    }
    struct attr a = {ATTR_UNSET, NULL, sens};
    if (v && !is_null(v) && !(is_string(v) && !*pval_str(v))) {
        a.state = ATTR_KNOWN;
        a.v = v;
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
    const struct pval *e;
    if (!r->config || !config_set(r, path, &e) || !e)
        return NULL;
    return pval_get(e, "references");
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
    const struct pval *mod = cfg_find(p->mods, p->nmods, sub);
    const struct pval *out = pval_get(pval_get(pval_get(mod, "outputs"), ref.name), "expression");
    int hit = 0;
    size_t i;
    const struct pval *x;
    ARRAY_EACH (pval_get(out, "references"), i, x) {
        const char *s = pval_str(x);
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
    const struct pval *mod = cfg_find(p->mods, p->nmods, sub);
    const struct pval *out = pval_get(pval_get(pval_get(mod, "outputs"), ref->name), "expression");
    size_t i;
    const struct pval *x;
    ARRAY_EACH (pval_get(out, "references"), i, x) {
        struct ref inner;
        parse_ref(pval_str(x) ? pval_str(x) : "", &inner);
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
static int instance_named(const struct pval *refs, const struct ref *ref)
{
    size_t k;
    const struct pval *y;
    ARRAY_EACH (refs, k, y) {
        struct ref other;
        parse_ref(pval_str(y) ? pval_str(y) : "", &other);
        if (other.kind == ref->kind && other.index[0] && !strcmp(other.type, ref->type) &&
            !strcmp(other.name, ref->name))
            return 1;
    }
    return 0;
}

void plan_each_target(const struct plan_resource *r, const char *path, plan_target_fn *fn,
                      void *arg)
{
    const struct pval *refs = plan_references(r, path);
    const struct plan *p = r->plan;
    size_t i;
    const struct pval *x;
    ARRAY_EACH (refs, i, x) {
        struct ref ref;
        parse_ref(pval_str(x) ? pval_str(x) : "", &ref);
        if ((ref.kind == 1 || ref.kind == 2) && !ref.index[0] && instance_named(refs, &ref))
            continue; /* `aws_x.y[0].id` is listed with a bare `aws_x.y`: only [0] is meant */
        ref_targets(p, r->module, p->modpath[r->index], &ref, fn, arg, 0);
    }
}

int plan_refers(const struct plan_resource *r, const char *path, const struct plan_resource *target)
{
    const struct pval *refs = plan_references(r, path);
    const struct plan *p = r->plan;
    size_t i;
    const struct pval *x;
    ARRAY_EACH (refs, i, x) {
        const char *s = pval_str(x);
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
    const struct pval *refs = plan_references(r, path);
    const struct plan *p = r->plan;
    if (!arr_len(refs))
        return -1;
    struct ref *parsed = xcalloc(arr_len(refs), sizeof(*parsed));
    size_t n = 0;
    int count = 0, other = 0;
    size_t i;
    const struct pval *x;
    ARRAY_EACH (refs, i, x) {
        parse_ref(pval_str(x) ? pval_str(x) : "", &parsed[n]);
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

/* The slot of str in the decode cache (open addressing by the value's address). */
static size_t decoded_slot(const struct plan *p, const struct pval *str)
{
    size_t h = (size_t)((((uint64_t)(uintptr_t)str >> 3) * 0x9E3779B97F4A7C15ull) >> 32);
    for (h &= p->decoded_alloc - 1; p->decoded_src[h] && p->decoded_src[h] != str;
         h = (h + 1) & (p->decoded_alloc - 1))
        ;
    return h;
}

const struct pval *plan_json_decode_in(const struct plan *cp, const struct pval *str)
{
    struct plan *p = (struct plan *)cp; /* the cache is the plan's own business */
    if (!str || !is_string(str))
        return NULL;
    if (p->decoded_alloc) {
        size_t h = decoded_slot(p, str);
        if (p->decoded_src[h])
            return p->decoded[h] ? jdoc_root(p->decoded[h]) : NULL;
    }
    if (2 * (p->ndecoded + 1) > p->decoded_alloc) { /* grow, keeping the load under a half */
        const struct pval **src = p->decoded_src;
        struct jdoc **docs = p->decoded;
        size_t old = p->decoded_alloc;
        p->decoded_alloc = old ? old * 2 : 64;
        p->decoded_src = xcalloc(p->decoded_alloc, sizeof(*p->decoded_src));
        p->decoded = xcalloc(p->decoded_alloc, sizeof(*p->decoded));
        for (size_t i = 0; i < old; i++)
            if (src[i]) {
                size_t h = decoded_slot(p, src[i]);
                p->decoded_src[h] = src[i];
                p->decoded[h] = docs[i];
            }
        free(src);
        free(docs);
    }
    struct jdoc *doc = jdoc_parse(str->u.s, str->n, NULL);
    size_t h = decoded_slot(p, str);
    p->decoded_src[h] = str;
    p->decoded[h] = doc;
    p->ndecoded++;
    return doc ? jdoc_root(doc) : NULL;
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
    const struct pval *v = pval_get(pval_get(pval_get(p->root, "variables"), name), "value");
    const struct pval *decl = pval_get(
        pval_get(pval_get(pval_get(p->root, "configuration"), "root_module"), "variables"), name);
    if (sensitive)
        *sensitive = pval_is_true(pval_get(decl, "sensitive"));
    return v;
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

static void each_data_in(const struct plan *p, const struct pval *mod, const char *type,
                         plan_data_fn *fn, void *arg, int depth)
{
    const struct pval *rs = pval_get(mod, "resources");
    for (size_t i = 0; i < arr_len(rs); i++) {
        const struct pval *r = pval_idx(rs, i);
        const char *mode = pval_str(pval_get(r, "mode"));
        const char *t = pval_str(pval_get(r, "type"));
        const char *addr = pval_str(pval_get(r, "address"));
        if (mode && t && addr && !strcmp(mode, "data") && !strcmp(t, type))
            fn(p, addr, pval_get(r, "values"), arg);
    }
    const struct pval *kids = pval_get(mod, "child_modules");
    for (size_t i = 0; depth < 64 && i < arr_len(kids); i++)
        each_data_in(p, pval_idx(kids, i), type, fn, arg, depth + 1);
}

void plan_each_prior_data(const struct plan *p, const char *type, plan_data_fn *fn, void *arg)
{
    const struct pval *root =
        pval_get(pval_get(plan_top(p, "prior_state"), "values"), "root_module");
    if (root)
        each_data_in(p, root, type, fn, arg, 0);
}
