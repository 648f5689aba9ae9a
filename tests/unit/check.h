/* check.h — the unit tests' whole framework: CHECK counts, DONE prints "unit: NAME: N passed,
 * N failed" and returns the exit status. */
#ifndef INFRALINT_TEST_CHECK_H
#define INFRALINT_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond)                                                                                  \
            check_pass++;                                                                          \
        else {                                                                                     \
            check_fail++;                                                                          \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *check_a = (a), *check_b = (b);                                                 \
        if (check_a && check_b && !strcmp(check_a, check_b))                                       \
            check_pass++;                                                                          \
        else {                                                                                     \
            check_fail++;                                                                          \
            printf("FAIL %s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #a,              \
                   check_a ? check_a : "(null)", check_b ? check_b : "(null)");                    \
        }                                                                                          \
    } while (0)

#define DONE(name)                                                                                 \
    (printf("unit: %s: %d passed, %d failed\n", name, check_pass, check_fail), check_fail != 0)

#endif
