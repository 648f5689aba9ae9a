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

/* What a documented credential argument holds: the secret itself, or a form that holds it only
 * sometimes (then only that form is a literal credential for tf/backend-credentials; the
 * redaction masks the value whatever its form). */
enum cred_form {
    CRED_VALUE = 0, /* the credential itself */
    CRED_KEY_JSON,  /* gcs credentials: a key file's path, or the key's JSON itself */
    CRED_CONN_STR,  /* pg conn_str: a connection string, which may hold a password */
    CRED_USER_PASS  /* consul http_auth: "user" or "user:pass" */
};

/* The documented credential arguments, per backend type (Terraform's backend documentation and
 * the backends' configuration schemas; types removed in 1.3 included for older working
 * directories). tests/backend-secrets.txt lists the same. */
static const struct {
    const char *type, *path;
    enum cred_form form;
} documented[] = {
    {"s3", "access_key", CRED_VALUE},
    {"s3", "secret_key", CRED_VALUE},
    {"s3", "token", CRED_VALUE},
    {"s3", "sse_customer_key", CRED_VALUE},
    {"s3", "assume_role_with_web_identity.web_identity_token", CRED_VALUE},
    {"azurerm", "access_key", CRED_VALUE},
    {"azurerm", "sas_token", CRED_VALUE},
    {"azurerm", "client_secret", CRED_VALUE},
    {"azurerm", "client_certificate", CRED_VALUE},
    {"azurerm", "client_certificate_password", CRED_VALUE},
    {"azurerm", "oidc_token", CRED_VALUE},
    {"azurerm", "oidc_request_token", CRED_VALUE},
    {"gcs", "credentials", CRED_KEY_JSON},
    {"gcs", "access_token", CRED_VALUE},
    {"gcs", "encryption_key", CRED_VALUE},
    {"consul", "access_token", CRED_VALUE},
    {"consul", "http_auth", CRED_USER_PASS},
    {"cos", "secret_id", CRED_VALUE},
    {"cos", "secret_key", CRED_VALUE},
    {"cos", "security_token", CRED_VALUE},
    {"oss", "access_key", CRED_VALUE},
    {"oss", "secret_key", CRED_VALUE},
    {"oss", "security_token", CRED_VALUE},
    {"pg", "conn_str", CRED_CONN_STR},
    {"http", "password", CRED_VALUE},
    {"http", "client_private_key_pem", CRED_VALUE},
    {"kubernetes", "password", CRED_VALUE},
    {"kubernetes", "client_key", CRED_VALUE},
    {"kubernetes", "token", CRED_VALUE},
    {"oci", "private_key", CRED_VALUE},
    {"oci", "private_key_password", CRED_VALUE},
    {"oci", "sse_customer_key", CRED_VALUE},
    {"remote", "token", CRED_VALUE},
    {"cloud", "token", CRED_VALUE},
    {"etcdv3", "password", CRED_VALUE},
    {"etcd", "password", CRED_VALUE},
    {"artifactory", "password", CRED_VALUE},
    {"swift", "password", CRED_VALUE},
    {"swift", "application_credential_secret", CRED_VALUE},
    {"manta", "key_material", CRED_VALUE},
};

int redact_backend_secret(const char *type, const char *path)
{
    for (size_t i = 0; i < ARRAY_SIZE(documented); i++)
        if ((!type || !strcmp(type, documented[i].type)) && !strcmp(path, documented[i].path))
            return 1;
    const char *last = strrchr(path, '.');
    return redact_credential_key(last ? last + 1 : path);
}

/* A connection string with a password that is not a placeholder: postgres://user:pass@host/…
 * or "… password=pass …". */
static int conn_str_password(const char *v)
{
    const char *scheme = strstr(v, "://");
    if (scheme) {
        const char *user = scheme + 3, *at = strchr(user, '@'), *colon = strchr(user, ':');
        const char *slash = strchr(user, '/');
        if (at && (!slash || at < slash) && colon && colon < at)
            return !redact_placeholder(colon + 1, (size_t)(at - colon - 1));
    }
    for (const char *p = v; (p = strstr(p, "password")); p += 8) {
        if (p != v && !strchr(" \t?&;", p[-1]))
            continue;
        const char *q = p + 8;
        while (*q == ' ')
            q++;
        if (*q++ != '=')
            continue;
        while (*q == ' ')
            q++;
        size_t n = strcspn(q, " &;");
        if (n && !redact_placeholder(q, n))
            return 1;
    }
    return 0;
}

int redact_backend_literal(const char *type, const char *path, const char *v)
{
    if (!type || !v || redact_placeholder(v, strlen(v)))
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(documented); i++) {
        if (strcmp(type, documented[i].type) || strcmp(path, documented[i].path))
            continue;
        switch (documented[i].form) {
        case CRED_VALUE: return 1;
        case CRED_KEY_JSON: return v[strspn(v, " \t\r\n")] == '{';
        case CRED_CONN_STR: return conn_str_password(v);
        case CRED_USER_PASS: {
            const char *colon = strchr(v, ':');
            return colon && !redact_placeholder(colon + 1, strlen(colon + 1));
        }
        }
    }
    return 0;
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
