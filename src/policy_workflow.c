/* policy_workflow.c — the workflow subjects as Lua sees them: `wf` (one workflow file), its
 * triggers (`wf.on`, normalised), permissions, jobs and steps from the model gha/ rules read, and
 * the YAML itself (`wf.root`, and every YAML value the model hands out) through the YAML view:
 * lazy read-only proxies that carry positions and follow aliases only when touched (never
 * expanded up front). A value reached through an alias points at the alias, as gha/ findings
 * do; a collection under a key points at the key; a missing key at the key of the mapping that
 * lacks it. Literal credentials (what gha/hardcoded-credential finds) read as SENSITIVE. `repo`
 * (kind `workflows`) is the workflows of one repository. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/redact.h"
#include "infralint/util.h"
#include "infralint/workflow.h"
#include "policy_int.h"

/* Cache namespaces of the model proxies and the tables they hand out (their addresses). */
static const char wf_ns = 0, job_ns = 0, step_ns = 0, trig_ns = 0, perm_ns = 0, list_ns = 0,
                  needs_ns = 0, inputs_ns = 0, set_ns = 0;

/* Every model proxy: the generation first (policy_check_ud reads it). */
struct wf_ud {
    unsigned gen;
    const struct workflow *wf;
    const void *a; /* the job, trigger, permissions or set; NULL for the workflow */
    const void *b; /* the step */
};

/* ---- the YAML view ---- */

static const struct policy_view view_yaml;

/* Where a YAML value is, as a finding about it points. */
struct ywhere {
    const struct ynode *n;   /* the node (aliases resolved), or NULL */
    const struct ynode *via; /* the outermost alias it was reached through, or NULL */
    const struct ynode *key; /* its key in a mapping, or NULL */
};

/* A later occurrence of a duplicated key (it reads as the first one's value). */
static int is_dup(const struct workflow *wf, const struct ynode *key)
{
    for (size_t i = 0; i < wf->doc.ndups; i++)
        if (wf->doc.dups[i].key == key)
            return 1;
    return 0;
}

/* A plain scalar in YAML 1.2's float form ([-+]digits[.digits][e[-+]digits], .5 too). */
static int yaml_float(const struct ynode *n, double *out)
{
    const char *s = n->str;
    size_t i = 0;
    int digits = 0, dot = 0;
    if (!n->len || strlen(s) != n->len)
        return 0;
    if (s[i] == '-' || s[i] == '+')
        i++;
    for (; isdigit((unsigned char)s[i]) || s[i] == '.'; i++) {
        if (s[i] == '.' && dot++)
            return 0;
        digits |= s[i] != '.';
    }
    if (!digits)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        i++;
        if (s[i] == '-' || s[i] == '+')
            i++;
        if (!isdigit((unsigned char)s[i]))
            return 0;
        while (isdigit((unsigned char)s[i]))
            i++;
    }
    if (s[i])
        return 0;
    char *end;
    *out = strtod(s, &end);
    return *end == '\0';
}

/* A scalar as YAML 1.2's core schema reads it (plain null, booleans, integers and floats;
 * everything quoted or tagged is a string). */
static void push_scalar(lua_State *L, const struct workflow *wf, const struct ynode *n)
{
    if (redact_workflow_secret(wf, n)) { /* a literal credential (redact_workflow.c) */
        policy_push_sentinel(L, SENTINEL_SENSITIVE);
        return;
    }
    if (n->style == YSTYLE_PLAIN && !n->tag) {
        int b;
        long long i;
        double d;
        if (ynode_is_null(n)) {
            lua_pushnil(L);
            return;
        }
        if (!ynode_bool(n, &b)) {
            lua_pushboolean(L, b);
            return;
        }
        if (!ynode_int(n, &i)) {
            lua_pushinteger(L, (lua_Integer)i);
            return;
        }
        if (yaml_float(n, &d)) {
            lua_pushnumber(L, (lua_Number)d);
            return;
        }
    }
    policy_push_doc_str(L, n->str, n->len); /* a run script repeating one: scrubbed */
}

/* Push the YAML value at w: a scalar as a Lua value, a collection as a node whose parent (kept
 * alive by it) is at stack index parent. */
static void push_yaml(lua_State *L, int parent, const struct workflow *wf, struct ywhere w)
{
    if (w.n && w.n->type == YNODE_ALIAS) {
        if (!w.via)
            w.via = w.n;
        w.n = ynode_deref(w.n);
    }
    if (!w.n) {
        lua_pushnil(L);
        return;
    }
    if (w.n->type == YNODE_SCALAR) {
        push_scalar(L, wf, w.n);
        return;
    }
    struct policy_node c;
    memset(&c, 0, sizeof(c));
    c.view = &view_yaml;
    c.v = w.n;
    c.doc = wf;
    c.ctx = w.via;
    c.ns = w.via; /* through an alias: one proxy per place it is used */
    c.aux = w.key;
    c.gen = 1;
    policy_node_push(L, &c, parent);
}

/* The member key of mapping map (a model yref) as a ywhere. */
static struct ywhere member(struct yref map, const char *key)
{
    struct yref v = yref_get(map, key);
    struct ywhere w = {v.n, v.via, yref_key(map, key).n};
    return w;
}

static struct ywhere of_ref(struct yref r)
{
    struct ywhere w = {r.n, r.via, NULL};
    return w;
}

/* The position a finding about w points at. */
static const struct ynode *where_node(const struct ywhere *w)
{
    if (w->via)
        return w->via;
    if (w->key && w->n && w->n->type != YNODE_SCALAR)
        return w->key;
    return w->n;
}

/* Follow the dotted path rel (keys; 0-based indexes into sequences) from w; returns the bytes
 * of rel followed (strlen(rel) when all of it was found). */
static size_t ywalk(const struct workflow *wf, struct ywhere *w, const char *rel)
{
    const char *p = rel;
    while (*p && w->n) {
        size_t k = strcspn(p, ".");
        const struct ynode *y = w->n, *c = NULL, *key = NULL;
        if (y->type == YNODE_MAP) {
            for (size_t i = 0; i < y->npairs && !c; i++) {
                const struct ynode *pk = ynode_deref(y->pairs[i].key);
                if (pk && pk->type == YNODE_SCALAR && pk->len == k && !memcmp(pk->str, p, k) &&
                    !is_dup(wf, y->pairs[i].key)) {
                    c = y->pairs[i].value;
                    key = y->pairs[i].key;
                }
            }
        } else if (y->type == YNODE_SEQ && k && k < 10 && strspn(p, "0123456789") >= k) {
            size_t i = (size_t)strtoul(p, NULL, 10);
            c = i < y->nitems ? y->items[i] : NULL;
        }
        if (c && c->type == YNODE_ALIAS) {
            if (!w->via)
                w->via = c;
            c = ynode_deref(c);
        }
        if (!c)
            break;
        w->n = c;
        w->key = key;
        p += k;
        if (*p == '.')
            p++;
    }
    return (size_t)(p - rel);
}

/* Append the job id a path ("jobs.<id>…") names to b. */
static void job_of_path(lua_State *L, struct policy_buf *b, const char *path)
{
    if (!starts_with(path, "jobs."))
        return;
    path += 5;
    policy_buf_add(L, b, path, strcspn(path, ".["));
}

/* Push a location handle for w; rest: the part of a path that was not found (then missing). */
static void push_loc(lua_State *L, const struct workflow *wf, const struct ywhere *w,
                     const char *rest)
{
    int top = lua_gettop(L);
    const struct ynode *pos = where_node(w);
    char **box = policy_box_new(L);
    *box = w->n ? wf_node_path(wf, w->via ? w->via : w->n) : NULL;
    struct policy_buf *path = policy_buf_new(L);
    if (*box)
        policy_buf_addstr(L, path, *box);
    if (rest && *rest) {
        if (path->len)
            policy_buf_add(L, path, ".", 1);
        policy_buf_addstr(L, path, rest);
    }
    struct policy_buf *loc = policy_buf_new(L);
    job_of_path(L, loc, policy_buf_str(path));
    struct policy_at at;
    memset(&at, 0, sizeof(at));
    at.a.file = wf->file;
    at.a.line = pos ? pos->line : 1;
    at.a.col = pos ? pos->col : 1;
    at.a.path = path->len ? policy_buf_str(path) : NULL;
    at.a.location = loc->len ? policy_buf_str(loc) : NULL;
    at.missing = rest && *rest;
    policy_loc_push(L, &at);
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
}

/* Push the location of the dotted path rel under w ("" = w itself). */
static void push_loc_at(lua_State *L, const struct workflow *wf, struct ywhere w, const char *rel)
{
    size_t done = ywalk(wf, &w, rel);
    push_loc(L, wf, &w, rel + done);
}

static struct ywhere node_where(const struct policy_node *n)
{
    struct ywhere w = {n->v, n->ctx, n->aux};
    return w;
}

static int yaml_is_array(const struct policy_node *n)
{
    return ((const struct ynode *)n->v)->type == YNODE_SEQ;
}

static void yaml_child(lua_State *L, int self, const struct policy_node *n, const char *key,
                       size_t klen, size_t idx, int *present)
{
    const struct ynode *y = n->v;
    struct ywhere w = {NULL, n->ctx, NULL};
    if (key && y->type == YNODE_MAP) {
        for (size_t i = 0; i < y->npairs && !w.n; i++) {
            const struct ynode *pk = ynode_deref(y->pairs[i].key);
            if (pk && pk->type == YNODE_SCALAR && pk->len == klen && !memcmp(pk->str, key, klen)) {
                w.n = y->pairs[i].value;
                w.key = y->pairs[i].key;
            }
        }
    } else if (!key && y->type == YNODE_SEQ && idx < y->nitems) {
        w.n = y->items[idx];
    }
    *present = w.n != NULL;
    push_yaml(L, self, n->doc, w);
}

static int yaml_next(lua_State *L, int self, const struct policy_node *n, struct policy_iter *it)
{
    const struct ynode *y = n->v;
    if (y->type == YNODE_SEQ) {
        if (it->i >= y->nitems)
            return 0;
        struct ywhere w = {y->items[it->i], n->ctx, NULL};
        lua_pushinteger(L, (lua_Integer)it->i + 1);
        push_yaml(L, self, n->doc, w);
        it->i++;
        return 1;
    }
    while (y->type == YNODE_MAP && it->i < y->npairs) {
        const struct ypair *pr = &y->pairs[it->i++];
        const struct ynode *k = ynode_deref(pr->key);
        if (!k || k->type != YNODE_SCALAR || is_dup(n->doc, pr->key))
            continue; /* a complex key, or a duplicate (it reads as the first) */
        struct ywhere w = {pr->value, n->ctx, pr->key};
        lua_pushlstring(L, k->str, k->len);
        push_yaml(L, self, n->doc, w);
        return 1;
    }
    return 0;
}

static lua_Integer yaml_len(lua_State *L, int self, const struct policy_node *n)
{
    (void)L;
    (void)self;
    const struct ynode *y = n->v;
    if (y->type == YNODE_SEQ)
        return (lua_Integer)y->nitems;
    lua_Integer len = 0;
    for (size_t i = 0; y->type == YNODE_MAP && i < y->npairs; i++) {
        const struct ynode *k = ynode_deref(y->pairs[i].key);
        len += k && k->type == YNODE_SCALAR && !is_dup(n->doc, y->pairs[i].key);
    }
    return len;
}

static void yaml_at(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)self;
    push_loc_at(L, n->doc, node_where(n), rel);
}

static void yaml_get(lua_State *L, int self, const struct policy_node *n, const char *rel)
{
    (void)n;
    policy_node_get_walk(L, self, rel);
}

/* node.line, node.col: where the node is (they hide data keys of those names: node:get("line")
 * reads those). */
static int yaml_prop(lua_State *L, int self, const struct policy_node *n, const char *key)
{
    (void)self;
    if (strcmp(key, "line") && strcmp(key, "col"))
        return 0;
    struct ywhere w = node_where(n);
    const struct ynode *p = where_node(&w);
    lua_pushinteger(L, key[0] == 'l' ? p->line : p->col);
    return 1;
}

static const struct policy_view view_yaml = {
    .name = "yaml",
    .is_array = yaml_is_array,
    .child = yaml_child,
    .next = yaml_next,
    .len = yaml_len,
    .at = yaml_at,
    .get = yaml_get,
    .prop = yaml_prop,
};

/* ---- model proxies: shared parts ---- */

static struct wf_ud *new_ud(lua_State *L, const char *tname, const struct workflow *wf,
                            const void *a, const void *b)
{
    struct wf_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->gen = policy_sandbox_of(L)->gen;
    u->wf = wf;
    u->a = a;
    u->b = b;
    luaL_setmetatable(L, tname);
    return u;
}

/* Push the cached proxy of obj in namespace ns, or a new one. */
static void push_obj(lua_State *L, const void *ns, const char *tname, const struct workflow *wf,
                     const void *a, const void *b)
{
    const void *key = b ? b : a ? a : wf;
    if (policy_cache_get(L, ns, key))
        return;
    new_ud(L, tname, wf, a, b);
    policy_cache_put(L, ns, key, -1);
}

static const struct wf_ud *check_obj(lua_State *L, int idx, const char *tname)
{
    return policy_check_ud(L, idx, tname);
}

/* Push the method named k from methods and return 1, or return 0. */
static int push_method(lua_State *L, const luaL_Reg *methods, const char *k)
{
    for (const luaL_Reg *m = methods; m->name; m++)
        if (!strcmp(k, m->name)) {
            lua_pushcfunction(L, m->func);
            return 1;
        }
    return 0;
}

/* Fill an anchor out for w (the location function of a model proxy). */
static int anchor_at(lua_State *L, const struct workflow *wf, struct ywhere w)
{
    struct policy_at *out = lua_touserdata(L, 2);
    push_loc(L, wf, &w, NULL);
    lua_pushvalue(L, -1);
    lua_pushlightuserdata(L, out);
    luaL_getmetafield(L, -2, "__anchor");
    lua_insert(L, -3);
    lua_call(L, 2, 1);
    return 1;
}

static void push_line_col(lua_State *L, const char *k, struct ywhere w)
{
    const struct ynode *p = where_node(&w);
    if (!p)
        lua_pushnil(L);
    else
        lua_pushinteger(L, k[0] == 'l' ? p->line : p->col);
}

static void push_workflow(lua_State *L, const struct workflow *wf);

/* ---- permissions ---- */

static const char *perm_name(enum wf_perm p)
{
    return p == PERM_NONE ? "none" : p == PERM_READ ? "read" : p == PERM_WRITE ? "write" : NULL;
}

static const char *perms_form(enum wf_perms_form f)
{
    switch (f) {
    case PERMS_MAP: return "map";
    case PERMS_READ_ALL: return "read-all";
    case PERMS_WRITE_ALL: return "write-all";
    default: return "other";
    }
}

static struct ywhere perms_where(const struct wf_perms *p)
{
    struct ywhere w = {p->value.n, p->value.via, p->key.n};
    return w;
}

static void push_perms(lua_State *L, const struct workflow *wf, const struct wf_perms *p)
{
    if (p->form == PERMS_ABSENT)
        lua_pushnil(L);
    else
        push_obj(L, &perm_ns, "permissions", wf, p, NULL);
}

/* p:at([scope]): the scope's value, or the permissions when it is not listed. */
static int perms_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u = check_obj(L, 1, "permissions");
    const struct wf_perms *p = u->a;
    const char *scope = luaL_optstring(L, 2, NULL);
    const struct wf_perm_entry *e = scope ? wf_perms_entry(p, scope) : NULL;
    if (e) {
        struct ywhere w = {e->value.n, e->value.via, e->key.n};
        push_loc(L, u->wf, &w, NULL);
    } else {
        struct ywhere w = perms_where(p);
        push_loc(L, u->wf, &w, scope && p->form == PERMS_MAP ? scope : NULL);
    }
    return 1;
}

static int perms_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u = check_obj(L, 1, "permissions");
    const struct wf_perms *p = u->a;
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, perms_at);
    else if (!strcmp(k, "form"))
        lua_pushstring(L, perms_form(p->form));
    else if (!strcmp(k, "line") || !strcmp(k, "col"))
        push_line_col(L, k, perms_where(p));
    else
        policy_push_str(L, perm_name(wf_perms_level(p, k)));
    return 1;
}

static int perms_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u = check_obj(L, lua_upvalueindex(1), "permissions");
    const struct wf_perms *p = u->a;
    lua_Integer i = policy_iter_step(L, p->n);
    if (i < 0)
        return 0;
    const struct wf_perm_entry *e = &p->v[i];
    lua_pushstring(L, e->scope);
    const char *level = perm_name(e->level);
    policy_push_str(L, level ? level : yref_str(e->value));
    return 2;
}

static int perms_pairs(lua_State *L)
{
    policy_sandbox_guard(L);
    check_obj(L, 1, "permissions");
    return policy_push_iter(L, perms_next);
}

static int perms_len(lua_State *L)
{
    policy_sandbox_guard(L);
    lua_pushinteger(L,
                    (lua_Integer)((const struct wf_perms *)check_obj(L, 1, "permissions")->a)->n);
    return 1;
}

static int perms_tostring(lua_State *L)
{
    const struct wf_ud *u = check_obj(L, 1, "permissions");
    lua_pushfstring(L, "permissions (%s)", perms_form(((const struct wf_perms *)u->a)->form));
    return 1;
}

static int perms_anchor(lua_State *L)
{
    const struct wf_ud *u = check_obj(L, 1, "permissions");
    return anchor_at(L, u->wf, perms_where(u->a));
}

/* ---- triggers ---- */

/* Push a string list (nil when absent), the same table each time while it lives. */
static void push_strlist(lua_State *L, const struct wf_strlist *l)
{
    if (!l->at.n) {
        lua_pushnil(L);
        return;
    }
    if (policy_cache_get(L, &list_ns, l))
        return;
    lua_createtable(L, (int)l->n, 0);
    for (size_t i = 0; i < l->n; i++) {
        policy_push_value(L, l->v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &list_ns, l, -1);
}

static void push_inputs(lua_State *L, const struct wf_trigger *t)
{
    if (!t->ninputs) {
        lua_pushnil(L);
        return;
    }
    if (policy_cache_get(L, &inputs_ns, t))
        return;
    lua_createtable(L, (int)t->ninputs, 0);
    for (size_t i = 0; i < t->ninputs; i++) {
        lua_createtable(L, 0, 2);
        lua_pushstring(L, t->inputs[i].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, t->inputs[i].type);
        lua_setfield(L, -2, "type");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &inputs_ns, t, -1);
}

static const struct wf_trigger *check_trigger(lua_State *L, int idx, const struct workflow **wf)
{
    const struct wf_ud *u = check_obj(L, idx, "trigger");
    *wf = u->wf;
    return u->a;
}

/* The event's map: a collection under its key (the key of on:), as wf.root.on.<event> reaches
 * it, so that both give the same positions (they share one cached proxy). */
static struct ywhere config_where(const struct wf_trigger *t)
{
    struct ywhere w = {t->config.n, t->config.via, t->config.n ? t->at.n : NULL};
    return w;
}

static int trigger_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    const struct wf_trigger *t = check_trigger(L, 1, &wf);
    const char *rel = luaL_optstring(L, 2, "");
    if (*rel && t->config.n)
        push_loc_at(L, wf, config_where(t), rel);
    else
        push_loc(L, wf, &(struct ywhere){t->at.n, t->at.via, NULL}, rel);
    return 1;
}

static int trigger_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    const struct wf_trigger *t = check_trigger(L, 1, &wf);
    const char *k = luaL_checkstring(L, 2);
    static const struct {
        const char *name;
        size_t off;
    } lists[] = {
        {"branches", offsetof(struct wf_trigger, branches)},
        {"branches_ignore", offsetof(struct wf_trigger, branches_ignore)},
        {"tags", offsetof(struct wf_trigger, tags)},
        {"tags_ignore", offsetof(struct wf_trigger, tags_ignore)},
        {"paths", offsetof(struct wf_trigger, paths)},
        {"paths_ignore", offsetof(struct wf_trigger, paths_ignore)},
        {"types", offsetof(struct wf_trigger, types)},
        {"workflows", offsetof(struct wf_trigger, workflows)},
    };
    for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
        if (!strcmp(k, lists[i].name)) {
            push_strlist(L,
                         (const struct wf_strlist *)(const void *)((const char *)t + lists[i].off));
            return 1;
        }
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, trigger_at);
    else if (!strcmp(k, "event"))
        lua_pushstring(L, t->event);
    else if (!strcmp(k, "inputs"))
        push_inputs(L, t);
    else if (!strcmp(k, "config"))
        push_yaml(L, 1, wf, config_where(t));
    else if (!strcmp(k, "line") || !strcmp(k, "col"))
        push_line_col(L, k, (struct ywhere){t->at.n, t->at.via, NULL});
    else
        return luaL_error(L,
                          "trigger has no field '%s' (event, branches, branches_ignore, tags, "
                          "tags_ignore, paths, paths_ignore, types, workflows, inputs, config, "
                          "line, col; method at)",
                          k);
    return 1;
}

static int trigger_tostring(lua_State *L)
{
    const struct workflow *wf;
    lua_pushstring(L, check_trigger(L, 1, &wf)->event);
    return 1;
}

static int trigger_anchor(lua_State *L)
{
    const struct workflow *wf;
    const struct wf_trigger *t = check_trigger(L, 1, &wf);
    return anchor_at(L, wf, (struct ywhere){t->at.n, t->at.via, NULL});
}

static void push_trigger(lua_State *L, const struct workflow *wf, const struct wf_trigger *t)
{
    push_obj(L, &trig_ns, "trigger", wf, t, NULL);
}

/* wf.on: the triggers by event name, in document order. */
static int triggers_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u = check_obj(L, 1, "triggers");
    if (lua_type(L, 2) != LUA_TSTRING) {
        lua_pushnil(L);
        return 1;
    }
    const struct wf_trigger *t = wf_trigger_by_event(u->wf, lua_tostring(L, 2));
    if (t)
        push_trigger(L, u->wf, t);
    else
        lua_pushnil(L);
    return 1;
}

static int triggers_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u = check_obj(L, lua_upvalueindex(1), "triggers");
    lua_Integer i = policy_iter_step(L, u->wf->ntriggers);
    if (i < 0)
        return 0;
    lua_pushstring(L, u->wf->triggers[i].event);
    push_trigger(L, u->wf, &u->wf->triggers[i]);
    return 2;
}

static int triggers_pairs(lua_State *L)
{
    policy_sandbox_guard(L);
    check_obj(L, 1, "triggers");
    return policy_push_iter(L, triggers_next);
}

static int triggers_len(lua_State *L)
{
    policy_sandbox_guard(L);
    lua_pushinteger(L, (lua_Integer)check_obj(L, 1, "triggers")->wf->ntriggers);
    return 1;
}

static int triggers_tostring(lua_State *L)
{
    const struct workflow *wf = check_obj(L, 1, "triggers")->wf;
    struct policy_buf *b = policy_buf_new(L);
    policy_buf_addstr(L, b, "on:");
    for (size_t i = 0; i < wf->ntriggers; i++)
        policy_buf_addf(L, b, " %s", wf->triggers[i].event);
    lua_pushstring(L, policy_buf_str(b));
    return 1;
}

static int triggers_anchor(lua_State *L)
{
    const struct workflow *wf = check_obj(L, 1, "triggers")->wf;
    struct ywhere w = {wf->on.n, wf->on.via, wf->on_key.n};
    if (!w.n)
        w.n = wf->root.n;
    return anchor_at(L, wf, w);
}

/* ---- steps ---- */

static const struct wf_step *check_step(lua_State *L, int idx, const struct wf_ud **u)
{
    *u = check_obj(L, idx, "step");
    return (*u)->b;
}

static void push_job(lua_State *L, const struct workflow *wf, const struct wf_job *j);

static int step_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u;
    const struct wf_step *s = check_step(L, 1, &u);
    push_loc_at(L, u->wf, of_ref(s->node), luaL_optstring(L, 2, ""));
    return 1;
}

static int step_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_ud *u;
    const struct wf_step *s = check_step(L, 1, &u);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "at"))
        lua_pushcfunction(L, step_at);
    else if (!strcmp(k, "id"))
        policy_push_str(L, s->id);
    else if (!strcmp(k, "name"))
        policy_push_value(L, s->name);
    else if (!strcmp(k, "uses"))
        policy_push_value(L, s->uses);
    else if (!strcmp(k, "run"))
        policy_push_value(L, s->run);
    else if (!strcmp(k, "condition"))
        policy_push_value(L, yref_str(s->if_));
    else if (!strcmp(k, "with"))
        push_yaml(L, 1, u->wf, member(s->node, "with"));
    else if (!strcmp(k, "env"))
        push_yaml(L, 1, u->wf, member(s->node, "env"));
    else if (!strcmp(k, "shell"))
        push_yaml(L, 1, u->wf, member(s->node, "shell"));
    else if (!strcmp(k, "working_directory"))
        push_yaml(L, 1, u->wf, member(s->node, "working-directory"));
    else if (!strcmp(k, "continue_on_error"))
        push_yaml(L, 1, u->wf, member(s->node, "continue-on-error"));
    else if (!strcmp(k, "timeout_minutes"))
        push_yaml(L, 1, u->wf, member(s->node, "timeout-minutes"));
    else if (!strcmp(k, "node"))
        push_yaml(L, 1, u->wf, of_ref(s->node));
    else if (!strcmp(k, "index"))
        lua_pushinteger(L, (lua_Integer)s->index); /* 0-based, as in jobs.x.steps[i] */
    else if (!strcmp(k, "job"))
        push_job(L, u->wf, u->a);
    else if (!strcmp(k, "line") || !strcmp(k, "col"))
        push_line_col(L, k, of_ref(s->node));
    else
        return luaL_error(L,
                          "step has no field '%s' (id, name, uses, run, with, env, condition, "
                          "shell, working_directory, continue_on_error, timeout_minutes, node, "
                          "index, job, line, col; method at)",
                          k);
    return 1;
}

static int step_tostring(lua_State *L)
{
    const struct wf_ud *u;
    const struct wf_step *s = check_step(L, 1, &u);
    const struct wf_job *j = u->a;
    if (s->sub)
        lua_pushfstring(L, "jobs.%s.steps[%d].parallel[%d]", j->id, (int)s->index, (int)s->sub - 1);
    else
        lua_pushfstring(L, "jobs.%s.steps[%d]", j->id, (int)s->index);
    return 1;
}

static int step_anchor(lua_State *L)
{
    const struct wf_ud *u;
    const struct wf_step *s = check_step(L, 1, &u);
    return anchor_at(L, u->wf, of_ref(s->node));
}

static void push_step(lua_State *L, const struct workflow *wf, const struct wf_job *j,
                      const struct wf_step *s)
{
    push_obj(L, &step_ns, "step", wf, j, s);
}

/* ---- jobs ---- */

static const struct wf_job *check_job(lua_State *L, int idx, const struct workflow **wf)
{
    const struct wf_ud *u = check_obj(L, idx, "job");
    *wf = u->wf;
    return u->a;
}

static struct ywhere job_where(const struct wf_job *j)
{
    struct ywhere w = {j->node.n, j->node.via, j->key.n};
    return w;
}

static int steps_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    const struct wf_job *j = check_job(L, lua_upvalueindex(1), &wf);
    lua_Integer i = policy_iter_step(L, j->nsteps);
    if (i < 0)
        return 0;
    push_step(L, wf, j, &j->steps[i]);
    return 1;
}

/* job:steps(): an iterator over the steps in order (those of `parallel:` groups included). */
static int job_steps(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    check_job(L, 1, &wf);
    return policy_push_iter(L, steps_next);
}

static int job_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    const struct wf_job *j = check_job(L, 1, &wf);
    push_loc_at(L, wf, job_where(j), luaL_optstring(L, 2, ""));
    return 1;
}

static void push_needs(lua_State *L, const struct wf_job *j)
{
    if (policy_cache_get(L, &needs_ns, j))
        return;
    lua_createtable(L, (int)j->nneeds, 0);
    for (size_t i = 0; i < j->nneeds; i++) {
        lua_pushstring(L, j->needs[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &needs_ns, j, -1);
}

static int job_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf;
    const struct wf_job *j = check_job(L, 1, &wf);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {{"steps", job_steps}, {"at", job_at}, {NULL, NULL}};
    static const struct {
        const char *field, *key;
    } yaml[] = {
        {"runs_on", "runs-on"},
        {"with", "with"},
        {"secrets", "secrets"},
        {"env", "env"},
        {"outputs", "outputs"},
        {"strategy", "strategy"},
        {"container", "container"},
        {"services", "services"},
        {"concurrency", "concurrency"},
        {"timeout_minutes", "timeout-minutes"},
        {"continue_on_error", "continue-on-error"},
        {"defaults", "defaults"},
    };
    if (push_method(L, methods, k))
        return 1;
    for (size_t i = 0; i < ARRAY_SIZE(yaml); i++)
        if (!strcmp(k, yaml[i].field)) {
            push_yaml(L, 1, wf, member(j->node, yaml[i].key));
            return 1;
        }
    if (!strcmp(k, "id"))
        lua_pushstring(L, j->id);
    else if (!strcmp(k, "name"))
        policy_push_value(L, j->name);
    else if (!strcmp(k, "environment"))
        policy_push_value(L, j->env_name);
    else if (!strcmp(k, "needs"))
        push_needs(L, j);
    else if (!strcmp(k, "condition"))
        policy_push_value(L, yref_str(j->if_));
    else if (!strcmp(k, "uses"))
        policy_push_value(L, j->uses);
    else if (!strcmp(k, "permissions"))
        push_perms(L, wf, &j->perms);
    else if (!strcmp(k, "node"))
        push_yaml(L, 1, wf, job_where(j));
    else if (!strcmp(k, "workflow"))
        push_workflow(L, wf);
    else if (!strcmp(k, "callee")) {
        if (j->callee)
            push_workflow(L, j->callee);
        else
            lua_pushnil(L);
    } else if (!strcmp(k, "line") || !strcmp(k, "col"))
        push_line_col(L, k, job_where(j));
    else
        return luaL_error(L,
                          "job has no field '%s' (id, name, environment, needs, condition, "
                          "runs_on, uses, with, secrets, permissions, env, outputs, strategy, "
                          "container, services, concurrency, timeout_minutes, "
                          "continue_on_error, defaults, node, workflow, callee, line, col; "
                          "methods steps, at)",
                          k);
    return 1;
}

static int job_tostring(lua_State *L)
{
    const struct workflow *wf;
    lua_pushfstring(L, "jobs.%s", check_job(L, 1, &wf)->id);
    return 1;
}

static int job_anchor(lua_State *L)
{
    const struct workflow *wf;
    const struct wf_job *j = check_job(L, 1, &wf);
    return anchor_at(L, wf, job_where(j));
}

static void push_job(lua_State *L, const struct workflow *wf, const struct wf_job *j)
{
    push_obj(L, &job_ns, "job", wf, j, NULL);
}

/* ---- the workflow ---- */

static const struct workflow *check_wf(lua_State *L, int idx)
{
    return check_obj(L, idx, "workflow")->wf;
}

static int jobs_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf = check_wf(L, lua_upvalueindex(1));
    lua_Integer i = policy_iter_step(L, wf->njobs);
    if (i < 0)
        return 0;
    push_job(L, wf, &wf->jobs[i]);
    return 1;
}

/* wf:jobs(): an iterator over the jobs in document order. */
static int wf_jobs(lua_State *L)
{
    policy_sandbox_guard(L);
    check_wf(L, 1);
    return policy_push_iter(L, jobs_next);
}

/* wf:job(id): the job with that id, or nil. */
static int wf_job(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf = check_wf(L, 1);
    const struct wf_job *j = wf_job_by_id(wf, luaL_checkstring(L, 2));
    if (j)
        push_job(L, wf, j);
    else
        lua_pushnil(L);
    return 1;
}

static struct ywhere root_where(const struct workflow *wf)
{
    return of_ref(wf->root);
}

static int wf_at(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf = check_wf(L, 1);
    push_loc_at(L, wf, root_where(wf), luaL_optstring(L, 2, ""));
    return 1;
}

static int wf_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf = check_wf(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {
        {"jobs", wf_jobs}, {"job", wf_job}, {"at", wf_at}, {NULL, NULL}};
    if (push_method(L, methods, k))
        return 1;
    if (!strcmp(k, "path") || !strcmp(k, "file"))
        lua_pushstring(L, wf->file);
    else if (!strcmp(k, "name"))
        policy_push_value(L, wf->name);
    else if (!strcmp(k, "on"))
        push_obj(L, &trig_ns, "triggers", wf, NULL, NULL);
    else if (!strcmp(k, "permissions"))
        push_perms(L, wf, &wf->perms);
    else if (!strcmp(k, "env"))
        push_yaml(L, 1, wf, member(wf->root, "env"));
    else if (!strcmp(k, "concurrency"))
        push_yaml(L, 1, wf, member(wf->root, "concurrency"));
    else if (!strcmp(k, "defaults"))
        push_yaml(L, 1, wf, member(wf->root, "defaults"));
    else if (!strcmp(k, "root"))
        push_yaml(L, 1, wf, root_where(wf));
    else if (!strcmp(k, "context"))
        lua_pushboolean(L, wf->context);
    else if (!strcmp(k, "line") || !strcmp(k, "col")) {
        if (wf->root.n)
            push_line_col(L, k, root_where(wf));
        else
            lua_pushinteger(L, 1);
    } else
        return luaL_error(L,
                          "workflow has no field '%s' (path, name, on, permissions, env, "
                          "concurrency, defaults, root, context, line, col; methods jobs, "
                          "job, at)",
                          k);
    return 1;
}

static int wf_tostring(lua_State *L)
{
    lua_pushstring(L, check_wf(L, 1)->file);
    return 1;
}

static int wf_anchor(lua_State *L)
{
    const struct workflow *wf = check_wf(L, 1);
    return anchor_at(L, wf, root_where(wf));
}

static void push_workflow(lua_State *L, const struct workflow *wf)
{
    push_obj(L, &wf_ns, "workflow", wf, NULL, NULL);
}

void policy_workflow_push(lua_State *L, const struct workflow *wf)
{
    push_workflow(L, wf);
}

/* ---- the workflows of one repository (kind workflows) ---- */

static const struct wf_set *check_set(lua_State *L, int idx)
{
    return check_obj(L, idx, "workflows")->a;
}

static int set_next(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_set *s = check_set(L, lua_upvalueindex(1));
    lua_Integer i = policy_iter_step(L, s->n);
    if (i < 0)
        return 0;
    push_workflow(L, s->v[i]);
    return 1;
}

/* repo:workflows(): an iterator over the repository's workflows (context ones included). */
static int set_workflows(lua_State *L)
{
    policy_sandbox_guard(L);
    check_set(L, 1);
    return policy_push_iter(L, set_next);
}

/* repo:workflow(name): the workflow with that `name:` (or file name), or nil. */
static int set_workflow(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct workflow *wf = wf_find_by_name(check_set(L, 1), luaL_checkstring(L, 2));
    if (wf)
        push_workflow(L, wf);
    else
        lua_pushnil(L);
    return 1;
}

static int set_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct wf_set *s = check_set(L, 1);
    const char *k = luaL_checkstring(L, 2);
    static const luaL_Reg methods[] = {
        {"workflows", set_workflows}, {"workflow", set_workflow}, {NULL, NULL}};
    if (push_method(L, methods, k))
        return 1;
    if (!strcmp(k, "dir"))
        lua_pushstring(L, s->dir);
    else if (!strcmp(k, "is_repo"))
        lua_pushboolean(L, s->is_repo);
    else
        return luaL_error(L,
                          "workflows has no field '%s' (dir, is_repo; methods workflows, "
                          "workflow)",
                          k);
    return 1;
}

static int set_tostring(lua_State *L)
{
    lua_pushstring(L, check_set(L, 1)->dir);
    return 1;
}

static int set_anchor(lua_State *L)
{
    const struct wf_set *s = check_set(L, 1);
    struct policy_at *out = lua_touserdata(L, 2);
    out->a.file = s->dir;
    lua_pushnil(L);
    return 1;
}

void policy_workflows_push(lua_State *L, const struct wf_set *s)
{
    push_obj(L, &set_ns, "workflows", NULL, s, NULL);
}

/* ---- installing ---- */

void policy_workflow_open(lua_State *L)
{
    static const struct {
        const char *name;
        lua_CFunction index, tostring, anchor, pairs, len;
    } types[] = {
        {"workflow", wf_index, wf_tostring, wf_anchor, NULL, NULL},
        {"job", job_index, job_tostring, job_anchor, NULL, NULL},
        {"step", step_index, step_tostring, step_anchor, NULL, NULL},
        {"trigger", trigger_index, trigger_tostring, trigger_anchor, NULL, NULL},
        {"triggers", triggers_index, triggers_tostring, triggers_anchor, triggers_pairs,
         triggers_len},
        {"permissions", perms_index, perms_tostring, perms_anchor, perms_pairs, perms_len},
        {"workflows", set_index, set_tostring, set_anchor, NULL, NULL},
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        luaL_Reg mt[] = {{"__index", types[i].index},
                         {"__newindex", policy_read_only},
                         {"__tostring", types[i].tostring},
                         {"__concat", policy_concat},
                         {"__pairs", types[i].pairs},
                         {"__len", types[i].len},
                         {NULL, NULL}};
        if (!types[i].len)
            mt[4].name = NULL; /* no __pairs, no __len */
        policy_proxy_metatable(L, types[i].name, mt, types[i].anchor);
    }
}
