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
    TFJSON_OTHER /* valid input of another kind: *what says which (not an error by itself) */
};

struct tfjson_result {
    enum tfjson_kind kind;
    struct plan *plan;
    struct backend *backend;
    const char *what; /* TFJSON_OTHER / TFJSON_ERROR: a short description ("not JSON") */
    int terraform;    /* the input looked like a Terraform artifact (error even when walking) */
};

/* How a file came to be read, which decides what is an error. */
enum tfjson_origin {
    TFJSON_WALKED = 0, /* found in a directory: only recognisable Terraform input is an error */
    TFJSON_PLAN_NAMED, /* found in a directory, named like a plan (plan.json, x.tfplan.json):
                        * empty, unreadable or streaming content is an error too */
    TFJSON_EXPLICIT    /* named on the command line: anything not ours is an error */
};

/* A jansson error message that quotes no input (a new string): the " near '…'" part and
 * every escape or byte of the input it would show are left out. */
char *tfjson_error_text(const char *text);

/* Why jdoc refused the JSON text js (any: a value of any type at the top): jansson's error in
 * *err, or, where jansson reads the text, what jdoc's stricter reading found (a NUL byte). */
struct json_error_t;
void tfjson_refusal(const char *js, size_t len, int any, struct json_error_t *err);

/* Load buf as a plan or backend file. */
void tfjson_load(const char *file, const char *buf, size_t len, enum tfjson_origin origin,
                 struct tfjson_result *out, struct diag_list *d);

/* One member of a top-level JSON object: raw key bytes (between the quotes) and value text. */
struct jmember {
    const char *key;
    size_t klen;
    const char *val;
    size_t vlen;
};

/* Validate buf as one JSON object without building it (as strictly as jansson) and list its
 * members (a new array); -1 when it is not valid JSON (parse it whole for the message). */
int tfjson_scan_object(const char *buf, size_t len, struct jmember **out, size_t *n);

struct jdoc;

/* Private constructors (take ownership of the document; planned_values and prior_state may be
 * deferred members of it, parsed when first read). */
struct plan *plan_from_doc(const char *file, struct jdoc *doc, struct diag_list *d);
struct backend *backend_from_doc(const char *file, struct jdoc *doc, struct diag_list *d);

#endif
