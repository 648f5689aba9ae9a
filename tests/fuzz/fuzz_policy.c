/* fuzz_policy.c — libFuzzer harness for the Lua policy loader and API: any bytes as a policy
 * file, loaded (policy{} validation, the sandbox) and run on a small fixed plan with tight
 * limits; never a crash, a hang, a leak or an escape from the sandbox. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char plan[] =
    "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"variables\":{\"env\":"
    "{\"value\":\"prod\"}},\"resource_changes\":[{\"address\":\"aws_db_instance.db\",\"mode\":"
    "\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db\",\"change\":{\"actions\":[\"create\"],"
    "\"before\":null,\"after\":{\"engine\":\"postgres\",\"password\":\"hunter2hunter2\",\"tags\":"
    "{\"Owner\":\"x\"}},\"after_unknown\":{\"id\":true},\"after_sensitive\":{\"password\":true}}}]"
    "}";

static void put(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fwrite(p, 1, n, f);
        fclose(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    put("/tmp/infralint-fuzz-policy.json", plan, sizeof(plan) - 1);
    put("/tmp/infralint-fuzz-policy.yaml", "policy_limits: {deadline_ms: 200, memory_mb: 16}\n",
        49);
    put("/tmp/infralint-fuzz-policy.lua", data, size);
    const char *policies[] = {"/tmp/infralint-fuzz-policy.lua"};
    fuzz_check("/tmp/infralint-fuzz-policy.json", "/tmp/infralint-fuzz-policy.yaml", policies, 1);
    return 0;
}
