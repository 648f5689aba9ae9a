/* env.c — environment names and classes. */
#include <stdlib.h>
#include <string.h>

#include "infralint/env.h"
#include "infralint/util.h"

static const char *const def_prod[] = {"prod", "production", "prd", "live"};
static const char *const def_staging[] = {"staging", "stage", "stg", "preprod", "uat"};
static const char *const def_dev[] = {"dev", "development", "test", "sandbox", "local", "qa"};

void env_patterns_set(struct env_patterns *p, enum env_class c, char *const *names, size_t n)
{
    for (size_t i = 0; i < p->n[c]; i++)
        free(p->names[c][i]);
    free(p->names[c]);
    p->names[c] = xcalloc(n ? n : 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        p->names[c][i] = xstrdup(names[i]);
    p->n[c] = n;
}

void env_patterns_default(struct env_patterns *p)
{
    memset(p, 0, sizeof(*p));
    env_patterns_set(p, ENV_PROD, (char *const *)def_prod, ARRAY_SIZE(def_prod));
    env_patterns_set(p, ENV_STAGING, (char *const *)def_staging, ARRAY_SIZE(def_staging));
    env_patterns_set(p, ENV_DEV, (char *const *)def_dev, ARRAY_SIZE(def_dev));
}

void env_patterns_release(struct env_patterns *p)
{
    for (int c = 0; c < 4; c++) {
        for (size_t i = 0; i < p->n[c]; i++)
            free(p->names[c][i]);
        free(p->names[c]);
    }
    memset(p, 0, sizeof(*p));
}

/* Does one class's pattern list match the string s (len bytes)? Patterns may be globs. */
static int class_matches(const struct env_patterns *p, enum env_class c, const char *s, size_t len)
{
    char buf[256];
    if (len >= sizeof(buf))
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    buf[len] = '\0';
    for (size_t i = 0; i < p->n[c]; i++) {
        char pat[256];
        size_t pl = strlen(p->names[c][i]);
        if (pl >= sizeof(pat))
            continue;
        for (size_t k = 0; k <= pl; k++) {
            char ch = p->names[c][i][k];
            pat[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        }
        if (glob_match(pat, buf))
            return 1;
    }
    return 0;
}

enum env_class env_classify(const struct env_patterns *p, const char *name)
{
    if (!name || !*name)
        return ENV_UNKNOWN;
    static const enum env_class order[] = {ENV_PROD, ENV_STAGING, ENV_DEV};
    for (size_t k = 0; k < ARRAY_SIZE(order); k++)
        if (class_matches(p, order[k], name, strlen(name)))
            return order[k];
    /* components: a class is chosen only when exactly one class matches some component */
    enum env_class found = ENV_UNKNOWN;
    for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
        const char *s = name;
        while (*s) {
            size_t n = strcspn(s, "-_./");
            if (n && class_matches(p, order[k], s, n)) {
                if (found != ENV_UNKNOWN && found != order[k])
                    return ENV_UNKNOWN;
                found = order[k];
                break;
            }
            s += n;
            if (*s)
                s++;
        }
    }
    return found;
}

const char *env_class_name(enum env_class c)
{
    switch (c) {
    case ENV_PROD: return "prod";
    case ENV_STAGING: return "staging";
    case ENV_DEV: return "dev";
    default: return "unknown";
    }
}

const char *env_source_name(enum env_source s)
{
    static const char *const names[] = {"none",     "flag", "config", "workspace",
                                        "variable", "tags", "plans"};
    return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "none";
}

void env_set(struct envinfo *e, const struct env_patterns *p, const char *name, enum env_source s)
{
    char *copy = xstrdup(name);
    free(e->name);
    e->name = copy;
    e->source = s;
    e->cls = env_classify(p, name);
}

void env_copy(struct envinfo *dst, const struct envinfo *src)
{
    char *copy = xstrdup(src->name);
    free(dst->name);
    dst->name = copy;
    dst->cls = src->cls;
    dst->source = src->source;
}

void env_release(struct envinfo *e)
{
    free(e->name);
    memset(e, 0, sizeof(*e));
}
