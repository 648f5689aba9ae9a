/* redact_backend.c — credentials by what a key means: the arguments Terraform documents as
 * credentials for each backend type (terraform init writes them into
 * .terraform/terraform.tfstate), and credential-like key names anywhere else (provider
 * configuration, backends this table does not know). */
#include <string.h>

#include "infralint/backend.h"
#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

int redact_credential_key(const char *key)
{
    /* whole names, or the last `_` part(s) of one: db_password, client_secret, oidc_token */
    static const char *const terms[] = {
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "api_key",
        "apikey",
        "access_key",
        "secret_key",
        "private_key",
        "client_key",
        "client_secret",
        "encryption_key",
        "customer_key",
        "credentials",
        "conn_str",
        "connection_string",
        "http_auth",
        "secret_id",
        "key_material",
        "sas_token",
        "master_key",
        "account_key",
        "auth_token",
        "client_certificate",
    };
    /* credential-sounding names that hold a reference, not the secret */
    static const char *const not_secret[] = {"kms_encryption_key", "kms_key_id", "secret_suffix",
                                             "token_validity_units"};
    char norm[128];
    redact_key_norm(key, norm, sizeof(norm));
    for (size_t i = 0; i < ARRAY_SIZE(not_secret); i++)
        if (!strcmp(norm, not_secret[i]))
            return 0;
    return redact_key_named(key, terms, ARRAY_SIZE(terms));
}

/* The documented credential arguments, per backend type (Terraform's backend documentation and
 * the backends' configuration schemas; types removed in 1.3 included for older working
 * directories). "*" applies to every type. */
static const struct {
    const char *type, *path;
} documented[] = {
    {"s3", "access_key"},
    {"s3", "secret_key"},
    {"s3", "token"},
    {"s3", "sse_customer_key"},
    {"s3", "assume_role_with_web_identity.web_identity_token"},
    {"azurerm", "access_key"},
    {"azurerm", "sas_token"},
    {"azurerm", "client_secret"},
    {"azurerm", "client_certificate"},
    {"azurerm", "client_certificate_password"},
    {"azurerm", "oidc_token"},
    {"azurerm", "oidc_request_token"},
    {"gcs", "credentials"},
    {"gcs", "access_token"},
    {"gcs", "encryption_key"},
    {"consul", "access_token"},
    {"consul", "http_auth"},
    {"cos", "secret_id"},
    {"cos", "secret_key"},
    {"cos", "security_token"},
    {"oss", "access_key"},
    {"oss", "secret_key"},
    {"oss", "security_token"},
    {"pg", "conn_str"},
    {"http", "password"},
    {"http", "client_private_key_pem"},
    {"kubernetes", "password"},
    {"kubernetes", "client_key"},
    {"kubernetes", "token"},
    {"oci", "private_key"},
    {"oci", "private_key_password"},
    {"oci", "sse_customer_key"},
    {"remote", "token"},
    {"cloud", "token"},
    {"etcdv3", "password"},
    {"etcd", "password"},
    {"artifactory", "password"},
    {"swift", "password"},
    {"swift", "application_credential_secret"},
    {"manta", "key_material"},
};

int redact_backend_secret(const char *type, const char *path)
{
    for (size_t i = 0; i < ARRAY_SIZE(documented); i++)
        if ((!type || !strcmp(type, documented[i].type)) && !strcmp(path, documented[i].path))
            return 1;
    const char *last = strrchr(path, '.');
    return redact_credential_key(last ? last + 1 : path);
}

/* Strings under a backend config value at path (sb holds the path). */
static void collect(const char *type, const struct pval *v, struct strbuf *path, int secret,
                    struct redact_set *s, int depth)
{
    if (depth > 32)
        return;
    if (pval_type(v) == PV_STRING && secret) {
        redact_set_add(s, pval_str(v), strlen(pval_str(v)), REDACT_BACKEND);
    } else if (pval_type(v) == PV_ARRAY) {
        for (size_t i = 0; i < pval_len(v); i++)
            collect(type, pval_idx(v, i), path, secret, s, depth + 1);
    } else if (pval_type(v) == PV_OBJECT) {
        void *it = NULL;
        const char *k;
        const struct pval *x;
        size_t len = path->len;
        while (pval_next(v, &it, &k, &x)) {
            strbuf_addf(path, "%s%s", len ? "." : "", k);
            collect(type, x, path, secret || redact_backend_secret(type, path->buf), s, depth + 1);
            strbuf_setlen(path, len);
        }
    }
}

void redact_backend_collect(const struct backend *b, struct redact_set *s)
{
    if (!b)
        return;
    struct strbuf path = STRBUF_INIT;
    collect(b->type, b->config, &path, 0, s, 0);
    strbuf_release(&path);
}
