/* pval.h — read-only views of JSON values inside a loaded plan or backend file.
 * A `struct pval *` is borrowed from the document that holds it; NULL means "absent", which every
 * function accepts. Rules never see the JSON library itself. */
#ifndef INFRALINT_PVAL_H
#define INFRALINT_PVAL_H

#include <stddef.h>

struct pval; /* a JSON value inside a plan (never NULL when present; NULL = absent) */
enum pval_type { PV_ABSENT = 0, PV_NULL, PV_BOOL, PV_NUMBER, PV_STRING, PV_ARRAY, PV_OBJECT };

/* Type of a value (PV_ABSENT for NULL). */
enum pval_type pval_type(const struct pval *v);
/* 1 if v is JSON true. */
int pval_is_true(const struct pval *v);
/* 1 if v is JSON false. */
int pval_is_false(const struct pval *v);
/* The string, or NULL when v is not a string. */
const char *pval_str(const struct pval *v);
/* 0 and *out when v is a number (integer or real), else -1. */
int pval_num(const struct pval *v, double *out);
/* Elements of an array, members of an object, 0 otherwise. */
size_t pval_len(const struct pval *v);
/* Array element i, or NULL. */
const struct pval *pval_idx(const struct pval *v, size_t i);
/* Object member key, or NULL. */
const struct pval *pval_get(const struct pval *v, const char *key);
/* Walk a dotted path ("health_check.0.path"; numbers index arrays); NULL when absent. */
const struct pval *pval_path(const struct pval *v, const char *path);
/* Iterate an object in document order: start with *it = NULL; 0 at the end. */
int pval_next(const struct pval *obj, void **it, const char **key, const struct pval **val);
/* 1 if v is a string equal to s, or an array holding such a string. */
int pval_has_str(const struct pval *v, const char *s);

/* Render a value compactly as JSON text (new allocation); for messages only through rule.h. */
char *pval_to_text(const struct pval *v);

#endif
