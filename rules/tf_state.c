/* tf_state.c — remote state: backend type, locking, encryption, credentials, the state bucket
 * and lock table in the plan, and the plan's own completeness and Terraform version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/backend.h"
#include "infralint/plan.h"
#include "infralint/project.h"
#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/version.h"
#include "infralint/workflow.h"
#include "rules.h"
#include "tf_util.h"

/* ---- backend helpers ---- */

static struct anchor backend_anchor(const struct tfstack *s, const char *path)
{
    struct anchor a = {0};
    a.file = s->backend ? s->backend->file : s->dotterraform;
    a.location = s->backend && s->backend->state_store ? "state_store" : "backend";
    a.path = path;
    return a;
}

static int is_s3(const struct tfstack *s)
{
    return s->backend && !s->backend->state_store && !strcmp(s->backend->type, "s3");
}

/* A backend config value that is true (JSON true or the string "true"). */
static int cfg_true(const struct backend *b, const char *key)
{
    const struct pval *v = backend_config(b, key);
    const char *s = pval_str(v);
    return pval_is_true(v) || (s && !strcmp(s, "true"));
}

static const char *cfg_str(const struct backend *b, const char *key)
{
    const char *s = pval_str(backend_config(b, key));
    return s && *s ? s : NULL;
}

/* The Terraform version the stack runs: the backend file's, else its plans'. */
static const char *stack_tf_version(const struct tfstack *s)
{
    if (s->backend && s->backend->terraform_version)
        return s->backend->terraform_version;
    for (size_t i = 0; i < s->nplans; i++)
        if (plan_terraform_version(s->plans[i]))
            return plan_terraform_version(s->plans[i]);
    return NULL;
}

static int tf_at_least(const char *version, long major, long minor)
{
    struct semver v;
    if (!version || version_parse(version, &v))
        return 0;
    return v.major > major || (v.major == major && v.minor >= minor);
}

/* ---- tf/backend-remote ---- */

static void check_backend_remote(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!st->backend) {
        struct anchor a = backend_anchor(st, NULL);
        rule_report(ctx, &a,
                    "declare a backend \"s3\" block (with encryption and locking) and run "
                    "terraform init",
                    ".terraform/ has no terraform.tfstate: Terraform uses the implicit local "
                    "backend, so state lives on one machine, unlocked and unshared");
        return;
    }
    if (!backend_is_remote(st->backend)) {
        struct anchor a = backend_anchor(st, "type");
        rule_report(ctx, &a,
                    "use backend \"s3\" (with encryption and locking) and run "
                    "terraform init -migrate-state",
                    "the backend is local: state lives on one machine, unlocked and unshared");
    }
}

/* ---- tf/backend-locking ---- */

static void check_backend_locking(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!is_s3(st) || cfg_str(st->backend, "dynamodb_table") ||
        cfg_true(st->backend, "use_lockfile"))
        return;
    struct anchor a = backend_anchor(st, "config.use_lockfile");
    const char *fix = tf_at_least(stack_tf_version(st), 1, 10)
                          ? "set use_lockfile = true in the backend \"s3\" block"
                          : "set dynamodb_table (a table with hash key LockID of type S), or "
                            "use_lockfile = true on Terraform 1.10 or later";
    rule_report(ctx, &a, fix,
                "s3 backend without state locking (neither dynamodb_table nor use_lockfile = "
                "true): two concurrent applies can corrupt the state");
}

/* ---- tf/backend-encryption ---- */

static void check_backend_encryption(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!is_s3(st) || cfg_true(st->backend, "encrypt") || cfg_str(st->backend, "kms_key_id"))
        return;
    struct anchor a = backend_anchor(st, "config.encrypt");
    rule_report(ctx, &a, "set encrypt = true (and kms_key_id for a customer-managed key)",
                "s3 backend without encrypt = true: the state file, which holds every secret "
                "Terraform knows, is stored unencrypted by the backend");
}

/* ---- tf/backend-credentials ---- */

/* Where each backend type reads its credentials from instead (for the fix). */
static const struct {
    const char *type, *instead;
} cred_instead[] = {
    {"s3", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an assumed role (OIDC in CI)"},
    {"azurerm", "ARM_ACCESS_KEY, ARM_SAS_TOKEN or ARM_CLIENT_SECRET, or OIDC/managed identity"},
    {"gcs", "a key file outside the repository (GOOGLE_BACKEND_CREDENTIALS) or workload "
            "identity"},
    {"pg", "PGPASSWORD (or PG_CONN_STR)"},
    {"http", "TF_HTTP_USERNAME/TF_HTTP_PASSWORD"},
    {"consul", "CONSUL_HTTP_TOKEN/CONSUL_HTTP_AUTH"},
    {"remote", "TF_TOKEN_<hostname> or terraform login"},
    {"cloud", "TF_TOKEN_<hostname> or terraform login"},
    {"kubernetes", "a kubeconfig (config_path) or KUBE_TOKEN"},
};

#define CRED_MAX 16 /* arguments named in one finding */

struct cred_walk {
    const char *type;
    struct strbuf path;        /* of the value being looked at */
    char *names[CRED_MAX + 1]; /* the arguments that hold one, in document order */
    size_t n;
};

/* "a, b and c" of n items into sb. */
static void join_and(struct strbuf *sb, char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_addf(sb, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", v[i]);
}

/* Collect the documented literal credentials under v (arrays add no path segment, as in
 * redact_backend.c). */
static void find_literal_creds(struct cred_walk *w, const struct pval *v, int depth)
{
    if (depth > 32)
        return;
    if (pval_type(v) == PV_STRING) {
        if (w->n < CRED_MAX && redact_backend_literal(w->type, w->path.buf, pval_str(v))) {
            /* where only a form of the value is the secret, say which */
            const char *what = !strcmp(w->path.buf, "credentials") ? " (a service-account key)"
                               : !strcmp(w->path.buf, "conn_str")  ? " (with a password)"
                               : !strcmp(w->path.buf, "http_auth") ? " (user:password)"
                                                                   : "";
            w->names[w->n++] = xstrfmt("%s%s", w->path.buf, what);
        }
    } else if (pval_type(v) == PV_ARRAY) {
        for (size_t i = 0; i < pval_len(v); i++)
            find_literal_creds(w, pval_idx(v, i), depth + 1);
    } else if (pval_type(v) == PV_OBJECT) {
        void *it = NULL;
        const char *k;
        const struct pval *x;
        size_t len = w->path.len;
        while (pval_next(v, &it, &k, &x)) {
            strbuf_addf(&w->path, "%s%s", len ? "." : "", k);
            find_literal_creds(w, x, depth + 1);
            strbuf_setlen(&w->path, len);
        }
    }
}

/* An S3 backend that talks to another store than AWS (MinIO, Ceph, R2, Yandex, Scaleway…): the
 * AWS-only checks must be skipped there. */
static int s3_compatible(const struct backend *b)
{
    const char *ep = cfg_str(b, "endpoint");
    if (!ep)
        ep = pval_str(pval_get(backend_config(b, "endpoints"), "s3"));
    if (!ep || !*ep)
        return 0;
    const char *host = strstr(ep, "://") ? strstr(ep, "://") + 3 : ep;
    size_t n = strcspn(host, "/:");
    static const char *const aws[] = {".amazonaws.com", ".amazonaws.com.cn", ".api.aws"};
    for (size_t i = 0; i < ARRAY_SIZE(aws); i++) {
        size_t m = strlen(aws[i]);
        if (n >= m && !strncmp(host + n - m, aws[i], m))
            return 0;
    }
    return 1;
}

static const char *const tls_flags[] = {"insecure", "skip_cert_verification"};
static const char *const check_flags[] = {"skip_credentials_validation", "skip_region_validation",
                                          "skip_s3_checksum"};

/* One finding for the flags of list that are true, or none. */
static void report_flags(struct rule_ctx *ctx, const struct tfstack *st, const char *const *list,
                         size_t n, const char *what, const char *fix)
{
    char *set[8];
    size_t count = 0;
    for (size_t i = 0; i < n && count < ARRAY_SIZE(set); i++)
        if (cfg_true(st->backend, list[i]))
            set[count++] = xstrfmt("%s = true", list[i]);
    if (count) {
        struct strbuf names = STRBUF_INIT, path = STRBUF_INIT;
        join_and(&names, set, count);
        strbuf_addf(&path, "config.%.*s", (int)strcspn(set[0], " "), set[0]);
        struct anchor a = backend_anchor(st, path.buf);
        rule_report(ctx, &a, fix, "backend sets %s, which turn%s off %s outside development",
                    names.buf, count == 1 ? "s" : "", what);
        strbuf_release(&names);
        strbuf_release(&path);
    }
    for (size_t i = 0; i < count; i++)
        free(set[i]);
}

static void check_backend_credentials(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    const struct backend *b = st->backend;
    if (!b)
        return;
    struct cred_walk w = {b->type, STRBUF_INIT, {0}, 0};
    find_literal_creds(&w, b->config, 0);
    if (w.n) { /* one finding per file: one file to clean, one set of keys to rotate */
        const char *instead = "the environment, a credentials file outside the repository or "
                              "workload identity";
        for (size_t i = 0; i < ARRAY_SIZE(cred_instead); i++)
            if (!strcmp(b->type, cred_instead[i].type))
                instead = cred_instead[i].instead;
        struct anchor a = backend_anchor(st, "config");
        char *fix = xstrfmt("remove %s from the backend block and from -backend-config (terraform "
                            "init stores both here); use %s, re-run terraform init, then rotate "
                            "%s",
                            w.n == 1 ? "it" : "them", instead, w.n == 1 ? "it" : "them");
        struct strbuf names = STRBUF_INIT;
        join_and(&names, w.names, w.n);
        rule_report(ctx, &a, fix,
                    "backend config holds %s in %s: the file is now a secret, and so is every "
                    "copy of .terraform/ (%s not shown)",
                    w.n == 1 ? "a literal credential" : "literal credentials", names.buf,
                    w.n == 1 ? "value" : "values");
        strbuf_release(&names);
        free(fix);
    }
    for (size_t i = 0; i < w.n; i++)
        free(w.names[i]);
    strbuf_release(&w.path);
    if (s->env->cls == ENV_DEV)
        return;
    report_flags(ctx, st, tls_flags, ARRAY_SIZE(tls_flags), "TLS certificate verification",
                 "remove it outside local development; trust a private CA with custom_ca_bundle "
                 "(s3) or the system store instead");
    if (is_s3(st) && !s3_compatible(b)) /* on another S3 store these checks cannot pass */
        report_flags(ctx, st, check_flags, ARRAY_SIZE(check_flags),
                     "checks the backend makes against AWS",
                     "remove them: on AWS they only hide a wrong region or credentials");
}

/* ---- tf/backend-lock-deprecated ---- */

static void check_backend_lock_deprecated(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!is_s3(st) || !cfg_str(st->backend, "dynamodb_table") ||
        cfg_true(st->backend, "use_lockfile"))
        return;
    const char *v = stack_tf_version(st);
    if (!tf_at_least(v, 1, 11))
        return;
    struct anchor a = backend_anchor(st, "config.dynamodb_table");
    rule_report(ctx, &a,
                "set use_lockfile = true (S3 native locking); keep dynamodb_table only while "
                "older Terraform versions still share this state",
                "dynamodb_table locking is deprecated since Terraform 1.11 (this is %s)", v);
}

/* ---- tf/state-bucket-hardening ---- */

/* Resources of type that point at bucket (by `bucket` reference or name). */
static const struct plan_resource *bucket_part(const struct plan *p, const char *type,
                                               const struct plan_resource *bucket)
{
    size_t n;
    const struct plan_resource *const *rs = plan_by_type(p, type, &n);
    for (size_t i = 0; i < n; i++)
        if (plan_res_live(rs[i]) && tf_links(rs[i], "bucket", bucket, "bucket,id"))
            return rs[i];
    return NULL;
}

static void related_backend(struct rule_ctx *ctx, const struct tfstack *st, const char *bucket)
{
    struct anchor a = backend_anchor(st, "config.bucket");
    rule_related(ctx, &a, "the backend keeps state in bucket %s", bucket);
}

static void check_versioning(struct rule_ctx *ctx, const struct plan *p,
                             const struct plan_resource *b, const struct tfstack *st,
                             const char *name)
{
    const struct plan_resource *v = bucket_part(p, "aws_s3_bucket_versioning", b);
    if (v) {
        struct attr a = plan_attr(v, "versioning_configuration.0.status");
        if (a.state == ATTR_UNKNOWN)
            return tf_unknown(ctx, v, "versioning_configuration.0.status");
        const char *s = a.state == ATTR_KNOWN ? pval_str(a.v) : NULL;
        if (s && !strcmp(s, "Enabled"))
            return;
        tf_report(ctx, v, "versioning_configuration.0.status",
                  "set versioning_configuration { status = \"Enabled\" }",
                  "versioning of state bucket %s is %s, not Enabled: an overwritten or deleted "
                  "state cannot be recovered",
                  name, rule_attr_text(ctx, &a));
        return related_backend(ctx, st, name);
    }
    int legacy = plan_bool(b, "versioning.0.enabled");
    if (legacy == 1)
        return;
    if (legacy < 0)
        return tf_unknown(ctx, b, "versioning.0.enabled");
    tf_report(ctx, b, "versioning",
              "add an aws_s3_bucket_versioning resource with status = \"Enabled\"",
              "state bucket %s has no versioning: an overwritten or deleted state cannot be "
              "recovered",
              name);
    related_backend(ctx, st, name);
}

static void check_bucket_encryption(struct rule_ctx *ctx, const struct plan *p,
                                    const struct plan_resource *b, const struct tfstack *st,
                                    const char *name)
{
    if (bucket_part(p, "aws_s3_bucket_server_side_encryption_configuration", b))
        return;
    struct attr a = plan_attr(b, "server_side_encryption_configuration");
    if (a.state == ATTR_UNKNOWN)
        return tf_unknown(ctx, b, "server_side_encryption_configuration");
    if (a.state == ATTR_KNOWN && pval_len(a.v) > 0)
        return;
    tf_report(ctx, b, "server_side_encryption_configuration",
              "add an aws_s3_bucket_server_side_encryption_configuration (aws:kms with a "
              "customer-managed key)",
              "state bucket %s declares no default encryption", name);
    related_backend(ctx, st, name);
}

static const char *const pab_flags[] = {"block_public_acls", "block_public_policy",
                                        "ignore_public_acls", "restrict_public_buckets"};

/* 1 when all four public-access flags are true, 0 when one is not, -1 when unknown. */
static int pab_complete(const struct plan_resource *r, const char **missing)
{
    for (size_t i = 0; i < ARRAY_SIZE(pab_flags); i++) {
        int v = plan_bool(r, pab_flags[i]);
        if (v < 0)
            return -1;
        if (!v) {
            *missing = pab_flags[i];
            return 0;
        }
    }
    return 1;
}

static void check_public_access(struct rule_ctx *ctx, const struct plan *p,
                                const struct plan_resource *b, const struct tfstack *st,
                                const char *name)
{
    size_t n;
    const struct plan_resource *const *acct =
        plan_by_type(p, "aws_s3_account_public_access_block", &n);
    const char *missing = NULL;
    for (size_t i = 0; i < n; i++)
        if (plan_res_live(acct[i]) && pab_complete(acct[i], &missing) == 1)
            return;
    const struct plan_resource *pab = bucket_part(p, "aws_s3_bucket_public_access_block", b);
    if (!pab) {
        tf_report(ctx, b, "public_access_block",
                  "add an aws_s3_bucket_public_access_block with all four settings true",
                  "state bucket %s has no public access block", name);
        return related_backend(ctx, st, name);
    }
    int c = pab_complete(pab, &missing);
    if (c < 0)
        return tf_unknown(ctx, pab, "block_public_acls");
    if (c)
        return;
    tf_report(ctx, pab, missing,
              "set block_public_acls, block_public_policy, "
              "ignore_public_acls and restrict_public_buckets to true",
              "the public access block of state bucket %s does not set %s = true", name, missing);
    related_backend(ctx, st, name);
}

static void check_state_bucket(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!is_s3(st))
        return;
    const char *name = cfg_str(st->backend, "bucket");
    if (!name)
        return;
    size_t n;
    const struct plan_resource *const *rs = plan_by_type(s->plan, "aws_s3_bucket", &n);
    for (size_t i = 0; i < n; i++) {
        const char *bn = plan_string(rs[i], "bucket");
        if (!plan_res_live(rs[i]) || !bn || strcmp(bn, name))
            continue;
        check_versioning(ctx, s->plan, rs[i], st, name);
        check_bucket_encryption(ctx, s->plan, rs[i], st, name);
        check_public_access(ctx, s->plan, rs[i], st, name);
    }
}

/* ---- tf/lock-table-schema ---- */

static void check_lock_table(struct rule_ctx *ctx, const struct subject *s)
{
    const struct tfstack *st = s->stack;
    if (!is_s3(st))
        return;
    const char *name = cfg_str(st->backend, "dynamodb_table");
    if (!name)
        return;
    size_t n;
    const struct plan_resource *const *rs = plan_by_type(s->plan, "aws_dynamodb_table", &n);
    for (size_t i = 0; i < n; i++) {
        const struct plan_resource *t = rs[i];
        const char *tn = plan_string(t, "name");
        if (!plan_res_live(t) || !tn || strcmp(tn, name))
            continue;
        struct attr hk = plan_attr(t, "hash_key");
        if (hk.state == ATTR_UNKNOWN) {
            tf_unknown(ctx, t, "hash_key");
            continue;
        }
        const char *h = hk.state == ATTR_KNOWN ? pval_str(hk.v) : NULL;
        const char *type = NULL;
        struct attr attrs = plan_attr(t, "attribute");
        for (size_t k = 0; attrs.state == ATTR_KNOWN && k < pval_len(attrs.v); k++) {
            const struct pval *x = pval_idx(attrs.v, k);
            if (!str_cmp0(pval_str(pval_get(x, "name")), "LockID"))
                type = pval_str(pval_get(x, "type"));
        }
        struct anchor a = backend_anchor(st, "config.dynamodb_table");
        if (!h || strcmp(h, "LockID")) {
            tf_report(ctx, t, "hash_key",
                      "set hash_key = \"LockID\" with attribute { name = "
                      "\"LockID\", type = \"S\" }",
                      "lock table %s has hash_key %s, but Terraform locks on \"LockID\": every "
                      "plan and apply will fail to acquire the lock",
                      name, rule_attr_text(ctx, &hk));
            rule_related(ctx, &a, "the backend locks with table %s", name);
        } else if (!type || strcmp(type, "S")) {
            tf_report(ctx, t, "attribute", "declare attribute { name = \"LockID\", type = \"S\" }",
                      "lock table %s declares LockID as type %s, but Terraform writes a string "
                      "(S)",
                      name, type ? type : "nothing");
            rule_related(ctx, &a, "the backend locks with table %s", name);
        }
    }
}

/* ---- tf/plan-incomplete ---- */

static void check_plan_incomplete(struct rule_ctx *ctx, const struct subject *s)
{
    struct anchor a = {0};
    a.file = plan_file(s->plan);
    if (pval_is_true(plan_top(s->plan, "errored"))) {
        a.path = "errored";
        rule_report(ctx, &a, "fix the error terraform plan reported and plan again",
                    "the plan errored: it shows only part of the changes an apply would make");
    }
    if (pval_is_false(plan_top(s->plan, "complete"))) {
        a.path = "complete";
        rule_report(ctx, &a,
                    "plan without -target (or apply until no deferred changes remain) "
                    "before reviewing",
                    "the plan is incomplete (targeted with -target, or changes deferred): the "
                    "review does not see everything the next apply will do");
    }
}

/* ---- tf/terraform-version ---- */

/* A constraint to check the plan against, and where it was stated. */
struct tf_want {
    const char *constraint, *written, *what;
    struct anchor at; /* the file (and line) stating it; file NULL for the configured option */
};

/* The versions the run's workflows give hashicorp/setup-terraform (up to cap; distinct). */
static size_t workflow_pins(struct rule_ctx *ctx, const struct project *p, struct tf_want *out,
                            size_t cap)
{
    size_t n = 0;
    for (size_t w = 0; p && w < p->nwfs; w++) {
        const struct workflow *wf = p->wfs[w];
        for (size_t j = 0; j < wf->njobs; j++)
            for (size_t k = 0; k < wf->jobs[j].nsteps; k++) {
                const struct wf_step *st = &wf->jobs[j].steps[k];
                if (!st->uses || strncmp(st->uses, "hashicorp/setup-terraform", 25) ||
                    (st->uses[25] && st->uses[25] != '@'))
                    continue;
                struct yref v = yref_get(st->with, "terraform_version");
                const char *written = yref_str(v);
                char *c = tfpin_constraint(written, 1);
                if (!c)
                    continue; /* unset ("latest") or an expression: states no version */
                const char *keep = arena_strdup(rule_arena(ctx), c);
                free(c);
                int dup = 0;
                for (size_t i = 0; i < n && !dup; i++)
                    dup = !strcmp(out[i].constraint, keep);
                if (dup || n == cap)
                    continue;
                out[n].constraint = keep;
                out[n].written = written;
                out[n].what = "hashicorp/setup-terraform";
                memset(&out[n].at, 0, sizeof(out[n].at));
                out[n].at.file = wf->file;
                out[n].at.line = yref_line(v);
                out[n].at.col = yref_col(v);
                n++;
            }
    }
    return n;
}

static void check_terraform_version(struct rule_ctx *ctx, const struct subject *s)
{
    const char *v = plan_terraform_version(s->plan);
    struct anchor a = {0};
    a.file = plan_file(s->plan);
    a.path = "terraform_version";
    if (!v)
        return;
    struct tf_want want[8];
    size_t n = 0;
    const struct tfpin *pin = plan_pin(s->plan);
    if (*rule_opt_str(ctx, "constraint")) {
        memset(&want[0], 0, sizeof(want[0]));
        want[0].constraint = want[0].written = rule_opt_str(ctx, "constraint");
        want[0].what = "the configured constraint";
        n = 1;
    } else if (pin) {
        memset(&want[0], 0, sizeof(want[0]));
        want[0].constraint = pin->constraint;
        want[0].written = pin->written;
        want[0].what = pin->what;
        want[0].at.file = pin->file;
        want[0].at.line = pin->line;
        n = 1;
    } else {
        n = workflow_pins(ctx, s->project, want, ARRAY_SIZE(want));
    }
    if (!n)
        return rule_skip(ctx, &a, NULL,
                         "no version constraint: none configured, none in .terraform-version, "
                         ".tool-versions, required_version or setup-terraform");
    for (size_t i = 0; i < n; i++) {
        if (version_satisfies(want[i].constraint, v) != 0) {
            char *why = xstrfmt("nothing to report: Terraform %s satisfies %s (%s%s%s)", v,
                                want[i].constraint, want[i].what, want[i].at.file ? " in " : "",
                                want[i].at.file ? want[i].at.file : "");
            rule_skip(ctx, &a, NULL, why);
            free(why);
            return;
        }
    }
    char fix[256];
    snprintf(fix, sizeof(fix),
             "plan with a Terraform release matching %s, or update %s when the team upgrades",
             want[0].constraint, want[0].at.file ? want[0].what : "the `constraint` option");
    if (!strcmp(want[0].constraint, want[0].written))
        rule_report(ctx, &a, fix, "planned with Terraform %s, outside %s required by %s", v,
                    want[0].constraint, want[0].what);
    else
        rule_report(ctx, &a, fix, "planned with Terraform %s, outside %s: %s states %s", v,
                    want[0].constraint, want[0].what, want[0].written);
    for (size_t i = 0; i < n; i++)
        if (want[i].at.file)
            rule_related(ctx, &want[i].at, "%s states %s", want[i].what, want[i].written);
}

static const struct rule_option terraform_version_options[] = {
    {"constraint", OPT_STRING, "",
     "Terraform version constraint the plan must satisfy (empty: the one the repository states)"},
    {0},
};

const struct rule tf_state_rules[] = {
    {
        .id = "tf/backend-remote",
        .title = "State is kept in a remote backend",
        .severity = SEV_ERROR,
        .kinds = KIND_BACKEND,
        .scope = SCOPE_STAGED,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_backend_remote,
        .help = "Staging and production state must live in a remote backend (S3 with locking; "
                "`cloud`, `remote`, `gcs`, `azurerm` and pluggable `state_store`s pass too) "
                "so that it is shared, locked and backed up. A `.terraform/` directory without "
                "`terraform.tfstate` is what `terraform init` leaves with the implicit local "
                "backend. Without any `.terraform/` (a plan on stdin) this rule cannot run and "
                "the report says so.\n\n"
                "Fix: declare `backend \"s3\"` with `encrypt = true` and `use_lockfile = true` "
                "(or `dynamodb_table`), then `terraform init -migrate-state`.",
    },
    {
        .id = "tf/backend-locking",
        .title = "The S3 backend locks the state",
        .severity = SEV_ERROR,
        .kinds = KIND_BACKEND,
        .scope = SCOPE_ALL,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_backend_locking,
        .help = "An S3 backend without `dynamodb_table` or `use_lockfile = true` has no state "
                "locking: two applies running at once (two CI jobs, a person and CI) both read "
                "the old state and the second write wins, losing resources from the state.\n\n"
                "Fix: set `use_lockfile = true` (Terraform 1.10+, S3 native locking) or "
                "`dynamodb_table` naming a table with hash key `LockID` of type `S`.",
    },
    {
        .id = "tf/backend-encryption",
        .title = "The S3 backend encrypts the state",
        .security_severity = "7.5",
        .severity = SEV_ERROR,
        .kinds = KIND_BACKEND,
        .scope = SCOPE_ALL,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_backend_encryption,
        .help = "Terraform state holds every secret Terraform ever saw (database passwords, "
                "keys) in plain text. An S3 backend without `encrypt = true` or `kms_key_id` "
                "does not ask S3 to encrypt it.\n\n"
                "Fix: set `encrypt = true`, and `kms_key_id` for a customer-managed KMS key.",
    },
    {
        .id = "tf/backend-credentials",
        .title = "The backend config holds no credentials and keeps TLS on",
        .security_severity = "9.0",
        .severity = SEV_ERROR,
        .kinds = KIND_BACKEND,
        .scope = SCOPE_ALL,
        .origin = "security",
        .check = check_backend_credentials,
        .help = "`terraform init` copies the backend configuration, the values of "
                "`-backend-config` included, into `.terraform/terraform.tfstate`: a literal "
                "credential there turns that file and every CI cache of it into a secret. Only "
                "credentials read from the environment stay out of it. Outside development, "
                "switches that turn off TLS verification or the backend's checks are reported "
                "too.\n\n"
                "Credentials are the arguments Terraform documents as such for the backend "
                "type: `access_key`, `secret_key`, `token`, `sse_customer_key` and the web "
                "identity token for s3; `access_key`, `sas_token`, `client_secret`, "
                "`client_certificate` and the OIDC tokens for azurerm; a `credentials` key JSON "
                "(not a key file's path), `access_token` and `encryption_key` for gcs; a "
                "password in `conn_str` for pg; `password` and `client_private_key_pem` for "
                "http; the tokens and keys of remote, cloud, consul, kubernetes, cos, oss and "
                "oci. One finding per backend file names them, never their values, in every "
                "environment; placeholders (LocalStack's `test`, `changeme`, `<token>`, `$VAR`) "
                "are not credentials. The switches: `insecure` and `skip_cert_verification` "
                "(TLS), and on AWS itself `skip_credentials_validation`, "
                "`skip_region_validation` and `skip_s3_checksum` (an S3-compatible store named by "
                "`endpoint` or `endpoints.s3` needs them, so they are not reported there).\n\n"
                "Fix: pass credentials through the environment, a profile, an assumed role or "
                "workload identity, re-run `terraform init` (then rotate the leaked ones); "
                "remove the switches outside local development.",
    },
    {
        .id = "tf/backend-lock-deprecated",
        .title = "S3 locking uses the native lock file on Terraform 1.11+",
        .severity = SEV_NOTE,
        .kinds = KIND_BACKEND,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "Terraform 1.11 changelog",
        .check = check_backend_lock_deprecated,
        .help = "Terraform 1.11 deprecated DynamoDB-based locking for the S3 backend in favour "
                "of S3's native conditional writes (`use_lockfile = true`). The Terraform "
                "version comes from the backend file, else from the plan. Older versions have "
                "no native lock file, so nothing is said there.\n\n"
                "Fix: set `use_lockfile = true`; keep `dynamodb_table` alongside it only while "
                "older Terraform versions still use the same state.",
    },
    {
        .id = "tf/state-bucket-hardening",
        .title = "The state bucket is versioned, encrypted and not public",
        .security_severity = "7.5",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .flags = RULE_NEEDS_BACKEND,
        .scope = SCOPE_ALL,
        .origin = "Terraform 1.6.x, remote state with locking; CKV_AWS_21, "
                  "CKV_AWS_145, CKV2_AWS_6",
        .check = check_state_bucket,
        .help = "When the plan manages the bucket the backend keeps state in, that bucket must "
                "have versioning `Enabled` (to recover an overwritten or deleted state), default "
                "encryption, and a public access block with all four settings true (an "
                "account-wide `aws_s3_account_public_access_block` also counts). The separate "
                "resources of AWS provider v4+ are joined to the bucket by their `bucket` "
                "reference or name, in any module; the inline blocks of provider v3 count "
                "too.\n\n"
                "Fix: add `aws_s3_bucket_versioning` (status `Enabled`), "
                "`aws_s3_bucket_server_side_encryption_configuration` and "
                "`aws_s3_bucket_public_access_block` for the state bucket.",
    },
    {
        .id = "tf/lock-table-schema",
        .title = "The DynamoDB lock table has hash key LockID of type S",
        .severity = SEV_ERROR,
        .kinds = KIND_PLAN,
        .flags = RULE_NEEDS_BACKEND,
        .scope = SCOPE_ALL,
        .origin = "Terraform 1.6.x, remote state with locking",
        .check = check_lock_table,
        .help = "Terraform's S3 backend writes lock items keyed by a string attribute named "
                "`LockID`. When the plan manages the table named as `dynamodb_table` and it has "
                "another hash key or type, every plan and apply fails to take the lock.\n\n"
                "Fix: `hash_key = \"LockID\"` and `attribute { name = \"LockID\" type = \"S\" }`.",
    },
    {
        .id = "tf/plan-incomplete",
        .title = "The plan is complete",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "security review of plan output",
        .check = check_plan_incomplete,
        .help = "A plan with `errored: true` stopped part-way; one with `complete: false` was "
                "made with `-target` or has deferred changes. Either way the reviewed plan is "
                "not everything the next apply will do, and checks on it are partial.\n\n"
                "Fix: fix the error, or plan without `-target`, and review the full plan.",
    },
    {
        .id = "tf/terraform-version",
        .title = "The plan was made with the Terraform version the repository pins",
        .severity = SEV_WARNING,
        .kinds = KIND_PLAN,
        .scope = SCOPE_ALL,
        .origin = "Terraform 1.6.x, remote state with locking",
        .options = terraform_version_options,
        .check = check_terraform_version,
        .help =
            "A plan made by another Terraform release than the one the team runs may upgrade the "
            "state so that the pinned release can no longer read it, or behave differently "
            "from what CI applies. The constraint is the configured one (option "
            "`constraint`, Terraform syntax: `~> 1.6.0`, `>= 1.5, < 1.8`), else the one the "
            "repository states, first found of: `.terraform-version` (tfenv; in the plan's "
            "directory or a parent up to the repository root), `.tool-versions` (asdf/mise "
            "`terraform` line, same places), the `required_version` lines of the `*.tf` files "
            "beside the plan (all of them, as Terraform requires), the `terraform_version` "
            "that the run's workflows give `hashicorp/setup-terraform` (the plan must match "
            "one of them; npm ranges such as `~1.6` or `1.6.x` are understood; unset means "
            "latest and states nothing). An exact version such as `1.6.6` accepts any "
            "1.6.x patch: patches do not change the state format. A pre-release matches "
            "only an exact constraint. No constraint known: nothing is reported, and "
            "`--verbose` says so (and, when checked, which constraint and where it came "
            "from).\n\n"
            "Fix: plan with the pinned release (setup-terraform `terraform_version`, tfenv, "
            "asdf), or update the pin when the team upgrades.",
    },
    {0},
};
