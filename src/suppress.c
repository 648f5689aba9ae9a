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
    size_t alloc = 0, oalloc = 0;
    while (s < close) {
        while (s < close && (*s == ' ' || *s == ','))
            s++;
        const char *b = s;
        while (s < close && *s != ',' && *s != ' ')
            s++;
        if (s > b) {
            ALLOC_GROW(out->rules, out->nrules + 1, alloc);
            ALLOC_GROW(out->offs, out->nrules + 1, oalloc);
            unsigned chars = 0; /* columns count characters: UTF-8 continuation bytes do not */
            for (const char *c = text; c < b; c++)
                chars += ((unsigned char)*c & 0xC0) != 0x80;
            out->offs[out->nrules] = chars;
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
        free(l->v[i].offs);
        free(l->v[i].reason);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

int suppress_is_glob(const char *id)
{
    return strpbrk(id, "*?[") != NULL;
}

int suppress_check_id(struct diag_list *d, const char *file, unsigned line, unsigned col,
                      const char *what, const char *id, const char *const *ids, size_t nids)
{
    if (suppress_is_glob(id))
        return 0;
    for (size_t i = 0; i < nids; i++)
        if (!strcmp(ids[i], id))
            return 0;
    const char *near = did_you_mean(id, ids, nids);
    if (near)
        return diag_add(d, file, line, col, "unknown rule '%s' in %s; did you mean '%s'?", id, what,
                        near);
    return diag_add(d, file, line, col,
                    "unknown rule '%s' in %s: not a built-in rule nor a policy loaded in this run "
                    "(`infralint rules` lists them)",
                    id, what);
}

int suppress_check_ids(const struct ignore_list *l, const char *const *ids, size_t nids,
                       struct diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct inline_ignore *ig = &l->v[i];
        /* the comment's text starts after its marker: `#` in YAML, `--` in SQL */
        unsigned text_col = ig->col + (ends_with(ig->file, ".sql") ? 2 : 1);
        for (size_t k = 0; k < ig->nrules; k++)
            if (suppress_check_id(d, ig->file, ig->line, text_col + ig->offs[k], "infralint:ignore",
                                  ig->rules[k], ids, nids))
                rc = -1;
    }
    return rc;
}
