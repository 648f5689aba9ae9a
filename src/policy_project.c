/* policy_project.c — the project subject of Lua policies (kind `project`): every document of the
 * run at once, through the proxies the single-document subjects use — `project.plans` (plan
 * proxies, each with its backend, workspace and environment), `project.workflows` (workflow
 * proxies, context ones included and marked), `project.migrations` (the migrations of the
 * change: the ones the run reports on), `project.env` (the project's environment). A project
 * policy runs once per run, after the rules of the documents. */
#include <string.h>

#include "infralint/migration.h"
#include "infralint/plan.h"
#include "infralint/project.h"
#include "policy_int.h"

static const char project_ns = 0, plans_ns = 0, wfs_ns = 0, migs_ns = 0, env_ns = 0;

struct project_ud {
    unsigned gen;
    const struct project *p;
    const struct envinfo *env;
};

static const struct project_ud *check_project(lua_State *L, int idx)
{
    return policy_check_ud(L, idx, "project");
}

/* The list for key (cached: read twice, the same table). */
static void push_plans(lua_State *L, const struct project *p)
{
    if (policy_cache_get(L, &plans_ns, p))
        return;
    lua_createtable(L, (int)p->nplans, 0);
    for (size_t i = 0; i < p->nplans; i++) {
        struct subject s = {.kind = KIND_PLAN,
                            .env = plan_env(p->plans[i]),
                            .plan = p->plans[i],
                            .stack = plan_stack(p->plans[i])};
        policy_plan_push(L, &s);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &plans_ns, p, -1);
}

static void push_workflows(lua_State *L, const struct project *p)
{
    if (policy_cache_get(L, &wfs_ns, p))
        return;
    lua_createtable(L, (int)p->nwfs, 0);
    for (size_t i = 0; i < p->nwfs; i++) {
        policy_workflow_push(L, p->wfs[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    policy_cache_put(L, &wfs_ns, p, -1);
}

static void push_migrations(lua_State *L, const struct project *p)
{
    if (policy_cache_get(L, &migs_ns, p))
        return;
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t i = 0; i < p->nmigs; i++)
        for (size_t k = 0; k < p->migs[i]->n; k++)
            if (p->migs[i]->v[k]->checked) {
                policy_migration_push(L, p->migs[i]->v[k]);
                lua_rawseti(L, -2, ++n);
            }
    policy_cache_put(L, &migs_ns, p, -1);
}

static void push_env(lua_State *L, const struct project *p, const struct envinfo *e)
{
    if (policy_cache_get(L, &env_ns, p))
        return;
    policy_push_env(L, e);
    policy_cache_put(L, &env_ns, p, -1);
}

/* project:workflow(path): the workflow of that file, or nil. */
static int project_workflow(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct project *p = check_project(L, 1)->p;
    const char *path = luaL_checkstring(L, 2);
    for (size_t i = 0; i < p->nwfs; i++)
        if (!strcmp(p->wfs[i]->file, path)) {
            policy_workflow_push(L, p->wfs[i]);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

static int project_index(lua_State *L)
{
    policy_sandbox_guard(L);
    const struct project_ud *u = check_project(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "plans"))
        push_plans(L, u->p);
    else if (!strcmp(k, "workflows"))
        push_workflows(L, u->p);
    else if (!strcmp(k, "migrations"))
        push_migrations(L, u->p);
    else if (!strcmp(k, "env"))
        push_env(L, u->p, u->env);
    else if (!strcmp(k, "workflow"))
        lua_pushcfunction(L, project_workflow);
    else
        return luaL_error(L,
                          "project has no field '%s' (plans, workflows, migrations, env, "
                          "workflow)",
                          k);
    return 1;
}

static int project_tostring(lua_State *L)
{
    const struct project *p = check_project(L, 1)->p;
    lua_pushfstring(L, "project (%d plans, %d workflows, %d migration directories)", (int)p->nplans,
                    (int)p->nwfs, (int)p->nmigs);
    return 1;
}

/* A finding at the project itself concerns the whole run (no file). */
static int project_anchor(lua_State *L)
{
    check_project(L, 1);
    lua_pushnil(L);
    return 1;
}

void policy_project_push(lua_State *L, const struct subject *s)
{
    if (policy_cache_get(L, &project_ns, s->project))
        return;
    struct project_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);
    u->gen = policy_sandbox_of(L)->gen;
    u->p = s->project;
    u->env = s->env;
    luaL_setmetatable(L, "project");
    policy_cache_put(L, &project_ns, s->project, -1);
}

int policy_project_reportable(const struct project *p, const char *file)
{
    for (size_t i = 0; file && i < p->nmigs; i++)
        if (!policy_migrations_reportable(p->migs[i], file))
            return 0;
    return 1;
}

void policy_project_open(lua_State *L)
{
    const luaL_Reg mt[] = {{"__index", project_index},
                           {"__newindex", policy_read_only},
                           {"__tostring", project_tostring},
                           {"__concat", policy_concat},
                           {NULL, NULL}};
    policy_proxy_metatable(L, "project", mt, project_anchor);
}
