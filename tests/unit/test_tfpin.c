/* test_tfpin.c — Terraform version pins: tfenv, asdf and setup-terraform values as constraints. */
#include <stdlib.h>

#include "check.h"
#include "infralint/tfpin.h"
#include "infralint/version.h"

/* The constraint for written (npm or not), compared with want (NULL: none). */
static int is(const char *written, int npm, const char *want)
{
    char *c = tfpin_constraint(written, npm);
    int ok = want ? c && !strcmp(c, want) : c == NULL;
    if (!ok)
        printf("  %s (npm %d) gave %s, want %s\n", written, npm, c ? c : "(none)",
               want ? want : "(none)");
    free(c);
    return ok;
}

int main(void)
{
    CHECK(is("1.6.6", 0, "~> 1.6.0"));
    CHECK(is("v1.6.6\n", 0, "~> 1.6.0"));
    CHECK(is("1.7.0-rc1", 0, "= 1.7.0-rc1"));
    CHECK(is("latest", 0, NULL));
    CHECK(is("latest:^1.6", 0, NULL));
    CHECK(is("min-required", 0, NULL));
    CHECK(is("", 0, NULL));
    CHECK(is(">= 1.3, < 1.7", 0, ">= 1.3, < 1.7"));
    CHECK(is("~1.6", 1, "~> 1.6.0"));
    CHECK(is("~1.6.3", 1, "~> 1.6.0"));
    CHECK(is("1.6.x", 1, "~> 1.6.0"));
    CHECK(is("1.x", 1, "~> 1.0"));
    CHECK(is("^1.5.0", 1, ">= 1.5.0, < 2.0.0"));
    CHECK(is(">=1.5 <1.8", 1, ">= 1.5, < 1.8"));
    CHECK(is(">= 1.5 < 1.8", 1, ">= 1.5, < 1.8"));
    CHECK(is("<1.13.0", 1, "< 1.13.0"));
    CHECK(is("1.6.6", 1, "~> 1.6.0"));
    CHECK(is("latest", 1, NULL));
    CHECK(is("${{ vars.TF_VERSION }}", 1, NULL));
    CHECK(is("1.5 || 1.6", 1, NULL));
    CHECK(is("banana", 1, NULL));
    char *c = tfpin_constraint("~1.6", 1);
    CHECK(version_satisfies(c, "1.6.9") == 1);
    CHECK(version_satisfies(c, "1.7.0") == 0);
    free(c);
    return DONE("tfpin");
}
