/* env.h — environment names, their classes (dev, staging, prod) and where they came from.
 * A name maps to a class by patterns matched case-insensitively against the whole name or one
 * of its '-', '_', '.', '/' separated components. Unknown never means production. */
#ifndef INFRALINT_ENV_H
#define INFRALINT_ENV_H

#include <stddef.h>

enum env_class { ENV_UNKNOWN = 0, ENV_DEV, ENV_STAGING, ENV_PROD };
enum env_source {
    ENVSRC_NONE = 0,
    ENVSRC_FLAG,
    ENVSRC_CONFIG,
    ENVSRC_WORKSPACE,
    ENVSRC_VARIABLE,
    ENVSRC_TAGS,
    ENVSRC_PLANS
};

struct envinfo {
    char *name; /* NULL when unresolved */
    enum env_class cls;
    enum env_source source;
};

/* Class patterns (owned lists of strings), indexed by enum env_class; [ENV_UNKNOWN] unused. */
struct env_patterns {
    char **names[4];
    size_t n[4];
};

/* Fill the default patterns (prod|production|prd|live, staging|…, dev|…). */
void env_patterns_default(struct env_patterns *p);
/* Replace the patterns of one class with a copy of names. */
void env_patterns_set(struct env_patterns *p, enum env_class c, char *const *names, size_t n);
/* Free the pattern lists. */
void env_patterns_release(struct env_patterns *p);
/* Class of a name; ENV_UNKNOWN when no class matches or several classes do. */
enum env_class env_classify(const struct env_patterns *p, const char *name);
/* "prod", "staging", "dev", "unknown". */
const char *env_class_name(enum env_class c);
/* "flag", "config", "workspace", "variable", "tags", "plans", "none". */
const char *env_source_name(enum env_source s);
/* Set e to name (copied) with its class and source. */
void env_set(struct envinfo *e, const struct env_patterns *p, const char *name, enum env_source s);
/* Copy src into dst (dst released first). */
void env_copy(struct envinfo *dst, const struct envinfo *src);
/* Free the name. */
void env_release(struct envinfo *e);

#endif
