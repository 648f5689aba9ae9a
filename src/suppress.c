/* suppress.c — parsing inline `infralint:ignore[…]` directives. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/suppress.h"
#include "infralint/util.h"

static const char directive[] = "infralint:ignore";

int suppress_parse(const char *text, size_t len, struct inline_ignore *out, const char **err)
{
    const char *s = text, *end = text + len;
    memset(out, 0, sizeof(*out));
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    size_t dl = sizeof(directive) - 1;
    if ((size_t)(end - s) < dl || memcmp(s, directive, dl) != 0)
        return 0;
    s += dl;
    if (s < end && (isalnum((unsigned char)*s) || *s == '-' || *s == '_'))
        return 0; /* infralint:ignored, infralint:ignore-foo: not ours */
    if (s >= end || *s != '[') {
        *err = "expected '[rule-id]' after 'infralint:ignore'";
        return -1;
    }
    s++;
    const char *close = memchr(s, ']', (size_t)(end - s));
    if (!close) {
        *err = "missing ']' after the rule ids of 'infralint:ignore['";
        return -1;
    }
    size_t alloc = 0;
    while (s < close) {
        while (s < close && (*s == ' ' || *s == ','))
            s++;
        const char *b = s;
        while (s < close && *s != ',' && *s != ' ')
            s++;
        if (s > b) {
            ALLOC_GROW(out->rules, out->nrules + 1, alloc);
            out->rules[out->nrules++] = xstrndup(b, (size_t)(s - b));
        }
    }
    if (!out->nrules) {
        *err = "'infralint:ignore[]' names no rule";
        return -1;
    }
    s = close + 1;
    while (s < end && (*s == ' ' || *s == '\t' || *s == ':' || *s == '-'))
        s++;
    const char *re = end;
    while (re > s && isspace((unsigned char)re[-1]))
        re--;
    if (re > s)
        out->reason = xstrndup(s, (size_t)(re - s));
    return 1;
}

void suppress_add(struct ignore_list *l, const char *file, unsigned line, unsigned col,
                  struct inline_ignore *parsed)
{
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    struct inline_ignore *x = &l->v[l->n++];
    *x = *parsed;
    x->file = xstrdup(file);
    x->line = line;
    x->col = col;
    x->used = 0;
    memset(parsed, 0, sizeof(*parsed));
}

void suppress_release(struct ignore_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].file);
        for (size_t k = 0; k < l->v[i].nrules; k++)
            free(l->v[i].rules[k]);
        free(l->v[i].rules);
        free(l->v[i].reason);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}
