/* x_join.h — the joins the x/ rules make across the documents of one run: the ECS services of
 * the plans (name, cluster, deployment controller, the CodeDeploy group that deploys them), the
 * ECS deploy steps of the workflows (the service and cluster they name, their CodeDeploy inputs),
 * the production deploys of each workflow and their release gates, the Terraform versions the
 * workflows install, and the migrations of the change that break backward compatibility (the
 * sql/ findings of the run, with their suppressions).
 *
 * Joins are exact on literal names: a value written in the workflow (or in its env:, or passed
 * by the job that calls a reusable workflow), a value known in the plan. A name set at run time
 * joins nothing; the join says so (`dynamic`) and the rule reports infralint/unverifiable once.
 * Where a job deploys to comes from the gha/ deploy analysis (gha_job_deploy), so the x/ rules
 * see deploys as the gha/ rules do. Everything a join returns lives in the check's arena. */
#ifndef INFRALINT_X_JOIN_H
#define INFRALINT_X_JOIN_H

#include <stddef.h>

#include "infralint/plan.h"
#include "infralint/project.h"
#include "infralint/rule.h"
#include "infralint/workflow.h"

/* ---- ECS services of the plans ---- */

enum xctl {
    XCTL_UNKNOWN = 0, /* known only after apply */
    XCTL_ROLLING,     /* the ECS controller, rolling update (the default) */
    XCTL_CODE_DEPLOY, /* blue/green through CodeDeploy */
    XCTL_NATIVE_BG,   /* the ECS controller with deployment_configuration.strategy BLUE_GREEN */
    XCTL_EXTERNAL     /* a third-party controller */
};

struct xsvc {
    const struct plan *plan;
    const struct plan_resource *r;
    const char *name;    /* after.name, or NULL when unknown */
    const char *cluster; /* the cluster's name (from its ARN, or the aws_ecs_cluster it refers
                          * to), or NULL when unknown */
    enum xctl ctl;
    const char *ctl_path;              /* the attribute that decided ctl */
    const struct plan_resource *group; /* the CodeDeploy group deploying it, or NULL */
    const char *app_name, *group_name; /* that group's names when known, else NULL */
};

/* Every live aws_ecs_service of every plan of the run, in plan and document order. */
size_t x_services(struct rule_ctx *ctx, const struct project *p, const struct xsvc **out);
/* Does the service deploy blue/green (CodeDeploy or native)? */
int x_blue_green(const struct xsvc *s);
/* "the CODE_DEPLOY controller", "the rolling ECS controller", … for messages. */
const char *x_ctl_text(enum xctl c);

/* ---- ECS deploy steps of the workflows ---- */

enum xdeploy_how {
    XD_ACTION = 1,     /* aws-actions/amazon-ecs-deploy-task-definition with a service */
    XD_UPDATE_SERVICE, /* aws ecs update-service with a new task definition or deployment */
};

struct xdeploy {
    const struct workflow *wf;
    const struct wf_job *job; /* the job the step is in */
    const struct wf_step *step;
    const struct wf_job *caller; /* for a step of a reusable workflow: the calling job whose
                                  * with: resolved its inputs, else NULL */
    const struct workflow *caller_wf;
    enum xdeploy_how how;
    const char *service, *cluster; /* resolved names; cluster "default" when not given (as
                                    * the action and the CLI default); NULL when dynamic */
    const char *service_written;   /* as written (for messages) */
    unsigned line, col;            /* where the deploy is: the `service:` value, or the
                                    * update-service word in the script */
    unsigned line2;                /* another line an inline ignore may stand on (or 0) */
    char *path;                    /* attribute path of that place */
    int codedeploy;                /* the action got codedeploy-* inputs */
    struct yref cd_at;             /* the first of them */
    const char *cd_app, *cd_group; /* their literal values, or NULL */
    int dynamic;                   /* service or cluster set at run time */
    unsigned classes;              /* where the job deploys (ENV_BIT of env classes) */
};

/* Every ECS deploy step of the run's workflows (context ones included: their findings are
 * dropped later), steps of local reusable workflows once per calling job. */
size_t x_deploys(struct rule_ctx *ctx, const struct project *p, const struct xdeploy **out);
/* Does deploy d name service s (service name and cluster equal)? */
int x_deploy_names(const struct xdeploy *d, const struct xsvc *s);

/* ---- production deploys and their release gates ---- */

struct xprod {
    const struct workflow *wf;
    const struct wf_job *job;
    int gated;           /* a workflow_dispatch, release or tag-push trigger, or an environment: */
    const char *gate;    /* what gates it ("workflow_dispatch", "environment 'production'"), or
                          * NULL */
    const char *trigger; /* ungated: the trigger that starts it ("push to main") */
};

/* The jobs of the run's workflows (not context ones) that deploy to production, in file and job
 * order; a reusable workflow only called from this repository is judged at its callers. */
size_t x_prod_deploys(struct rule_ctx *ctx, const struct project *p, const struct xprod **out);

/* ---- Terraform versions the workflows install ---- */

struct xtfver {
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    struct yref at;      /* the terraform_version value (or the env value it names) */
    const char *written; /* as written (resolved through env:) */
    int major, minor;    /* -1 when the value names no single major.minor */
    int dynamic;         /* set at run time */
};

/* The hashicorp/setup-terraform steps of jobs that plan or apply (terraform/tofu plan, apply,
 * destroy, import), with the version each installs. */
size_t x_tf_versions(struct rule_ctx *ctx, const struct project *p, const struct xtfver **out);

/* ---- migrations of the change that break backward compatibility ---- */

struct xbreak {
    const struct finding *f; /* the sql/ finding */
    const char *verb;        /* "drops column", "renames table", … */
    const char *object;      /* its path ("orders.sku"), or NULL */
    const char *migration;   /* the migration's file name */
    int reviewed;            /* suppressed with a reason: the expand/contract steps were done */
};

/* The findings of the run (s->findings) of the compatibility rules RULES.md names
 * (sql/drop-column, drop-table, rename-column, rename-table, change-column-type,
 * add-required-column, set-not-null, truncate), suppressed or not, in file and line order. */
size_t x_breaks(struct rule_ctx *ctx, const struct subject *s, const struct xbreak **out);
/* The phrase for one break: "drops column orders.sku". */
const char *x_break_text(struct rule_ctx *ctx, const struct xbreak *b);

/* ---- shared ---- */

/* The repository a workflow belongs to, as the run names paths: the part of its file name before
 * "/.github/workflows/" (or its directory; "" for the current directory). */
const char *x_repo_of(struct rule_ctx *ctx, const struct workflow *wf);
/* Is the file (a plan, a migration directory) inside that repository? */
int x_in_repo(const char *repo, const char *file);

/* The index of the Terraform subcommand of command w (terraform, tofu, terragrunt: global
 * options such as -chdir skipped, terragrunt's run-all / run --all followed), or 0 when w is no
 * Terraform command. */
size_t x_tf_command(char *const *w, size_t n);

/* Record that the rule needs a plan the run does not have (listed in `skipped`), when the run
 * brings two kinds of input (workflows and migrations): a run of one kind joins nothing. */
void x_no_plan(struct rule_ctx *ctx, const struct project *p);
/* Names of a list for messages: "orders-api", "orders-api and billing", "a, b and 2 more". */
const char *x_names(struct rule_ctx *ctx, const char *const *v, size_t n);

#endif
