/* test_redact.c — the scrubber (whole tokens, longest first, overlaps, fields), what cannot be a
 * secret, credential keys by meaning, the plan's structural masks, and the cost of scrubbing. */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "infralint/redact.h"
#include "infralint/strbuf.h"
#include "tfjson.h"

/* Scrub text with s (field f): the result, or the text itself when unchanged (caller frees). */
static char *scrub(const struct redact_set *s, const char *text, enum redact_field f)
{
    char *out = redact_scrub(s, text, strlen(text), f);
    return out ? out : strdup(text);
}

static void expect(const struct redact_set *s, const char *text, enum redact_field f,
                   const char *want, int line)
{
    char *got = scrub(s, text, f);
    if (strcmp(got, want)) {
        check_fail++;
        printf("FAIL test_redact.c:%d: scrub(\"%s\") == \"%s\", want \"%s\"\n", line, text, got,
               want);
    } else {
        check_pass++;
    }
    free(got);
}
#define EXPECT(s, text, f, want) expect(s, text, f, want, __LINE__)

static void add(struct redact_set *s, const char *v, enum redact_origin o)
{
    redact_set_add(s, v, strlen(v), o);
}

static void test_longest_and_overlaps(void)
{
    struct redact_set *s = redact_set_new();
    /* a secret inside another one: the outer one wins, whatever the sorted order */
    add(s, "s3cretpw", REDACT_PLAN);
    add(s, "postgres://app:s3cretpw@db.internal/orders", REDACT_PLAN);
    add(s, "Alpha", REDACT_PLAN);
    add(s, "Alpha-Bravo-Charlie", REDACT_PLAN);
    EXPECT(s, "url postgres://app:s3cretpw@db.internal/orders here", REDACT_TEXT,
           "url (sensitive) here");
    EXPECT(s, "pw s3cretpw, url postgres://app:s3cretpw@db.other", REDACT_TEXT,
           "pw (sensitive), url postgres://app:(sensitive)@db.other");
    EXPECT(s, "[Alpha-Bravo-Charlie]", REDACT_TEXT, "[(sensitive)]");
    EXPECT(s, "'Alpha' and 'Alpha-Bravo'", REDACT_TEXT, "'(sensitive)' and '(sensitive)-Bravo'");
    /* overlapping matches are all covered */
    add(s, "k3y:one", REDACT_PLAN);
    add(s, "one:tw0", REDACT_PLAN);
    EXPECT(s, "x k3y:one:tw0 y", REDACT_TEXT, "x (sensitive) y");
    /* scrubbing twice changes nothing (the mark is skipped) */
    add(s, "sitive", REDACT_PLAN);
    EXPECT(s, "(sensitive) and sitive", REDACT_TEXT, "(sensitive) and (sensitive)");
    CHECK(redact_set_count(s) == 7);
    CHECK(redact_set_has(s, "Alpha", 5) && !redact_set_has(s, "Alph", 4));
    redact_set_free(s);
}

static void test_tokens(void)
{
    struct redact_set *s = redact_set_new();
    add(s, "hunter2", REDACT_WORKFLOW);
    add(s, "orders", REDACT_PLAN);
    /* part of another word is left alone; a sentence's period, quotes, `=`, `:` end a token */
    EXPECT(s, "hunter22 xhunter2 hunter2-x hunter2_x", REDACT_TEXT,
           "hunter22 xhunter2 hunter2-x hunter2_x");
    EXPECT(s, "is hunter2. 'hunter2' k=hunter2; u:hunter2@h", REDACT_TEXT,
           "is (sensitive). '(sensitive)' k=(sensitive); u:(sensitive)@h");
    /* an address segment or a host name part is not a token of its own (a workflow's literal
     * in text, any secret in a location); a plan's secret in text is replaced wherever it is */
    add(s, "deploy-kx9", REDACT_WORKFLOW);
    EXPECT(s, "jobs.deploy-kx9.steps and deploy-kx9.internal", REDACT_TEXT,
           "jobs.deploy-kx9.steps and deploy-kx9.internal");
    EXPECT(s, "aws_db_instance.orders and orders.internal", REDACT_LOCATION,
           "aws_db_instance.orders and orders.internal");
    EXPECT(s, "xxxxorders-replica", REDACT_TEXT, "xxxx(sensitive)-replica");
    /* a document value a policy reads: every occurrence */
    EXPECT(s, "mysql -phunter2", REDACT_VALUE, "mysql -p(sensitive)");
    EXPECT(s, "mysql -phunter2", REDACT_TEXT, "mysql -phunter2");
    /* locations: only plan and backend secrets (a for_each key), never a workflow's */
    EXPECT(s, "aws_x.y[\"orders\"]", REDACT_LOCATION, "aws_x.y[\"(sensitive)\"]");
    EXPECT(s, "jobs.hunter2", REDACT_LOCATION, "jobs.hunter2");
    redact_set_free(s);
}

static void test_not_secrets(void)
{
    static const char *const never[] = {
        "true",     "false",      "test",     "TEST",    "dummy",     "changeme",
        "example",  "localstack", "password", "1234567", "3.14",      "xxxxxxxx",
        "********", "<token>",    "${TOKEN}", "$TOKEN",  "minioadmin"};
    struct redact_set *s = redact_set_new();
    for (size_t i = 0; i < sizeof(never) / sizeof(*never); i++) {
        add(s, never[i], REDACT_WORKFLOW);
        CHECK(!redact_can_be_secret(never[i], strlen(never[i])));
    }
    add(s, "pw1", REDACT_WORKFLOW); /* too short for text (views mask it by structure) */
    CHECK(redact_set_count(s) == 0);
    EXPECT(s, "no workflow runs tests: changes reach main untested (unit-test)", REDACT_TEXT,
           "no workflow runs tests: changes reach main untested (unit-test)");
    CHECK(redact_can_be_secret("hunter2", 7) && redact_can_be_secret("AKIA0123456789ABCDEF", 20));
    CHECK(redact_placeholder("changeme", 8) && !redact_placeholder("4242", 4));
    redact_set_free(s);
}

static void test_keys(void)
{
    static const char *const yes[] = {"password",       "db_password",       "secret_key",
                                      "token",          "client_key",        "sse_customer_key",
                                      "http_auth",      "oidc_token",        "secret_id",
                                      "encryption_key", "conn_str",          "accessToken",
                                      "credentials",    "web_identity_token"};
    static const char *const no[] = {"key",
                                     "kms_key_id",
                                     "kms_encryption_key",
                                     "key_file",
                                     "oidc_token_file_path",
                                     "secret_suffix",
                                     "bucket",
                                     "region",
                                     "use_azuread_auth",
                                     "web_identity_token_file"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
        CHECK(redact_credential_key(yes[i]));
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
        CHECK(!redact_credential_key(no[i]));
    CHECK(redact_backend_secret("s3", "assume_role_with_web_identity.web_identity_token"));
    CHECK(redact_backend_secret("http", "client_private_key_pem"));
    CHECK(!redact_backend_secret("s3", "bucket") && !redact_backend_secret("gcs", "prefix"));
}

/* What tf/backend-credentials reports: every documented credential argument of
 * tests/backend-secrets.txt holding a literal, in the form that holds the secret itself; not
 * placeholders, paths, references, or arguments outside the table. */
static void test_backend_literal(void)
{
    FILE *f = fopen("tests/backend-secrets.txt", "r");
    CHECK(f != NULL);
    char line[256], type[64], arg[128];
    size_t n = 0;
    while (f && fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || sscanf(line, "%63s %127s", type, arg) != 2)
            continue;
        const char *v = !strcmp(arg, "credentials") ? "{\"type\": \"service_account\"}"
                        : !strcmp(arg, "conn_str")  ? "postgres://tf:Pg-Secr3t@db/tfstate"
                        : !strcmp(arg, "http_auth") ? "terraform:c0nsul-Pw"
                                                    : "kT8v2Qp0Lm4Nx6Rz1Bw9Yc3H";
        int ok = redact_backend_literal(type, arg, v) &&
                 !redact_backend_literal(type, arg, "test") &&
                 !redact_backend_literal(type, arg, "") && !redact_backend_literal("local", arg, v);
        if (!ok)
            printf("FAIL backend literal: %s %s\n", type, arg);
        CHECK(ok);
        n++;
    }
    if (f)
        fclose(f);
    CHECK(n >= 39); /* every line of the file was read */
    /* forms that hold no secret */
    CHECK(!redact_backend_literal("gcs", "credentials", "/secrets/backend.json"));
    CHECK(redact_backend_literal("gcs", "credentials", "  {\"private_key\": \"x\"}"));
    CHECK(!redact_backend_literal("pg", "conn_str", "postgres://tf@db:5432/tfstate"));
    CHECK(!redact_backend_literal("pg", "conn_str", "postgres://tf:changeme@db/tfstate"));
    CHECK(redact_backend_literal("pg", "conn_str",
                                 "host=db user=tf password=Pg-Secr3t sslmode=require"));
    CHECK(!redact_backend_literal("pg", "conn_str", "host=db user=tf password=$PGPASSWORD"));
    CHECK(!redact_backend_literal("consul", "http_auth", "terraform"));
    CHECK(!redact_backend_literal("consul", "http_auth", "terraform:<password>"));
    /* not in the table: references, paths and key-name guesses */
    CHECK(
        !redact_backend_literal("gcs", "kms_encryption_key", "projects/p/locations/l/keyRings/r"));
    CHECK(!redact_backend_literal("azurerm", "client_secret_file_path", "/run/secrets/arm"));
    CHECK(!redact_backend_literal("s3", "db_password", "kT8v2Qp0Lm4Nx6Rz1Bw9Yc3H"));
    CHECK(!redact_backend_literal("s3", "web_identity_token", "kT8v2Qp0Lm4Nx6Rz1Bw9Yc3H"));
    CHECK(!redact_backend_literal(NULL, "access_key", "kT8v2Qp0Lm4Nx6Rz1Bw9Yc3H"));
}

/* A plan with sensitive values in configuration sections only (no resource change marks them). */
static void test_plan_structure(void)
{
    const char *text =
        "{\"format_version\":\"1.2\",\"variables\":{\"pw\":{\"value\":\"cnry1\"}},"
        "\"resource_changes\":[{\"address\":\"aws_db_instance.main\",\"mode\":\"managed\","
        "\"type\":\"aws_db_instance\",\"name\":\"main\",\"change\":{\"actions\":[\"create\"],"
        "\"before\":null,\"after\":{\"port\":5432},\"after_unknown\":{},"
        "\"before_sensitive\":false,\"after_sensitive\":{\"password\":true,\"port\":true}}}],"
        "\"output_changes\":{\"db\":{\"after\":\"aws_db_instance.main\","
        "\"after_sensitive\":true}},\"resource_drift\":[{\"address\":\"x.y\",\"change\":{\"after\":"
        "{\"pw\":"
        "\"drift-secret-6\"},\"after_sensitive\":{\"pw\":true}}}],\"deferred_changes\":[{"
        "\"reason\":\"provider_config_unknown\",\"resource_change\":{\"change\":{\"after\":"
        "{\"pw\":\"defer-secret-7\"},\"after_sensitive\":{\"pw\":true}}}}],"
        "\"configuration\":{\"provider_config\":{\"aws\":{\"name\":\"aws\",\"expressions\":"
        "{\"secret_key\":{\"constant_value\":\"prov-secret-1\"},\"region\":{\"constant_value\":"
        "\"eu-west-1\"},\"assume_role\":[{\"external_id\":{\"constant_value\":\"ext-1\"},"
        "\"session_token\":{\"constant_value\":\"prov-token-2\"}}]}}},\"root_module\":{"
        "\"variables\":{\"pw\":{\"sensitive\":true,\"default\":\"dflt-secret-3\"}},"
        "\"resources\":[{\"address\":\"aws_db_instance.main\",\"mode\":\"managed\","
        "\"type\":\"aws_db_instance\",\"name\":\"main\",\"expressions\":{\"password\":"
        "{\"constant_value\":\"cfg-secret-4\"},\"port\":{\"constant_value\":5432},"
        "\"identifier\":{\"references\":[\"var.pw\",\"aws_db_instance.other\"]}}}],"
        "\"module_calls\":{\"db\":{\"source\":\"./db\",\"expressions\":{\"master_pw\":"
        "{\"constant_value\":\"call-secret-5\"},\"name\":{\"constant_value\":\"orders\"}},"
        "\"module\":{\"variables\":{\"master_pw\":{\"sensitive\":true}}}}}}}}";
    struct diag_list d = {0};
    struct tfjson_result r;
    tfjson_load("p.json", text, strlen(text), TFJSON_EXPLICIT, &r, &d);
    CHECK(r.kind == TFJSON_PLAN && d.n == 0);
    struct redact_set *s = redact_set_new();
    redact_plan_collect(r.plan, s);
    static const char *const secret[] = {"cnry1",         "prov-secret-1", "prov-token-2",
                                         "dflt-secret-3", "cfg-secret-4",  "call-secret-5"};
    for (size_t i = 0; i < sizeof(secret) / sizeof(*secret); i++)
        CHECK(redact_set_has(s, secret[i], strlen(secret[i])));
    /* never a region, a name, or an address that a sensitive expression references */
    CHECK(!redact_set_has(s, "eu-west-1", 9) && !redact_set_has(s, "orders", 6));
    CHECK(!redact_set_has(s, "aws_db_instance.other", 21) && !redact_set_has(s, "var.pw", 6));
    CHECK(!redact_set_has(s, "aws_db_instance.main", 20)); /* a sensitive output naming it */
    CHECK(redact_set_count(s) == 8);
    /* by structure: the sensitive port's constant (a number) and the short variable value */
    const struct pval *root = plan_root(r.plan, 1);
    struct redact_mask m = redact_plan_root();
    struct redact_mask cfg = redact_plan_step(r.plan, m, root, "configuration", 0);
    const struct pval *cv = pval_get(root, "configuration");
    struct redact_mask rm = redact_plan_step(r.plan, cfg, cv, "root_module", 0);
    cv = pval_get(cv, "root_module");
    struct redact_mask res = redact_plan_step(r.plan, rm, cv, "resources", 0);
    cv = pval_get(cv, "resources");
    struct redact_mask one = redact_plan_step(r.plan, res, cv, NULL, 0);
    cv = pval_idx(cv, 0);
    struct redact_mask ex = redact_plan_step(r.plan, one, cv, "expressions", 0);
    cv = pval_get(cv, "expressions");
    struct redact_mask port = redact_plan_step(r.plan, ex, cv, "port", 0);
    CHECK(redact_plan_step(r.plan, port, pval_get(cv, "port"), "constant_value", 0).kind ==
          MASK_SECRET);
    struct redact_mask ident = redact_plan_step(r.plan, ex, cv, "identifier", 0);
    CHECK(redact_plan_step(r.plan, ident, pval_get(cv, "identifier"), "references", 0).kind ==
          MASK_NONE);
    struct redact_mask vars = redact_plan_step(r.plan, m, root, "variables", 0);
    const struct pval *vv = pval_get(root, "variables");
    struct redact_mask pw = redact_plan_step(r.plan, vars, vv, "pw", 0);
    CHECK(redact_plan_step(r.plan, pw, pval_get(vv, "pw"), "value", 0).kind == MASK_SECRET);
    redact_set_free(s);
    plan_free(r.plan);
    diag_release(&d);
}

/* Tens of thousands of secrets and 10,000 finding-sized texts: well under 0.1 s of CPU (the
 * ThreadSanitizer build is an order of magnitude slower: it gets ten times the budget). */
#if defined(__SANITIZE_THREAD__)
#define SCRUB_BUDGET 1.0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SCRUB_BUDGET 1.0
#endif
#endif
#ifndef SCRUB_BUDGET
#define SCRUB_BUDGET 0.1
#endif
static void test_cost(void)
{
    enum { NSECRETS = 50000, NTEXTS = 10000 };
    struct redact_set *s = redact_set_new();
    char **v = malloc(NSECRETS * sizeof(*v));
    for (int i = 0; i < NSECRETS; i++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "pw-%08x-%d", (unsigned)i * 2654435761u, i);
        v[i] = strdup(buf);
        add(s, v[i], REDACT_PLAN);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    size_t hits = 0;
    for (int i = 0; i < NTEXTS; i++) {
        char text[256];
        snprintf(text, sizeof(text),
                 "aws_db_instance.orders_%d: error: multi_az is false: a single-AZ production "
                 "database is down for the whole of an AZ outage (password %s)",
                 i, i % 100 ? "unset" : v[i]);
        char *out = redact_scrub(s, text, strlen(text), REDACT_TEXT);
        hits += out != NULL;
        free(out);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(hits == NTEXTS / 100);
    CHECK(secs < SCRUB_BUDGET);
    if (secs >= SCRUB_BUDGET)
        printf("scrubbing took %.3f s of CPU\n", secs);
    for (int i = 0; i < NSECRETS; i++)
        free(v[i]);
    free(v);
    redact_set_free(s);
}

int main(void)
{
    test_longest_and_overlaps();
    test_tokens();
    test_not_secrets();
    test_keys();
    test_backend_literal();
    test_plan_structure();
    test_cost();
    return DONE("redact");
}
