/* backend.c — `.terraform/terraform.tfstate` backend files, workspace files, stacks. */
#include <stdlib.h>
#include <string.h>

#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/util.h"
#include "jdoc.h"
#include "tfjson.h"

struct backend *backend_from_doc(const char *file, struct jdoc *doc, struct diag_list *d)
{
    const struct pval *root = jdoc_root(doc);
    const struct pval *blk = pval_get(root, "backend");
    int store = 0;
    const char *key = "backend";
    if (!blk || pval_type(blk) == PV_NULL) {
        blk = pval_get(root, "state_store");
        store = 1;
        key = "state_store";
    }
    if (pval_type(blk) != PV_OBJECT) {
        diag_add_jpath(d, file, key, "expected an object");
        jdoc_free(doc);
        return NULL;
    }
    const struct pval *type = pval_get(blk, "type");
    if (pval_type(type) != PV_STRING) {
        char *jp = xstrfmt("%s.type", key);
        diag_add_jpath(d, file, jp, type ? "expected a string" : "missing backend type");
        free(jp);
        jdoc_free(doc);
        return NULL;
    }
    const struct pval *cfg = pval_get(blk, "config");
    if (cfg && pval_type(cfg) != PV_OBJECT && pval_type(cfg) != PV_NULL) {
        char *jp = xstrfmt("%s.config", key);
        diag_add_jpath(d, file, jp, "expected an object");
        free(jp);
        jdoc_free(doc);
        return NULL;
    }
    struct backend *b = xcalloc(1, sizeof(*b));
    b->file = xstrdup(file);
    b->type = pval_str(type);
    b->state_store = store;
    b->config = pval_type(cfg) == PV_OBJECT ? cfg : NULL;
    b->terraform_version = pval_str(pval_get(root, "terraform_version"));
    b->root = doc;
    return b;
}

struct backend *backend_load(const char *file, const char *buf, size_t len, struct diag_list *d)
{
    struct tfjson_result r;
    tfjson_load(file, buf, len, TFJSON_EXPLICIT, &r, d);
    if (r.plan)
        plan_free(r.plan);
    if (r.kind != TFJSON_BACKEND && !r.backend && !d->n)
        diag_add(d, file, 0, 0, "not a Terraform backend file (.terraform/terraform.tfstate)");
    return r.backend;
}

void backend_free(struct backend *b)
{
    if (!b)
        return;
    free(b->file);
    jdoc_free(b->root);
    free(b);
}

const struct pval *backend_config(const struct backend *b, const char *key)
{
    const struct pval *v = b ? pval_get(b->config, key) : NULL;
    return pval_type(v) == PV_NULL ? NULL : v;
}

int backend_is_remote(const struct backend *b)
{
    return b && strcmp(b->type, "local") != 0;
}

char *backend_workspace_name(const char *buf, size_t len)
{
    size_t n = 0;
    while (n < len && buf[n] != '\n' && buf[n] != '\r')
        n++;
    size_t s = 0;
    while (s < n && (buf[s] == ' ' || buf[s] == '\t'))
        s++;
    while (n > s && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        n--;
    return n > s ? xstrndup(buf + s, n - s) : NULL;
}

struct tfstack *tfstack_new(const char *dir)
{
    struct tfstack *s = xcalloc(1, sizeof(*s));
    s->dir = xstrdup(dir);
    return s;
}

void tfstack_free(struct tfstack *s)
{
    if (!s)
        return;
    free(s->dir);
    free(s->dotterraform);
    backend_free(s->backend);
    free(s->workspace);
    free(s->workspace_origin);
    free(s->plans);
    env_release(&s->env);
    free(s);
}

void tfstack_add_plan(struct tfstack *s, struct plan *p)
{
    ALLOC_GROW(s->plans, s->nplans + 1, s->plans_alloc);
    s->plans[s->nplans++] = p;
}
