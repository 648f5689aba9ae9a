/* tfjson.h — the front door for Terraform JSON inputs (private to the loaders).
 * Decodes what arrives in the wild (UTF-8 BOM, UTF-16, setup-terraform wrapper noise), parses with
 * jansson without ever quoting the input in a message, and tells plans from backend files, state
 * files, streaming UI output and binary plan files. */
#ifndef INFRALINT_TFJSON_H
#define INFRALINT_TFJSON_H

#include <stddef.h>

#include "infralint/backend.h"
#include "infralint/diag.h"
#include "infralint/plan.h"

enum tfjson_kind {
    TFJSON_ERROR = 0, /* diagnostics were added */
    TFJSON_PLAN,
    TFJSON_BACKEND,
    TFJSON_OTHER      /* valid input of another kind: *what says which (not an error by itself) */
};

struct tfjson_result {
    enum tfjson_kind kind;
    struct plan *plan;
    struct backend *backend;
    const char *what; /* TFJSON_OTHER / TFJSON_ERROR: a short description ("not JSON") */
    int terraform;    /* the input looked like a Terraform artifact (error even when walking) */
};

/* Load buf as a plan or backend file. With explicit=0 (found while walking a directory), inputs
 * that are not Terraform JSON are TFJSON_OTHER without diagnostics. */
void tfjson_load(const char *file, const char *buf, size_t len, int explicit,
                 struct tfjson_result *out, struct diag_list *d);

/* Private constructors (take ownership of root, a json_t *). */
struct plan *plan_from_json(const char *file, void *root, struct diag_list *d);
struct backend *backend_from_json(const char *file, void *root, struct diag_list *d);

#endif
