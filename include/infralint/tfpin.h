/* tfpin.h — the Terraform version a repository states for a root module: `.terraform-version`
 * (tfenv), `.tool-versions` (asdf/mise), `required_version` in the module's `*.tf` files, and
 * the `terraform_version` that workflows give hashicorp/setup-terraform. Each is turned into a
 * Terraform-syntax constraint. A pin owns its strings; tfpin_free() releases them. */
#ifndef INFRALINT_TFPIN_H
#define INFRALINT_TFPIN_H

struct project;
struct workflow;

struct tfpin {
    char *constraint; /* Terraform constraint syntax ("~> 1.6.0", ">= 1.5, < 2.0") */
    char *written;    /* the value as the file writes it ("1.6.6", "~1.6") */
    char *file;       /* where it is written, as the user would name it */
    unsigned line;    /* 1-based line in file (0 when unknown) */
    const char *what; /* ".terraform-version", ".tool-versions", "required_version",
                       * "hashicorp/setup-terraform" */
};

/* The pin stated beside a root module in dir: .terraform-version, else .tool-versions (in dir
 * or a parent up to the repository root, never above the current directory for relative
 * paths), else the required_version lines of dir's *.tf files (all of them: Terraform
 * requires every one). NULL when none. */
struct tfpin *tfpin_from_dir(const char *dir);
/* Turn a version or range as written into a Terraform constraint (new string), or NULL when it
 * states none ("latest", an expression). An exact version x.y.z accepts any x.y patch. npm is
 * 1 for setup-terraform's npm-semver ranges ("~1.6", "^1.5.0", "1.6.x", ">=1.5 <1.8"). */
char *tfpin_constraint(const char *written, int npm);
/* Attach to every plan of the project the pin its directory states (read once, at load time,
 * so rules never read files). */
void tfpin_attach(struct project *p);
/* Free a pin (NULL is fine). */
void tfpin_free(struct tfpin *pin);

#endif
