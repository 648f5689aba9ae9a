/* ruleset.c — which rules run, at which severity, with which options. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* Parse option text (a default from a descriptor) into v; -1 when it does not fit the type. */
static int opt_from_text(struct ruleset *rs, struct optval *v, const char *text)
{
    char *end;
    switch (v->decl->type) {
    case OPT_INT:
        errno = 0;
        v->i = strtoll(text, &end, 10);
        v->d = (double)v->i;
        return errno || *end || end == text ? -1 : 0;
    case OPT_NUMBER:
        v->d = strtod(text, &end);
        v->i = (long long)v->d;
        return *end || end == text ? -1 : 0;
    case OPT_BOOL: v->b = !strcmp(text, "true"); return v->b || !strcmp(text, "false") ? 0 : -1;
    case OPT_STRING: v->s = arena_strdup(rs->arena, text); return 0;
    case OPT_STRLIST: {
        size_t cap = 1;
        for (const char *c = text; *c; c++)
            cap += *c == ',';
        v->list = arena_alloc(rs->arena, cap * sizeof(char *));
        v->n = 0;
        const char *s = text;
        while (*s) {
            size_t n = strcspn(s, ",");
            const char *b = s, *e = s + n;
            while (b < e && *b == ' ')
                b++;
            while (e > b && e[-1] == ' ')
                e--;
            if (e > b)
                v->list[v->n++] = arena_strndup(rs->arena, b, (size_t)(e - b));
            s += n;
            if (*s)
                s++;
        }
        return 0;
    }
    }
    return -1;
}

static const char *const persona_names[] = {"regular", "pedantic", "auditor"};

const char *rule_persona_name(enum persona p)
{
    return (size_t)p < ARRAY_SIZE(persona_names) ? persona_names[p] : "regular";
}

int rule_persona_parse(const char *s, enum persona *out)
{
    for (size_t i = 0; s && i < ARRAY_SIZE(persona_names); i++)
        if (!strcmp(s, persona_names[i])) {
            *out = (enum persona)i;
            return 0;
        }
    return -1;
}

/* On by default under persona p: not off by default, and seen at p. */
static int default_on(const struct rule *r, enum persona p)
{
    return !(r->flags & RULE_OFF_BY_DEFAULT) && r->persona <= p;
}

static void state_init(struct ruleset *rs, struct rule_state *st, const struct rule *r)
{
    memset(st, 0, sizeof(*st));
    st->rule = r;
    st->enabled = default_on(r, rs->persona);
    st->severity = r->severity;
    for (const struct rule_option *o = r->options; o && o->name; o++)
        st->nopts++;
    st->opts = st->nopts ? arena_alloc(rs->arena, st->nopts * sizeof(*st->opts)) : NULL;
    for (size_t i = 0; i < st->nopts; i++) {
        st->opts[i].decl = &r->options[i];
        if (r->options[i].def)
            opt_from_text(rs, &st->opts[i], r->options[i].def);
    }
}

static void sync_views(struct ruleset *rs)
{
    rs->rules = xreallocarray(rs->rules, rs->alloc ? rs->alloc : 1, sizeof(*rs->rules));
    rs->sev = xreallocarray(rs->sev, rs->alloc ? rs->alloc : 1, sizeof(*rs->sev));
    for (size_t i = 0; i < rs->n; i++) {
        rs->rules[i] = rs->v[i].rule;
        rs->sev[i] = rs->v[i].severity;
    }
}

void ruleset_init(struct ruleset *rs, const struct rule *const *rules, size_t n)
{
    memset(rs, 0, sizeof(*rs));
    rs->arena = arena_new();
    for (size_t i = 0; i < n; i++) {
        ALLOC_GROW(rs->v, rs->n + 1, rs->alloc);
        state_init(rs, &rs->v[rs->n++], rules[i]);
    }
    sync_views(rs);
}

struct rule_state *ruleset_find(const struct ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->v[i].rule->id, id))
            return &rs->v[i];
    return NULL;
}

int ruleset_add(struct ruleset *rs, const struct rule *r)
{
    if (ruleset_find(rs, r->id))
        return -1;
    ALLOC_GROW(rs->v, rs->n + 1, rs->alloc);
    state_init(rs, &rs->v[rs->n++], r);
    sync_views(rs);
    return 0;
}

static const char *opt_type_name(enum opt_type t)
{
    switch (t) {
    case OPT_INT: return "an integer";
    case OPT_NUMBER: return "a number";
    case OPT_BOOL: return "true or false";
    case OPT_STRING: return "a string";
    default: return "a list of strings";
    }
}

/* Set one option from its YAML value; -1 with a diagnostic on a type error. */
static int opt_from_node(struct ruleset *rs, const struct config *c, struct optval *v,
                         const struct ynode *node, const char *rule, struct diag_list *d)
{
    const struct ynode *n = ynode_deref(node);
    int bad = 0;
    switch (v->decl->type) {
    case OPT_INT:
        bad = ynode_int(n, &v->i) != 0;
        v->d = (double)v->i;
        break;
    case OPT_NUMBER: {
        const char *s = ynode_str(n);
        char *end = NULL;
        bad = !s || n->style != YSTYLE_PLAIN || !*s;
        if (!bad) {
            v->d = strtod(s, &end);
            bad = *end != '\0';
            v->i = (long long)v->d;
        }
        break;
    }
    case OPT_BOOL: bad = ynode_bool(n, &v->b) != 0; break;
    case OPT_STRING:
        bad = !ynode_str(n) || ynode_is_null(n);
        if (!bad)
            v->s = ynode_str(n);
        break;
    case OPT_STRLIST:
        if (n && n->type == YNODE_SCALAR && !ynode_is_null(n)) {
            v->list = arena_alloc(rs->arena, sizeof(char *));
            v->list[0] = n->str;
            v->n = 1;
        } else if (n && (n->type == YNODE_SEQ || ynode_is_null(n))) {
            v->list = arena_alloc(rs->arena, (n->nitems + 1) * sizeof(char *));
            v->n = 0;
            for (size_t i = 0; i < n->nitems && !bad; i++) {
                const char *s = ynode_str(n->items[i]);
                if (!s)
                    bad = 1;
                else
                    v->list[v->n++] = s;
            }
        } else {
            bad = 1;
        }
        break;
    }
    if (bad)
        return diag_add(d, c->path, node->line, node->col,
                        "option '%s' of rule '%s' must be %s, not %s", v->decl->name, rule,
                        opt_type_name(v->decl->type), ynode_type_name(node));
    return 0;
}

static int configure_one(struct ruleset *rs, const struct config *c, const struct config_rule *cr,
                         struct rule_state *st, struct diag_list *d)
{
    const struct ynode *v = ynode_deref(cr->value);
    const char *s = ynode_str(v);
    if (s && (!strcmp(s, "off") || !strcmp(s, "on"))) {
        st->enabled = !strcmp(s, "on");
        st->chosen = 1;
        return 0;
    }
    int b;
    if (ynode_bool(v, &b) == 0) { /* YAML 1.1 readers treat off/on as booleans: so do we */
        st->enabled = b;
        st->chosen = 1;
        return 0;
    }
    if (!v || v->type != YNODE_MAP)
        return diag_add(d, c->path, cr->value->line, cr->value->col,
                        "rule '%s' must be off, on, or a map of severity and options", cr->id);
    st->enabled = 1;
    st->chosen = 1;
    int rc = 0;
    for (size_t i = 0; i < v->npairs; i++) {
        const struct ynode *k = v->pairs[i].key;
        const char *name = ynode_str(k);
        const struct ynode *val = v->pairs[i].value;
        if (name && !strcmp(name, "severity")) {
            const char *sv = ynode_str(val);
            if (!sv || severity_parse(sv, &st->severity))
                rc = diag_add(d, c->path, val->line, val->col,
                              "severity of rule '%s' must be error, warning or note", cr->id);
            else
                st->severity_set = 1;
            continue;
        }
        size_t j;
        for (j = 0; j < st->nopts; j++)
            if (name && !strcmp(name, st->opts[j].decl->name))
                break;
        if (j < st->nopts) {
            if (opt_from_node(rs, c, &st->opts[j], val, cr->id, d))
                rc = -1;
            continue;
        }
        const char **names = xcalloc(st->nopts + 1, sizeof(char *));
        struct strbuf sb = STRBUF_INIT;
        names[0] = "severity";
        strbuf_addstr(&sb, "severity");
        for (size_t o = 0; o < st->nopts; o++) {
            names[o + 1] = st->opts[o].decl->name;
            strbuf_addf(&sb, ", %s", st->opts[o].decl->name);
        }
        const char *near = name ? did_you_mean(name, names, st->nopts + 1) : NULL;
        if (near)
            rc = diag_add(d, c->path, k->line, k->col,
                          "unknown option '%s' for rule '%s'; did you mean '%s'?",
                          name ? name : "?", cr->id, near);
        else
            rc = diag_add(d, c->path, k->line, k->col,
                          "unknown option '%s' for rule '%s' (it takes: %s)", name ? name : "?",
                          cr->id, sb.buf);
        strbuf_release(&sb);
        free(names);
    }
    return rc;
}

static int unknown_rule(const struct ruleset *rs, struct diag_list *d, const char *file,
                        unsigned line, unsigned col, const char *id)
{
    const char **ids = xcalloc(rs->n + 1, sizeof(char *));
    for (size_t i = 0; i < rs->n; i++)
        ids[i] = rs->v[i].rule->id;
    const char *near = did_you_mean(id, ids, rs->n);
    if (near)
        diag_add(d, file, line, col, "unknown rule '%s'; did you mean '%s'?", id, near);
    else
        diag_add(d, file, line, col, "unknown rule '%s' (`infralint rules` lists them)", id);
    free(ids);
    return -1;
}

int ruleset_configure(struct ruleset *rs, const struct config *c, struct diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < c->nrules; i++) {
        const struct config_rule *cr = &c->rules[i];
        struct rule_state *st = ruleset_find(rs, cr->id);
        if (!st)
            rc = unknown_rule(rs, d, c->path, cr->key->line, cr->key->col, cr->id);
        else if (configure_one(rs, c, cr, st, d))
            rc = -1;
    }
    sync_views(rs);
    return rc;
}

int ruleset_toggle(struct ruleset *rs, const char *pattern, int on, struct diag_list *d)
{
    int hit = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (glob_match(pattern, rs->v[i].rule->id)) {
            rs->v[i].enabled = on;
            rs->v[i].chosen = 1;
            hit = 1;
        }
    if (!hit) {
        struct diag_list tmp = {0};
        unknown_rule(rs, &tmp, NULL, 0, 0, pattern);
        diag_add(d, NULL, 0, 0, "%s: %s", on ? "--enable" : "--disable", tmp.v[0].message);
        diag_release(&tmp);
        return -1;
    }
    return 0;
}

void ruleset_set_persona(struct ruleset *rs, enum persona p)
{
    rs->persona = p;
    for (size_t i = 0; i < rs->n; i++)
        if (!rs->v[i].chosen)
            rs->v[i].enabled = default_on(rs->v[i].rule, p);
}

void ruleset_set_list(struct ruleset *rs, const char *rule, const char *option,
                      const char *const *v, size_t n)
{
    struct rule_state *st = ruleset_find(rs, rule);
    for (size_t i = 0; st && i < st->nopts; i++)
        if (!strcmp(st->opts[i].decl->name, option) && st->opts[i].decl->type == OPT_STRLIST) {
            st->opts[i].list = arena_alloc(rs->arena, (n ? n : 1) * sizeof(char *));
            for (size_t k = 0; k < n; k++)
                st->opts[i].list[k] = v[k];
            st->opts[i].n = n;
        }
}

void ruleset_release(struct ruleset *rs)
{
    free(rs->v);
    free(rs->rules);
    free(rs->sev);
    arena_free(rs->arena);
    memset(rs, 0, sizeof(*rs));
}
