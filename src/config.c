/* config.c — `.infralint.yaml`: find, parse, validate against the schema in DESIGN.md. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infralint/arena.h"
#include "infralint/config.h"
#include "infralint/migration.h"
#include "infralint/rule.h"
#include "infralint/strbuf.h"
#include "infralint/suppress.h"
#include "infralint/util.h"

#define CONFIG_NAME ".infralint.yaml"

static const char *const top_keys[] = {
    "environment",     "docs_url",      "environments",
    "policies",        "fail_on",       "rules",
    "trusted_actions", "runner_labels", "allow_inline_ignores",
    "migrations",      "policy_limits", "ignore",
    "exclude",         "baseline",      "persona",
};

void config_init(struct config *c)
{
    memset(c, 0, sizeof(*c));
    c->fail_on = SEV_WARNING;
    c->allow_inline_ignores = 1;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

char *config_find(const char *dir)
{
    char *here = path_join(dir, CONFIG_NAME);
    if (is_file(here))
        return here;
    char *git = path_join(dir, ".git");
    int root = exists(git);
    free(git);
    free(here);
    if (root)
        return NULL;
    char abs[PATH_MAX];
    if (!realpath(dir, abs))
        return NULL;
    while (strcmp(abs, "/") != 0) {
        char *slash = strrchr(abs, '/');
        if (slash == abs)
            slash[1] = '\0';
        else
            *slash = '\0';
        char *cand = path_join(abs, CONFIG_NAME);
        if (is_file(cand))
            return cand;
        free(cand);
        char *g = path_join(abs, ".git");
        root = exists(g);
        free(g);
        if (root)
            break;
    }
    return NULL;
}

/* Errors at a node's position. */
static int err_at(struct config *c, struct diag_list *d, const struct ynode *n, const char *fmt,
                  ...) IL_PRINTF(4, 5);
static int err_at(struct config *c, struct diag_list *d, const struct ynode *n, const char *fmt,
                  ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    diag_add(d, c->path, n ? n->line : 0, n ? n->col : 0, "%s", sb.buf);
    strbuf_release(&sb);
    return -1;
}

static const char *want_str(struct config *c, struct diag_list *d, const char *key,
                            const struct ynode *v)
{
    const struct ynode *n = ynode_deref(v);
    if (!n || n->type != YNODE_SCALAR || ynode_is_null(n)) {
        err_at(c, d, v, "'%s' must be a string, not %s", key, ynode_type_name(v));
        return NULL;
    }
    return n->str;
}

/* A list of strings (a single string is accepted as a list of one). */
static int want_strlist(struct config *c, struct diag_list *d, const char *key,
                        const struct ynode *v, const char ***out, size_t *n)
{
    const struct ynode *x = ynode_deref(v);
    if (x && x->type == YNODE_SCALAR && !ynode_is_null(x)) {
        *out = arena_alloc(c->doc.arena, sizeof(char *));
        (*out)[0] = x->str;
        *n = 1;
        return 0;
    }
    if (!x || x->type != YNODE_SEQ) {
        if (x && ynode_is_null(x)) {
            *n = 0;
            return 0;
        }
        return err_at(c, d, v, "'%s' must be a list of strings, not %s", key, ynode_type_name(v));
    }
    *out = arena_alloc(c->doc.arena, (x->nitems + 1) * sizeof(char *));
    *n = 0;
    int rc = 0;
    for (size_t i = 0; i < x->nitems; i++) {
        const struct ynode *it = ynode_deref(x->items[i]);
        if (!it || it->type != YNODE_SCALAR || ynode_is_null(it)) {
            rc = err_at(c, d, x->items[i], "'%s' must be a list of strings; item %zu is %s", key,
                        i + 1, ynode_type_name(x->items[i]));
            continue;
        }
        (*out)[(*n)++] = it->str;
    }
    return rc;
}

static const struct ynode *want_map(struct config *c, struct diag_list *d, const char *key,
                                    const struct ynode *v)
{
    const struct ynode *x = ynode_deref(v);
    if (!x || x->type != YNODE_MAP) {
        err_at(c, d, v, "'%s' must be a map, not %s", key, ynode_type_name(v));
        return NULL;
    }
    return x;
}

static int unknown_key(struct config *c, struct diag_list *d, const char *where,
                       const struct ynode *k, const char *const *keys, size_t nkeys)
{
    const char *name = ynode_str(k) ? ynode_str(k) : "?";
    const char *near = did_you_mean(name, keys, nkeys);
    if (near)
        return err_at(c, d, k, "unknown key '%s'%s; did you mean '%s'?", name, where, near);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < nkeys; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", keys[i]);
    err_at(c, d, k, "unknown key '%s'%s (expected one of: %s)", name, where, sb.buf);
    strbuf_release(&sb);
    return -1;
}

static int parse_environments(struct config *c, struct diag_list *d, const struct ynode *v)
{
    static const char *const classes[] = {"prod", "staging", "dev"};
    static const enum env_class ids[] = {ENV_PROD, ENV_STAGING, ENV_DEV};
    const struct ynode *m = want_map(c, d, "environments", v);
    if (!m)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < m->npairs; i++) {
        const char *k = ynode_str(m->pairs[i].key);
        size_t j;
        for (j = 0; j < ARRAY_SIZE(classes); j++)
            if (k && !strcmp(k, classes[j]))
                break;
        if (j == ARRAY_SIZE(classes)) {
            rc = unknown_key(c, d, " in 'environments'", m->pairs[i].key, classes,
                             ARRAY_SIZE(classes));
            continue;
        }
        enum env_class cl = ids[j];
        if (want_strlist(c, d, k, m->pairs[i].value, &c->patterns[cl], &c->npatterns[cl]) == 0)
            c->has_patterns[cl] = 1;
        else
            rc = -1;
    }
    return rc;
}

static int want_int(struct config *c, struct diag_list *d, const char *key, const struct ynode *v,
                    long long min, long long *out)
{
    if (ynode_int(v, out) || *out < min)
        return err_at(c, d, v, "'%s' must be an integer of at least %lld", key, min);
    return 0;
}

static int parse_limits(struct config *c, struct diag_list *d, const struct ynode *v)
{
    static const char *const keys[] = {"instructions", "memory_mb",         "deadline_ms",
                                       "findings",     "policies_per_file", "policies"};
    long long *const dsts[] = {&c->limit_instructions,      &c->limit_memory_mb,
                               &c->limit_deadline_ms,       &c->limit_findings,
                               &c->limit_policies_per_file, &c->limit_policies};
    const struct ynode *m = want_map(c, d, "policy_limits", v);
    if (!m)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < m->npairs; i++) {
        const char *k = ynode_str(m->pairs[i].key);
        long long *dst = NULL;
        for (size_t j = 0; k && j < ARRAY_SIZE(keys); j++)
            if (!strcmp(k, keys[j]))
                dst = dsts[j];
        if (!dst)
            rc = unknown_key(c, d, " in 'policy_limits'", m->pairs[i].key, keys, ARRAY_SIZE(keys));
        else if (want_int(c, d, k, m->pairs[i].value, 1, dst))
            rc = -1;
    }
    return rc;
}

static int parse_migrations(struct config *c, struct diag_list *d, const struct ynode *v)
{
    static const char *const keys[] = {"released_through", "dialect"};
    const struct ynode *m = want_map(c, d, "migrations", v);
    if (!m)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < m->npairs; i++) {
        const char *k = ynode_str(m->pairs[i].key);
        long long x;
        if (k && !strcmp(k, "dialect")) {
            const struct ynode *dv = m->pairs[i].value;
            const char *w = want_str(c, d, k, dv);
            int ok = 0;
            enum mig_dialect dl = mig_dialect_parse(w, &ok);
            if (!w)
                rc = -1;
            else if (!ok)
                rc = err_at(c, d, dv,
                            "'migrations.dialect' must be auto, postgres, mysql or sqlite, not "
                            "'%s'",
                            w);
            else
                c->mig_dialect = (int)dl;
        } else if (!k || strcmp(k, "released_through"))
            rc = unknown_key(c, d, " in 'migrations'", m->pairs[i].key, keys, ARRAY_SIZE(keys));
        else if (want_int(c, d, k, m->pairs[i].value, 0, &x))
            rc = -1;
        else {
            c->released_through = (unsigned long long)x;
            c->has_released_through = 1;
        }
    }
    return rc;
}

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), day = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
        return 0;
    if (m == 2 && day == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

static int parse_ignore_entry(struct config *c, struct diag_list *d, const struct ynode *v,
                              struct config_ignore *e)
{
    static const char *const keys[] = {"rule", "location", "line", "reason", "expires"};
    const struct ynode *m = ynode_deref(v);
    memset(e, 0, sizeof(*e));
    if (!m || m->type != YNODE_MAP)
        return err_at(c, d, v,
                      "each 'ignore' entry must be a map with 'rule', 'location', "
                      "'reason' and 'expires', not %s",
                      ynode_type_name(v));
    e->line = m->line;
    e->col = m->col;
    int rc = 0;
    const struct ynode *line_node = NULL;
    for (size_t i = 0; i < m->npairs; i++) {
        const char *k = ynode_str(m->pairs[i].key);
        const struct ynode *val = m->pairs[i].value;
        if (k && !strcmp(k, "rule")) {
            if (!(e->rule = want_str(c, d, "rule", val)))
                rc = -1;
            e->rline = val->line;
            e->rcol = val->col;
        } else if (k && !strcmp(k, "location")) {
            if (!(e->location = want_str(c, d, "location", val)))
                rc = -1;
        } else if (k && !strcmp(k, "reason")) {
            if (ynode_is_null(val))
                continue;
            if (!(e->reason = want_str(c, d, "reason", val)))
                rc = -1;
            else if (!*e->reason)
                e->reason = NULL;
        } else if (k && !strcmp(k, "expires")) {
            const char *s = want_str(c, d, "expires", val);
            if (!s)
                rc = -1;
            else if (!valid_date(s))
                rc = err_at(c, d, val, "'expires' must be a date as YYYY-MM-DD, not '%s'", s);
            else
                memcpy(e->expires, s, 11);
        } else if (k && !strcmp(k, "line")) {
            long long ln;
            line_node = val;
            if (want_int(c, d, "line", val, 1, &ln))
                rc = -1;
            else
                e->line_filter = ln > UINT_MAX ? UINT_MAX : (unsigned)ln;
        } else {
            rc =
                unknown_key(c, d, " in an 'ignore' entry", m->pairs[i].key, keys, ARRAY_SIZE(keys));
        }
    }
    if (!rc && !e->rule)
        rc = err_at(c, d, v, "'ignore' entry without 'rule'");
    if (!rc && line_node && !e->location)
        rc = err_at(c, d, line_node, "'line' needs a file 'location'");
    return rc;
}

static int parse_ignores(struct config *c, struct diag_list *d, const struct ynode *v)
{
    const struct ynode *s = ynode_deref(v);
    if (ynode_is_null(s))
        return 0;
    if (!s || s->type != YNODE_SEQ)
        return err_at(c, d, v, "'ignore' must be a list of entries, not %s", ynode_type_name(v));
    c->ignores = xcalloc(s->nitems ? s->nitems : 1, sizeof(*c->ignores));
    int rc = 0;
    for (size_t i = 0; i < s->nitems; i++) {
        struct config_ignore e;
        if (parse_ignore_entry(c, d, s->items[i], &e))
            rc = -1;
        else
            c->ignores[c->nignores++] = e;
    }
    return rc;
}

static int parse_rules(struct config *c, struct diag_list *d, const struct ynode *v)
{
    const struct ynode *m = ynode_deref(v);
    if (ynode_is_null(m))
        return 0;
    if (!(m = want_map(c, d, "rules", v)))
        return -1;
    c->rules = xcalloc(m->npairs ? m->npairs : 1, sizeof(*c->rules));
    for (size_t i = 0; i < m->npairs; i++) {
        struct config_rule *r = &c->rules[c->nrules++];
        r->id = ynode_str(m->pairs[i].key);
        r->key = m->pairs[i].key;
        r->value = m->pairs[i].value;
        if (!r->id) {
            c->nrules--;
            err_at(c, d, m->pairs[i].key, "rule ids must be strings");
        }
    }
    return 0;
}

static int parse_top(struct config *c, struct diag_list *d, const char *k, const struct ynode *v)
{
    if (!strcmp(k, "environment"))
        return (c->environment = want_str(c, d, k, v)) ? 0 : -1;
    if (!strcmp(k, "docs_url"))
        return (c->docs_url = want_str(c, d, k, v)) ? 0 : -1;
    if (!strcmp(k, "baseline"))
        return (c->baseline = want_str(c, d, k, v)) ? 0 : -1;
    if (!strcmp(k, "environments"))
        return parse_environments(c, d, v);
    if (!strcmp(k, "policies"))
        return want_strlist(c, d, k, v, &c->policies, &c->npolicies);
    if (!strcmp(k, "exclude"))
        return want_strlist(c, d, k, v, &c->exclude, &c->nexclude);
    if (!strcmp(k, "runner_labels")) {
        c->has_runner_labels = 1;
        return want_strlist(c, d, k, v, &c->runner_labels, &c->nrunner_labels);
    }
    if (!strcmp(k, "trusted_actions")) {
        c->has_trusted_actions = 1;
        return want_strlist(c, d, k, v, &c->trusted_actions, &c->ntrusted_actions);
    }
    if (!strcmp(k, "fail_on")) {
        const char *s = want_str(c, d, k, v);
        if (!s)
            return -1;
        if (!strcmp(s, "never"))
            c->fail_on = SEV_NONE;
        else if (severity_parse(s, &c->fail_on))
            return err_at(c, d, v, "'fail_on' must be error, warning, note or never, not '%s'", s);
        c->has_fail_on = 1;
        return 0;
    }
    if (!strcmp(k, "persona")) {
        const char *s = want_str(c, d, k, v);
        if (!s)
            return -1;
        if (rule_persona_parse(s, &c->persona))
            return err_at(c, d, v, "'persona' must be regular, pedantic or auditor, not '%s'", s);
        c->has_persona = 1;
        return 0;
    }
    if (!strcmp(k, "allow_inline_ignores")) {
        if (ynode_bool(v, &c->allow_inline_ignores))
            return err_at(c, d, v, "'allow_inline_ignores' must be true or false");
        return 0;
    }
    if (!strcmp(k, "migrations"))
        return parse_migrations(c, d, v);
    if (!strcmp(k, "policy_limits"))
        return parse_limits(c, d, v);
    if (!strcmp(k, "ignore"))
        return parse_ignores(c, d, v);
    if (!strcmp(k, "rules"))
        return parse_rules(c, d, v);
    return -1;
}

int config_load(struct config *c, const char *path, struct diag_list *d)
{
    size_t len;
    c->path = xstrdup(path);
    if (!strcmp(path, "/dev/null")) { /* `-c /dev/null`: an empty configuration, by name */
        c->src = xstrdup("");
        len = 0;
    } else if (file_read(path, &c->src, &len) < 0)
        return diag_add(d, path, 0, 0, "cannot read configuration: %s", file_strerror(errno));
    if (ydoc_load(&c->doc, path, c->src, len, d) < 0)
        return -1;
    c->loaded = 1;
    if (c->doc.ndocs == 0)
        return 0;
    if (c->doc.ndocs > 1)
        return err_at(c, d, c->doc.docs[1], "configuration holds several YAML documents");
    int rc = 0;
    for (size_t i = 0; i < c->doc.ndups; i++)
        rc = err_at(c, d, c->doc.dups[i].key, "duplicate key '%s' (first at line %u)",
                    c->doc.dups[i].key->str, c->doc.dups[i].first->line);
    const struct ynode *root = ynode_deref(c->doc.docs[0]);
    if (ynode_is_null(root))
        return rc;
    if (root->type != YNODE_MAP)
        return err_at(c, d, root, "configuration must be a map of settings, not %s",
                      ynode_type_name(root));
    for (size_t i = 0; i < root->npairs; i++) {
        const struct ynode *k = root->pairs[i].key;
        const char *name = ynode_str(k);
        size_t j;
        for (j = 0; j < ARRAY_SIZE(top_keys); j++)
            if (name && !strcmp(name, top_keys[j]))
                break;
        if (j == ARRAY_SIZE(top_keys)) {
            rc = unknown_key(c, d, "", k, top_keys, ARRAY_SIZE(top_keys));
            continue;
        }
        if (ynode_key(root, name) != k)
            continue; /* a duplicate key (reported above): the first one applies */
        if (parse_top(c, d, name, root->pairs[i].value))
            rc = -1;
    }
    return rc;
}

int config_check_ignore_ids(const struct config *c, const char *const *ids, size_t nids,
                            struct diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < c->nignores; i++)
        if (suppress_check_id(d, c->path, c->ignores[i].rline, c->ignores[i].rcol,
                              "an 'ignore' entry", c->ignores[i].rule, ids, nids))
            rc = -1;
    return rc;
}

void config_check_dates(struct config *c, const char *today)
{
    for (size_t i = 0; i < c->nignores; i++)
        c->ignores[i].expired =
            c->ignores[i].expires[0] && strcmp(c->ignores[i].expires, today) < 0;
}

void config_release(struct config *c)
{
    free(c->path);
    if (c->loaded || c->doc.arena)
        ydoc_free(&c->doc);
    free(c->src);
    free(c->rules);
    free(c->ignores);
    config_init(c);
}
