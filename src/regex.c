/* regex.c — PCRE2 behind a small API: compiled once (JIT when available), bounded matching. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/regex.h"
#include "infralint/util.h"

/* Bounds on one match: backtracking steps and nesting depth. Generous for any sane pattern on
 * one statement or file, small enough that a catastrophic pattern stops in milliseconds. */
enum { MATCH_LIMIT = 1000000, DEPTH_LIMIT = 10000 };

struct regex {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    int jit;
    char error[128];
};

int regex_jit_available(void)
{
#ifdef INFRALINT_NO_JIT
    return 0; /* the valgrind build (make valgrind) */
#endif
    uint32_t yes = 0;
    return pcre2_config(PCRE2_CONFIG_JIT, &yes) >= 0 && yes;
}

static uint32_t compile_options(unsigned flags)
{
    uint32_t o = 0;
    if (flags & REGEX_CASELESS)
        o |= PCRE2_CASELESS;
    if (flags & REGEX_MULTILINE)
        o |= PCRE2_MULTILINE;
    if (flags & REGEX_DOTALL)
        o |= PCRE2_DOTALL;
    if (flags & REGEX_UTF)
        o |= PCRE2_UTF | PCRE2_UCP;
    if (flags & REGEX_ANCHORED)
        o |= PCRE2_ANCHORED;
    if (flags & REGEX_EXTENDED)
        o |= PCRE2_EXTENDED;
    return o;
}

struct regex *regex_new(const char *pattern, unsigned flags, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE at;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                  compile_options(flags), &code, &at, NULL);
    if (!c) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof(msg));
        if (errlen)
            snprintf(err, errlen, "%s at offset %zu", (const char *)msg, (size_t)at);
        return NULL;
    }
    struct regex *re = xcalloc(1, sizeof(*re));
    re->code = c;
    re->md = pcre2_match_data_create_from_pattern(c, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->md || !re->mctx) {
        fputs("infralint: fatal: out of memory\n", stderr);
        abort();
    }
    pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
    re->jit = regex_jit_available() && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
    return re;
}

void regex_free(struct regex *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_match_context_free(re->mctx);
    pcre2_code_free(re->code);
    free(re);
}

size_t regex_ngroups(const struct regex *re)
{
    uint32_t n = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return n;
}

size_t regex_size(const struct regex *re)
{
    size_t code = 0, jit = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_SIZE, &code);
    if (re->jit)
        pcre2_pattern_info(re->code, PCRE2_INFO_JITSIZE, &jit);
    return sizeof(*re) + code + jit + (regex_ngroups(re) + 1) * 2 * sizeof(PCRE2_SIZE) + 512;
}

int regex_find(struct regex *re, const char *subject, size_t len, size_t start,
               struct regex_span *groups, size_t ngroups)
{
    re->error[0] = '\0';
    if (start > len)
        return 0;
    /* pcre2_match (not pcre2_jit_match) so that limits and UTF checks always apply; it uses
     * the JIT code when there is some. */
    int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, re->md, re->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(rc, msg, sizeof(msg));
        snprintf(re->error, sizeof(re->error), "%s", (const char *)msg);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    uint32_t nov = pcre2_get_ovector_count(re->md);
    for (size_t i = 0; i < ngroups; i++) {
        if (i < nov && i < (size_t)rc && ov[2 * i] != PCRE2_UNSET) {
            groups[i].start = ov[2 * i];
            groups[i].end = ov[2 * i + 1];
        } else {
            groups[i].start = groups[i].end = REGEX_UNSET;
        }
    }
    return 1;
}

int regex_test(struct regex *re, const char *s)
{
    return regex_find(re, s, strlen(s), 0, NULL, 0);
}

const char *regex_error(const struct regex *re)
{
    return re->error;
}
