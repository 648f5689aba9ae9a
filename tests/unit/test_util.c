/* test_util.c — strings, globs, paths, versions, environment classes, ignore comments. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "infralint/env.h"
#include "infralint/strbuf.h"
#include "infralint/suppress.h"
#include "infralint/util.h"
#include "infralint/version.h"

static void test_glob(void)
{
    CHECK(glob_match("tf/*", "tf/rds-multi-az"));
    CHECK(glob_match("aws_sqs_queue.*", "aws_sqs_queue.legacy"));
    CHECK(glob_match("*.legacy", "module.a.aws_sqs_queue.legacy"));
    CHECK(!glob_match("tf/*", "gha/job-timeout"));
    CHECK(glob_match("a?c", "abc"));
    CHECK(glob_match("[ab]x", "bx"));
    CHECK(!glob_match("[!ab]x", "bx"));
    CHECK(glob_match("a[", "a["));
    CHECK(glob_match("**", ""));
    CHECK(!glob_match("a", ""));
    CHECK(glob_match("module.db[\\[]*", "module.db[0]"));
}

static void test_strings(void)
{
    struct strbuf sb = STRBUF_INIT;
    CHECK_STR(sb.buf, "");
    strbuf_addf(&sb, "%d-%s", 7, "x");
    strbuf_addjson(&sb, "\"\n");
    CHECK_STR(sb.buf, "7-x\\\"\\n");
    strbuf_release(&sb);
    CHECK(edit_distance("kitten", "sitting") == 3);
    const char *cands[] = {"format", "output", "env"};
    CHECK_STR(did_you_mean("fromat", cands, 3), "format");
    CHECK(did_you_mean("zzzzzz", cands, 3) == NULL);
    char *d = path_dirname("a/b/c.json");
    CHECK_STR(d, "a/b");
    free(d);
    d = path_dirname("c.json");
    CHECK_STR(d, ".");
    free(d);
    d = path_join(".", "x");
    CHECK_STR(d, "x");
    free(d);
    CHECK_STR(path_basename("a/b/.terraform"), ".terraform");
}

static void test_versions(void)
{
    CHECK(version_satisfies("~> 1.6.0", "1.6.6") == 1);
    CHECK(version_satisfies("~> 1.6.0", "1.7.0") == 0);
    CHECK(version_satisfies("~> 1.6", "1.9.2") == 1);
    CHECK(version_satisfies("~> 1.6", "2.0.0") == 0);
    CHECK(version_satisfies(">= 1.5, < 1.8", "1.7.5") == 1);
    CHECK(version_satisfies(">= 1.5, < 1.8", "1.8.0") == 0);
    CHECK(version_satisfies("1.6.0", "1.6.0") == 1);
    CHECK(version_satisfies("~> 1.6.0", "1.6.0-beta1") == 0);
    CHECK(version_satisfies("= 1.6.0-beta1", "1.6.0-beta1") == 1);
    CHECK(version_satisfies("!= 1.6.1", "1.6.1") == 0);
    CHECK(version_satisfies("~> 1.6.0", "v1.6.3") == 1);
    CHECK(version_satisfies("banana", "1.6.0") == -1);
    CHECK(version_satisfies("~> 1.6.0", "not-a-version") == -1);
    struct semver a, b;
    CHECK(version_parse("1.6.0-rc1", &a) == 0 && version_parse("1.6.0", &b) == 0);
    CHECK(version_cmp(&a, &b) < 0);
}

static void test_env(void)
{
    struct env_patterns p;
    env_patterns_default(&p);
    CHECK(env_classify(&p, "prod") == ENV_PROD);
    CHECK(env_classify(&p, "orders-prod") == ENV_PROD);
    CHECK(env_classify(&p, "Production") == ENV_PROD);
    CHECK(env_classify(&p, "preprod") == ENV_STAGING);
    CHECK(env_classify(&p, "eu_staging.blue") == ENV_STAGING);
    CHECK(env_classify(&p, "sandbox") == ENV_DEV);
    CHECK(env_classify(&p, "prodigy") == ENV_UNKNOWN);
    CHECK(env_classify(&p, "prod-test") == ENV_UNKNOWN); /* ambiguous: never guess production */
    CHECK(env_classify(&p, "") == ENV_UNKNOWN);
    char *mine[] = {"blue"};
    env_patterns_set(&p, ENV_PROD, mine, 1);
    CHECK(env_classify(&p, "orders-blue") == ENV_PROD);
    CHECK(env_classify(&p, "prod") == ENV_UNKNOWN);
    env_patterns_release(&p);
}

static void test_suppress(void)
{
    struct inline_ignore ig;
    const char *err = NULL;
    const char *t = " infralint:ignore[gha/job-timeout, tf/*] long backfill, OPS-1 ";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == 1);
    CHECK(ig.nrules == 2);
    CHECK_STR(ig.rules[0], "gha/job-timeout");
    CHECK_STR(ig.rules[1], "tf/*");
    CHECK_STR(ig.reason, "long backfill, OPS-1");
    struct ignore_list l = {0};
    suppress_add(&l, "x.yml", 3, 5, &ig);
    CHECK(l.n == 1 && l.v[0].line == 3);
    suppress_release(&l);
    t = "infralint:ignore[sql/drop-table]";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == 1 && ig.reason == NULL);
    suppress_add(&l, "x.sql", 1, 1, &ig);
    suppress_release(&l);
    t = "infralint:ignore sql/drop-table";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == -1 && err);
    t = "infralint:ignore[]";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == -1);
    t = "just a comment about infralint:ignore";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == 0);
    t = "infralint:ignored[x]";
    CHECK(suppress_parse(t, strlen(t), &ig, &err) == 0);
}

static void test_file_read(void)
{
    char path[] = "/tmp/infralint-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789abcdefghij", 20) == 20);
    close(fd);
    char *buf = NULL;
    size_t len = 0;
    CHECK(file_read_max(path, 20, &buf, &len) == 0 && len == 20 && buf[20] == '\0');
    free(buf);
    buf = NULL;
    errno = 0;
    CHECK(file_read_max(path, 19, &buf, &len) == -1 && errno == EFBIG && buf == NULL);
    CHECK(file_read("/nonexistent/infralint", &buf, &len) == -1 && errno == ENOENT);
    /* devices and directories are refused before any read */
    CHECK(file_read("/dev/zero", &buf, &len) == -1 && errno == ENOTREG_FILE && buf == NULL);
    CHECK(file_read("/tmp", &buf, &len) == -1 && errno == EISDIR);
    CHECK(strstr(file_strerror(ENOTREG_FILE), "not a regular file") != NULL);
    /* the size cap comes from fstat: a sparse file past it is never read */
    CHECK(truncate(path, (off_t)FILE_MAX_SIZE + 1) == 0);
    CHECK(file_read(path, &buf, &len) == -1 && errno == EFBIG && buf == NULL);
    CHECK(path_within(path, "/tmp") == 1 && path_within("/tmp", "/tmp") == 1);
    CHECK(path_within("/etc/passwd", "/tmp") == 0 && path_within("/nonexistent", "/") == 0);
    unlink(path);
}

int main(void)
{
    test_file_read();
    test_glob();
    test_strings();
    test_versions();
    test_env();
    test_suppress();
    return DONE("util");
}
