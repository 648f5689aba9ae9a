/* backend.h — a Terraform working directory's state configuration: `.terraform/terraform.tfstate`
 * (its `backend` or `state_store` block), the selected workspace (`.terraform/environment`,
 * overridden by TF_WORKSPACE as Terraform does), and the stack pairing them with plans.
 * A backend owns its parsed tree; values are borrowed until backend_free(). */
#ifndef INFRALINT_BACKEND_H
#define INFRALINT_BACKEND_H

#include <stddef.h>

#include "diag.h"
#include "env.h"
#include "pval.h"

struct plan;

struct backend {
    char *file;       /* as the user named it */
    const char *type; /* "s3", "local", "cloud", "remote", …; a state_store's type */
    int state_store;  /* from a `state_store` block (pluggable state storage) */
    const struct pval *config;
    const char *terraform_version; /* or NULL */
    void *root;                    /* the parsed document */
};

/* A `.terraform/` directory (or a loose backend file) and the plans that pair with it. */
struct tfstack {
    char *dir;               /* directory the stack belongs to (holds .terraform/) */
    char *dotterraform;      /* the .terraform/ directory as named, or NULL when none */
    struct backend *backend; /* NULL when .terraform/ has no terraform.tfstate */
    int backend_error;       /* terraform.tfstate is there but could not be loaded */
    char *workspace;         /* selected workspace name, or NULL */
    char *workspace_origin;  /* the environment file, or "TF_WORKSPACE" */
    struct plan **plans;
    size_t nplans, plans_alloc;
    struct envinfo env; /* environment for the backend rules */
};

/* Load a backend file (terraform.tfstate written by `terraform init`); NULL with diagnostics. */
struct backend *backend_load(const char *file, const char *buf, size_t len, struct diag_list *d);
/* Free a backend. */
void backend_free(struct backend *b);
/* Member of backend.config, or NULL when absent or JSON null. */
const struct pval *backend_config(const struct backend *b, const char *key);
/* 1 if the backend type keeps state remotely (anything but "local"). */
int backend_is_remote(const struct backend *b);
/* Read a workspace file's name (first line, trimmed) into a new string; NULL when empty. */
char *backend_workspace_name(const char *buf, size_t len);

/* A new empty stack for dir. */
struct tfstack *tfstack_new(const char *dir);
/* Free a stack and its backend (not its plans). */
void tfstack_free(struct tfstack *s);
/* Add a plan to the stack (not owned). */
void tfstack_add_plan(struct tfstack *s, struct plan *p);

#endif
