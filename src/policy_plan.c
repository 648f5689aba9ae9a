/* policy_plan.c — the plan and backend subjects as Lua sees them: `plan`, resources, their
 * before/after values (unset vs unknown exactly as plan_attr() answers it for C rules),
 * variables, outputs, the raw document, and `backend` (credentials read as SENSITIVE). */
#include <stdlib.h>
#include <string.h>

#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/redact.h"
#include "infralint/util.h"
#include "policy_int.h"

static const char res_ns = 0; /* cache namespace of resource proxies */

/* Proxy userdata: the generation first (policy_check_ud reads it). */
struct res_ud {
    unsigned gen;
    const struct plan_resource *r;
};

struct plan_ud {
    unsigned gen;
    const struct plan *p;
    const struct tfstack *stack;
    const struct envinfo *env;
};

struct backend_ud {
    unsigned gen;
    const struct tfstack *stack;
};

static void push_resource(lua_State *L, const struct plan_resource *r);

/* Build "prefix.rel" (either may be empty) in a buffer left on the stack. */
static const char *join_path(lua_State *L, int self, const char *rel)
{
    struct policy_buf *b = policy_buf_new(L);
    if (self)
        policy_node_path(L, self, b);
    if (rel && *rel) {
        if (b->len)
            policy_buf_add(L, b, ".", 1);
        policy_buf_addstr(L, b, rel);
    }
    return b->len ? policy_buf_str(b) : NULL;
}

/* The key a node has in its parent, or the index, appended to its path (buffer on the stack). */
static const char *child_path(lua_State *L, int self, const char *key, size_t idx)
{
    struct policy_buf *b = policy_buf_new(L);
    policy_node_path(L, self, b);
    if (b->len)
        policy_buf_add(L, b, ".", 1);
    if (key)
        policy_buf_addstr(L, b, key);
    else
        policy_buf_addf(L, b, "%zu", idx);
    return policy_buf_str(b);
}

/* ---- attributes: r:get() and the after view, per plan_attr() ---- */

static const struct policy_view view_after, view_before;

static void push_after_root(lua_State *L, int res, const struct plan_resource *r)
{
    if (pval_type(r->after) != PV_OBJECT) {
        lua_pushnil(L);
        return;
    }
    struct policy_node n = {0};
    n.view = &view_after;
    n.v = r->after;
    n.m1 = r->after_unknown;
    n.m2 = r->after_sensitive;
    n.doc = r->plan;
    n.ctx = r;
    n.gen = 1;
    n.root = 1;
    policy_node_push(L, &n, res);
}

/* Push the value of an attribute after apply: the value, nil (unset), UNKNOWN or SENSITIVE.
 * res: stack index of the resource proxy (parent of the nodes made). */
static void push_attr(lua_State *L, int res, const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNKNOWN)
        policy_push_sentinel(L, SENTINEL_UNKNOWN);
    else if (a.state == ATTR_UNSET)
        lua_pushnil(L);
    else if (a.sensitive)
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
    else if (!policy_push_scalar(L, a.v)) {
        push_after_root(L, res, r); /* a container: walk to it so that it has its path */
        int top = lua_gettop(L);
        policy_node_get_walk(L, top, path);
        lua_remove(L, top);
    }
}

static void push_resource_loc(lua_State *L, const struct plan_resource *r, const char *path,
                              int after)
{
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a = plan_anchor(r, path);
    if (path) {
        struct attr a = after ? plan_attr(r, path) : plan_attr_before(r, path);
        at.unknown = a.state == ATTR_UNKNOWN;
        at.missing = a.state == ATTR_UNSET;
    }
    policy_loc_push(L, &at);
}

static int after_unset(lua_State *L, int self, const struct policy_node *n, const char *key,
                       size_t idx)
{
    const struct plan_resource *r = n->ctx;
    if (!plan_has_configuration(r->plan) || !r->config)
        return 0; /* without configuration, unset and unknown look alike: unknown */
    const char *path = child_path(L, self, key, idx);
    int set = plan_configured(r, path);
    lua_pop(L, 1);
    return !set;
}

static void after_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    const char *path = join_path(L, self, rel);
    push_resource_loc(L, n->ctx, path, n->view == &view_after);
    lua_remove(L, -2);
}

static void after_get(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    const char *path = join_path(L, self, rel);
    if (!path) {
        lua_pop(L, 1);
        lua_pushvalue(L, self);
        return;
    }
    lua_getiuservalue(L, self, 1); /* walk up to the resource proxy */
    while (policy_node_test(L, -1)) {
        lua_getiuservalue(L, -1, 1);
        lua_remove(L, -2);
    }
    int res = lua_gettop(L);
    push_attr(L, res, n->ctx, path);
    lua_replace(L, res - 1);
    lua_settop(L, res - 1);
}

static void plain_get(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)n;
    policy_node_get_walk(L, self, rel);
}

static const struct policy_view view_after = {
    .name = "after",
    .is_array = policy_json_is_array,
    .child = policy_json_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = after_at,
    .get = after_get,
    .unset = after_unset,
};
static const struct policy_view view_before = {
    .name = "before",
    .is_array = policy_json_is_array,
    .child = policy_json_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = after_at,
    .get = plain_get,
};

/* ---- outputs and variables ---- */

/* The jansson-owned copy of key in obj (stable for the document's life), or NULL. */
static const char *stable_key(const struct pval *obj, const char *key)
{
    void *it = NULL;
    const char *k;
    const struct pval *v;
    while (pval_next(obj, &it, &k, &v))
        if (!strcmp(k, key))
            return k;
    return NULL;
}

static void named_at(lua_State *L, int self, const struct policy_node *n, const char *rel,
                     const char *prefix)
{
    const char *path = join_path(L, self, rel);
    char *loc = xstrfmt("%s.%s", prefix, (const char *)n->ctx);
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = plan_file(n->doc);
    at.a.location = loc;
    at.a.path = path;
    policy_loc_push(L, &at); /* copies: nothing of ours can raise before free */
    free(loc);
    lua_remove(L, -2);
}

static void output_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    named_at(L, self, n, rel, "output");
}

static void varval_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    named_at(L, self, n, rel, "var");
}

static const struct policy_view view_output_value = {
    .name = "output",
    .is_array = policy_json_is_array,
    .child = policy_json_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = output_at,
    .get = plain_get,
};
static const struct policy_view view_var_value = {
    .name = "variable",
    .is_array = policy_json_is_array,
    .child = policy_json_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = varval_at,
    .get = plain_get,
};

static void push_value_node(lua_State *L, int self, const struct policy_node *parent,
                            const struct policy_view *view, const struct pval *v,
                            const struct pval *unknown, const struct pval *sens, const char *name)
{
    struct policy_node c;
    memset(&c, 0, sizeof(c));
    c.view = view;
    c.v = v;
    c.m1 = unknown;
    c.m2 = sens;
    c.doc = parent->doc;
    c.ctx = name;
    c.gen = 1;
    c.root = 1;
    policy_node_push(L, &c, self);
}

static void outputs_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                          size_t klen, size_t idx, int *present)
{
    (void)klen;
    (void)idx;
    const struct pval *oc = key ? pval_get(n->v, key) : NULL;
    *present = oc != NULL;
    const struct pval *after = pval_get(oc, "after"), *au = pval_get(oc, "after_unknown"),
                      *as = pval_get(oc, "after_sensitive");
    if (pval_is_true(au))
        policy_push_sentinel(L, SENTINEL_UNKNOWN);
    else if (pval_type(after) <= PV_NULL)
        lua_pushnil(L);
    else if (pval_is_true(as))
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
    else if (!policy_push_scalar(L, after))
        push_value_node(L, self, n, &view_output_value, after, au, as, stable_key(n->v, key));
}

static void variables_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                            size_t klen, size_t idx, int *present)
{
    (void)klen;
    (void)idx;
    const struct pval *var = key ? pval_get(n->v, key) : NULL;
    *present = var != NULL;
    int sensitive = 0;
    const struct pval *value = var ? plan_variable(n->doc, key, &sensitive) : NULL;
    if (pval_type(value) <= PV_NULL)
        lua_pushnil(L);
    else if (sensitive)
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
    else if (!policy_push_scalar(L, value))
        push_value_node(L, self, n, &view_var_value, value, NULL, NULL, stable_key(n->v, key));
}

static int map_next(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it)
{
    const char *k;
    const struct pval *val;
    int present;
    if (!pval_next(n->v, &it->it, &k, &val))
        return 0;
    lua_pushstring(L, k);
    n->view->child(L, self, n, k, strlen(k), 0, &present);
    return 1;
}

static void map_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)self;
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = plan_file(n->doc);
    at.a.path = *rel ? rel : NULL;
    policy_loc_push(L, &at);
}

static const struct policy_view view_outputs = {
    .name = "outputs",
    .is_array = policy_json_is_array,
    .child = outputs_child,
    .next = map_next,
    .len = policy_json_len,
    .at = map_at,
    .get = plain_get,
};
static const struct policy_view view_variables = {
    .name = "variables",
    .is_array = policy_json_is_array,
    .child = variables_child,
    .next = map_next,
    .len = policy_json_len,
    .at = map_at,
    .get = plain_get,
};

/* ---- plan.raw: the whole document, secrets masked by structure (redact_plan_step) ---- */

static const struct policy_view view_raw;

/* A raw node's mask: the view keeps its kind in kind, its mask in m2, its context in aux. */
static struct redact_mask raw_mask(const struct policy_node *n)
{
    struct redact_mask m = {(enum redact_mask_kind)n->kind, n->m2, n->aux};
    return m;
}

static void raw_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                      size_t klen, size_t idx, int *present)
{
    (void)klen;
    const struct pval *cv = !key                   ? pval_idx(n->v, idx)
                            : n->kind == MASK_ROOT ? plan_top(n->doc, key) /* parsed when asked */
                                                   : pval_get(n->v, key);
    *present = cv != NULL;
    if (pval_type(cv) <= PV_NULL) {
        lua_pushnil(L);
        return;
    }
    struct redact_mask m = redact_plan_step(n->doc, raw_mask(n), n->v, key, idx);
    if (m.kind == MASK_SECRET) {
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
        return;
    }
    if (policy_push_scalar(L, cv))
        return;
    struct policy_node c = *n;
    c.v = cv;
    c.m2 = m.m;
    c.aux = m.ctx;
    c.idx = idx;
    c.root = 0;
    c.kind = (unsigned char)m.kind;
    if (policy_node_push(L, &c, self) && key)
        policy_node_set_key(L, -1, key);
}

static lua_Integer raw_len(lua_State *L, int self, const struct policy_node *n)
{
    (void)L;
    (void)self;
    if (n->kind == MASK_ROOT)
        plan_root(n->doc, 1); /* every member, as read */
    return (lua_Integer)pval_len(n->v);
}

static int raw_next(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it)
{
    if (n->kind == MASK_ROOT)
        plan_root(n->doc, 1);
    return policy_json_next(L, self, n, it);
}

static void raw_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    const char *path = join_path(L, self, rel);
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = plan_file(n->doc);
    at.a.path = path;
    policy_loc_push(L, &at);
    lua_remove(L, -2);
}

static const struct policy_view view_raw = {
    .name = "raw",
    .is_array = policy_json_is_array,
    .child = raw_child,
    .next = raw_next,
    .len = raw_len,
    .at = raw_at,
    .get = plain_get,
};

/* ---- resources ---- */

static const struct plan_resource *check_res(lua_State *L, int idx)
{
    return ((struct res_ud *)policy_check_ud(L, idx, "resource"))->r;
}

static const char *const action_names[] = {"create", "update", "delete", "replace",
                                           "no-op",  "read",   "forget"};

/* r:is(name): Terraform's action list for the change contains name ("replace" is both delete
 * and create). -1 for an unknown name. */
static int res_is_name(const struct plan_resource *r, const char *name)
{
    switch (r->action) {
    case ACT_REPLACE:
        return !strcmp(name, "replace") || !strcmp(name, "delete") || !strcmp(name, "create");
    default: return !strcmp(name, plan_action_name(r->action));
    }
}

static int known_action(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(action_names); i++)
        if (!strcmp(name, action_names[i]))
            return 1;
    return 0;
}

static int res_is(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    const char *name = luaL_checkstring(L, 2);
    if (!known_action(name))
        return luaL_error(L,
                          "r:is: unknown action '%s' (create, update, delete, replace, no-op, "
                          "read, forget)",
                          name);
    lua_pushboolean(L, res_is_name(r, name));
    return 1;
}

static int res_get(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    push_attr(L, 1, r, luaL_checkstring(L, 2));
    return 1;
}

static int res_unknown(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    lua_pushboolean(L, plan_attr(r, luaL_checkstring(L, 2)).state == ATTR_UNKNOWN);
    return 1;
}

static int res_sensitive(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    lua_pushboolean(L, plan_attr(r, luaL_checkstring(L, 2)).sensitive);
    return 1;
}

static int res_references(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    const struct pval *refs = plan_references(r, luaL_checkstring(L, 2));
    lua_createtable(L, (int)pval_len(refs), 0);
    for (size_t i = 0; i < pval_len(refs); i++) {
        const char *s = pval_str(pval_idx(refs, i));
        if (!s)
            continue;
        lua_pushstring(L, s);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    }
    return 1;
}

static int res_refers(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const struct plan_resource *t = check_res(L, 3);
    lua_pushboolean(L, plan_refers(r, path, t));
    return 1;
}

static int res_ref_count(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    int n = plan_ref_count(r, luaL_checkstring(L, 2));
    if (n < 0)
        lua_pushnil(L); /* no references, or some that name no resource of the plan */
    else
        lua_pushinteger(L, n);
    return 1;
}

static int res_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    const char *path = luaL_optstring(L, 2, NULL);
    push_resource_loc(L, r, path && *path ? path : NULL, 1);
    return 1;
}

static void push_actions(lua_State *L, const struct plan_resource *r)
{
    static const char *const one[] = {"no-op", "create", "read", "update", "delete", "", "forget"};
    lua_createtable(L, 2, 0);
    if (r->action == ACT_REPLACE) {
        lua_pushstring(L, r->create_before_destroy ? "create" : "delete");
        lua_rawseti(L, -2, 1);
        lua_pushstring(L, r->create_before_destroy ? "delete" : "create");
        lua_rawseti(L, -2, 2);
    } else {
        lua_pushstring(L, one[r->action]);
        lua_rawseti(L, -2, 1);
    }
}

static void push_replace_paths(lua_State *L, const struct pval *rp)
{
    lua_createtable(L, (int)pval_len(rp), 0);
    for (size_t i = 0; i < pval_len(rp); i++) {
        const struct pval *path = pval_idx(rp, i);
        lua_createtable(L, (int)pval_len(path), 0);
        for (size_t k = 0; k < pval_len(path); k++) {
            policy_push_scalar(L, pval_idx(path, k));
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_str_or_nil(lua_State *L, const char *s)
{
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
}

static int res_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_resource *r = check_res(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {{"is", res_is},
                                       {"get", res_get},
                                       {"unknown", res_unknown},
                                       {"sensitive", res_sensitive},
                                       {"references", res_references},
                                       {"refers", res_refers},
                                       {"ref_count", res_ref_count},
                                       {"at", res_at},
                                       {NULL, NULL}};
    for (const luaL_Reg *m = methods; m->name; m++)
        if (!strcmp(k, m->name)) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    if (!strcmp(k, "address"))
        policy_push_location(L, r->address);
    else if (!strcmp(k, "type"))
        lua_pushstring(L, r->type);
    else if (!strcmp(k, "name"))
        lua_pushstring(L, r->name);
    else if (!strcmp(k, "module"))
        policy_push_location(L, r->module);
    else if (!strcmp(k, "mode"))
        lua_pushstring(L, r->mode);
    else if (!strcmp(k, "provider"))
        push_str_or_nil(L, r->provider);
    else if (!strcmp(k, "index")) {
        if (!policy_push_scalar(L, r->key))
            lua_pushnil(L);
    } else if (!strcmp(k, "action"))
        lua_pushstring(L, plan_action_name(r->action));
    else if (!strcmp(k, "actions"))
        push_actions(L, r);
    else if (!strcmp(k, "action_reason"))
        push_str_or_nil(L, r->action_reason);
    else if (!strcmp(k, "after"))
        push_after_root(L, 1, r);
    else if (!strcmp(k, "before")) {
        if (pval_type(r->before) != PV_OBJECT)
            lua_pushnil(L);
        else if (pval_is_true(r->before_sensitive))
            policy_push_sentinel(L, SENTINEL_SENSITIVE);
        else {
            struct policy_node n = {0};
            n.view = &view_before;
            n.v = r->before;
            n.m2 = r->before_sensitive;
            n.doc = r->plan;
            n.ctx = r;
            n.gen = 1;
            n.root = 1;
            policy_node_push(L, &n, 1);
        }
    } else if (!strcmp(k, "replace_paths"))
        push_replace_paths(L, r->replace_paths);
    else
        return luaL_error(L,
                          "resource has no field '%s' (address, type, name, module, index, "
                          "mode, provider, action, actions, before, after, replace_paths, "
                          "action_reason; methods is, get, unknown, sensitive, references, "
                          "refers, ref_count, at)",
                          k);
    return 1;
}

static int res_tostring(lua_State *L)
{
    policy_push_location(L, check_res(L, 1)->address);
    return 1;
}

static int res_anchor(lua_State *L)
{
    const struct plan_resource *r = check_res(L, 1);
    struct policy_at *out = lua_touserdata(L, 2);
    out->a = plan_anchor(r, NULL);
    lua_pushnil(L);
    return 1;
}

static void push_resource(lua_State *L, const struct plan_resource *r)
{
    if (policy_cache_get(L, &res_ns, r))
        return;
    struct res_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->r = r;
    u->gen = policy_sandbox_of(L)->gen;
    luaL_setmetatable(L, "resource");
    policy_cache_put(L, &res_ns, r, -1);
}

/* ---- plan:resources() ---- */

struct res_iter {
    const struct plan *p;
    const struct plan_resource *const *v; /* by type, or NULL: every resource */
    size_t n, i;
    unsigned actions; /* bit per action_names[] entry; 0: the live set */
    int any;          /* actions = "any" */
    int glob;         /* type is a glob (uservalue 1) */
    int has_module;   /* module filter (uservalue 2) */
    unsigned gen;
};

static int iter_match(lua_State *L, const struct res_iter *it, const struct plan_resource *r)
{
    if (it->glob) {
        lua_getiuservalue(L, lua_upvalueindex(1), 1);
        int ok = glob_match(lua_tostring(L, -1), r->type);
        lua_pop(L, 1);
        if (!ok)
            return 0;
    }
    if (it->has_module) {
        lua_getiuservalue(L, lua_upvalueindex(1), 2);
        int ok = glob_match(lua_tostring(L, -1), r->module);
        lua_pop(L, 1);
        if (!ok)
            return 0;
    }
    if (it->any)
        return 1;
    if (!it->actions)
        return plan_res_live(r);
    for (size_t i = 0; i < ARRAY_SIZE(action_names); i++)
        if ((it->actions & (1u << i)) && res_is_name(r, action_names[i]))
            return 1;
    return 0;
}

static int resources_next(lua_State *L)
{
    policy_sandbox_guard(L);
    struct res_iter *it = lua_touserdata(L, lua_upvalueindex(1));
    policy_check_gen(L, it->gen);
    while (it->i < it->n) {
        const struct plan_resource *r = it->v ? it->v[it->i] : plan_resource_at(it->p, it->i);
        it->i++;
        if (iter_match(L, it, r)) {
            push_resource(L, r);
            return 1;
        }
    }
    lua_pushnil(L);
    return 1;
}

static void parse_filter(lua_State *L, int idx, struct res_iter *it, int iter)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        if (!strcmp(k, "module")) {
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "plan:resources: module must be a string (a module address or "
                              "glob; \"\" for the root module)");
            lua_pushvalue(L, -1);
            lua_setiuservalue(L, iter, 2);
            it->has_module = 1;
        } else if (!strcmp(k, "actions")) {
            if (lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "any")) {
                it->any = 1;
            } else {
                if (lua_type(L, -1) != LUA_TTABLE)
                    luaL_error(L, "plan:resources: actions must be a list of action names, or "
                                  "\"any\"");
                for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
                    const char *a = lua_tostring(L, -1);
                    size_t j;
                    for (j = 0; a && j < ARRAY_SIZE(action_names); j++)
                        if (!strcmp(a, action_names[j]))
                            break;
                    if (!a || j == ARRAY_SIZE(action_names))
                        luaL_error(L,
                                   "plan:resources: unknown action '%s' (create, update, "
                                   "delete, replace, no-op, read, forget, or \"any\")",
                                   a ? a : luaL_typename(L, -1));
                    it->actions |= 1u << j;
                    lua_pop(L, 1);
                }
                lua_pop(L, 1);
                if (!it->actions)
                    luaL_error(L, "plan:resources: actions is an empty list");
            }
        } else {
            luaL_error(L, "plan:resources: unknown filter '%s' (actions, module)", k);
        }
        lua_pop(L, 1);
    }
}

/* ---- plan ---- */

static const struct plan_ud *check_plan(lua_State *L, int idx)
{
    return policy_check_ud(L, idx, "plan");
}

static int plan_resources(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_ud *u = check_plan(L, 1);
    int filter = 0;
    const char *type = NULL;
    if (lua_type(L, 2) == LUA_TTABLE)
        filter = 2;
    else {
        type = luaL_optstring(L, 2, NULL);
        if (!lua_isnoneornil(L, 3)) {
            luaL_checktype(L, 3, LUA_TTABLE);
            filter = 3;
        }
    }
    struct res_iter *it = lua_newuserdatauv(L, sizeof(*it), 2);
    int iter = lua_gettop(L);
    memset(it, 0, sizeof(*it));
    it->p = u->p;
    it->gen = u->gen;
    if (type && strpbrk(type, "*?[")) {
        it->glob = 1;
        lua_pushvalue(L, 2);
        lua_setiuservalue(L, iter, 1);
    }
    if (type && !it->glob)
        it->v = plan_by_type(u->p, type, &it->n);
    else
        it->n = plan_nresources(u->p);
    if (filter)
        parse_filter(L, filter, it, iter);
    lua_pushcclosure(L, resources_next, 1);
    return 1;
}

static int plan_resource(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_ud *u = check_plan(L, 1);
    const struct plan_resource *r = plan_by_address(u->p, luaL_checkstring(L, 2));
    if (r)
        push_resource(L, r);
    else
        lua_pushnil(L);
    return 1;
}

static void push_map(lua_State *L, const struct plan *p, const struct policy_view *view,
                     const char *member)
{
    struct policy_node n = {0};
    n.view = view;
    n.v = plan_top(p, member);
    n.doc = p;
    n.gen = 1;
    n.root = 1;
    policy_node_push(L, &n, 1);
}

static int plan_variables(lua_State *L)
{
    policy_sandbox_guard(L);
    push_map(L, check_plan(L, 1)->p, &view_variables, "variables");
    return 1;
}

static int plan_outputs(lua_State *L)
{
    policy_sandbox_guard(L);
    push_map(L, check_plan(L, 1)->p, &view_outputs, "output_changes");
    return 1;
}

static void push_env(lua_State *L, const struct envinfo *e)
{
    lua_createtable(L, 0, 3);
    push_str_or_nil(L, e ? e->name : NULL);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, env_class_name(e ? e->cls : ENV_UNKNOWN));
    lua_setfield(L, -2, "class");
    lua_pushstring(L, env_source_name(e ? e->source : ENVSRC_NONE));
    lua_setfield(L, -2, "source");
}

static int plan_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct plan_ud *u = check_plan(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {{"resources", plan_resources},
                                       {"resource", plan_resource},
                                       {"variables", plan_variables},
                                       {"outputs", plan_outputs},
                                       {NULL, NULL}};
    for (const luaL_Reg *m = methods; m->name; m++)
        if (!strcmp(k, m->name)) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    if (!strcmp(k, "file"))
        lua_pushstring(L, plan_file(u->p));
    else if (!strcmp(k, "env"))
        push_env(L, u->env);
    else if (!strcmp(k, "workspace"))
        push_str_or_nil(L, u->stack ? u->stack->workspace : NULL);
    else if (!strcmp(k, "terraform_version"))
        push_str_or_nil(L, plan_terraform_version(u->p));
    else if (!strcmp(k, "backend")) {
        if (u->stack && u->stack->dotterraform)
            policy_backend_push(L, u->stack);
        else
            lua_pushnil(L);
    } else if (!strcmp(k, "raw")) {
        struct policy_node n = {0};
        n.view = &view_raw;
        n.v = plan_root(u->p, 0); /* members are parsed as the policy reaches them */
        n.doc = u->p;
        n.gen = 1;
        n.root = 1;
        n.kind = (unsigned char)redact_plan_root().kind;
        policy_node_push(L, &n, 1);
    } else
        return luaL_error(L,
                          "plan has no field '%s' (file, env, workspace, terraform_version, "
                          "backend, raw; methods resources, resource, variables, outputs)",
                          k);
    return 1;
}

static int plan_tostring(lua_State *L)
{
    lua_pushstring(L, plan_file(check_plan(L, 1)->p));
    return 1;
}

static int plan_anchor_fn(lua_State *L)
{
    const struct plan_ud *u = check_plan(L, 1);
    struct policy_at *out = lua_touserdata(L, 2);
    out->a.file = plan_file(u->p);
    lua_pushnil(L);
    return 1;
}

void policy_plan_push(lua_State *L, const struct subject *s)
{
    struct plan_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->p = s->plan;
    u->stack = s->stack;
    u->env = s->env;
    u->gen = policy_sandbox_of(L)->gen;
    luaL_setmetatable(L, "plan");
}

/* ---- backend ---- */

static const struct backend_ud *check_backend(lua_State *L, int idx)
{
    return policy_check_ud(L, idx, "backend");
}

static const char *backend_file(const struct tfstack *st)
{
    return st->backend ? st->backend->file : st->dotterraform;
}

static const char *backend_location(const struct tfstack *st)
{
    return st->backend && st->backend->state_store ? "state_store" : "backend";
}

/* Credentials by what the key means for this backend type, at any depth. */
static void config_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                         size_t klen, size_t idx, int *present)
{
    const struct backend *b = n->doc;
    if (key && pval_type(pval_get(n->v, key)) > PV_NULL) {
        const char *path = child_path(L, self, key, 0);
        int secret = redact_backend_secret(b->type, path);
        lua_pop(L, 1);
        if (secret) {
            *present = 1;
            policy_push_sentinel(L, SENTINEL_SENSITIVE);
            return;
        }
    }
    policy_json_child(L, self, n, key, klen, idx, present);
}

static void config_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    const struct tfstack *st = n->ctx;
    struct policy_buf *b = policy_buf_new(L);
    policy_buf_addstr(L, b, "config");
    policy_node_path(L, self, b);
    if (*rel)
        policy_buf_addf(L, b, ".%s", rel);
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = backend_file(st);
    at.a.location = backend_location(st);
    at.a.path = policy_buf_str(b);
    at.missing = pval_path(n->v, rel) == NULL;
    policy_loc_push(L, &at);
    lua_remove(L, -2);
}

static const struct policy_view view_config = {
    .name = "backend config",
    .is_array = policy_json_is_array,
    .child = config_child,
    .next = policy_json_next,
    .len = policy_json_len,
    .at = config_at,
    .get = plain_get,
};

static int backend_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct tfstack *st = check_backend(L, 1)->stack;
    const char *path = luaL_optstring(L, 2, "");
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = backend_file(st);
    at.a.location = backend_location(st);
    at.a.path = *path ? path : NULL;
    if (starts_with(path, "config."))
        at.missing = !st->backend || pval_path(st->backend->config, path + 7) == NULL;
    policy_loc_push(L, &at);
    return 1;
}

static int backend_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct tfstack *st = check_backend(L, 1)->stack;
    const struct backend *b = st->backend;
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, backend_at);
    else if (!strcmp(k, "type"))
        push_str_or_nil(L, b ? b->type : NULL);
    else if (!strcmp(k, "state_store"))
        lua_pushboolean(L, b && b->state_store);
    else if (!strcmp(k, "workspace"))
        push_str_or_nil(L, st->workspace);
    else if (!strcmp(k, "terraform_version"))
        push_str_or_nil(L, b ? b->terraform_version : NULL);
    else if (!strcmp(k, "path"))
        push_str_or_nil(L, backend_file(st));
    else if (!strcmp(k, "config")) {
        if (!b || !b->config) {
            lua_pushnil(L);
            return 1;
        }
        struct policy_node n = {0};
        n.view = &view_config;
        n.v = b->config;
        n.doc = b;
        n.ctx = st;
        n.gen = 1;
        n.root = 1;
        policy_node_push(L, &n, 1);
    } else
        return luaL_error(L,
                          "backend has no field '%s' (type, config, workspace, "
                          "terraform_version, path, state_store; method at)",
                          k);
    return 1;
}

static int backend_tostring(lua_State *L)
{
    const struct tfstack *st = check_backend(L, 1)->stack;
    lua_pushfstring(L, "%s backend (%s)", st->backend ? st->backend->type : "implicit local",
                    backend_file(st));
    return 1;
}

static int backend_anchor(lua_State *L)
{
    const struct tfstack *st = check_backend(L, 1)->stack;
    struct policy_at *out = lua_touserdata(L, 2);
    out->a.file = backend_file(st);
    out->a.location = backend_location(st);
    lua_pushnil(L);
    return 1;
}

void policy_backend_push(lua_State *L, const struct tfstack *st)
{
    struct backend_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->stack = st;
    u->gen = policy_sandbox_of(L)->gen;
    luaL_setmetatable(L, "backend");
}

void policy_plan_open(lua_State *L)
{
    static const luaL_Reg res_mt[] = {{"__index", res_index},
                                      {"__newindex", policy_read_only},
                                      {"__tostring", res_tostring},
                                      {"__concat", policy_concat},
                                      {NULL, NULL}};
    policy_proxy_metatable(L, "resource", res_mt, res_anchor);
    static const luaL_Reg plan_mt[] = {{"__index", plan_index},
                                       {"__newindex", policy_read_only},
                                       {"__tostring", plan_tostring},
                                       {"__concat", policy_concat},
                                       {NULL, NULL}};
    policy_proxy_metatable(L, "plan", plan_mt, plan_anchor_fn);
    static const luaL_Reg backend_mt[] = {{"__index", backend_index},
                                          {"__newindex", policy_read_only},
                                          {"__tostring", backend_tostring},
                                          {"__concat", policy_concat},
                                          {NULL, NULL}};
    policy_proxy_metatable(L, "backend", backend_mt, backend_anchor);
}
