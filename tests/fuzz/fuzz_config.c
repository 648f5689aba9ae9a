/* fuzz_config.c — libFuzzer harness: any bytes as .infralint.yaml (YAML tree + schema checks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/infralint-fuzz-config-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    struct diag_list d = {0};
    struct config cfg;
    config_init(&cfg);
    config_load(&cfg, path, &d);
    config_check_dates(&cfg, "2026-01-01");
    size_t n;
    const struct rule **rules = registry_rules(&n);
    struct ruleset rs;
    ruleset_init(&rs, rules, n);
    free(rules);
    ruleset_configure(&rs, &cfg, &d);
    ruleset_release(&rs);
    config_release(&cfg);
    diag_release(&d);
    unlink(path);
    return 0;
}
