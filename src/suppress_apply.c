/* suppress_apply.c — which findings are suppressed, and what the suppressions themselves say. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "suppress_apply.h"

static const char *strip_dot(const char *s)
{
    while (s && s[0] == '.' && s[1] == '/')
        s += 2;
    return s;
}

static int inline_matches(const struct inline_ignore *ig, const struct finding *f)
{
    if (!f->file || strcmp(strip_dot(ig->file), strip_dot(f->file)))
        return 0;
    unsigned l = ig->line;
    int at = (f->line && (l == f->line || l + 1 == f->line)) ||
             (f->line2 && (l == f->line2 || l + 1 == f->line2));
    if (!at)
        return 0;
    for (size_t i = 0; i < ig->nrules; i++)
        if (glob_match(ig->rules[i], f->rule))
            return 1;
    return 0;
}

/* Resource addresses put instance keys in brackets (aws_x.y[0], module.m["k"].aws_x.y): in a
 * pattern for an address a bracket stands for itself, not for a character class, so that an
 * exact address matches and `module.m["*"].aws_x.y` matches every instance. */
static int address_match(const char *pat, const char *addr)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = pat; *p; p++) {
        if (*p == '\\' && p[1]) {
            strbuf_add(&sb, p, 2);
            p++;
            continue;
        }
        if (*p == '[' || *p == ']')
            strbuf_addch(&sb, '\\');
        strbuf_addch(&sb, *p);
    }
    int m = glob_match(sb.buf, addr);
    strbuf_release(&sb);
    return m;
}

static int config_matches(const struct config_ignore *e, const struct finding *f)
{
    if (!glob_match(e->rule, f->rule))
        return 0;
    if (!e->location)
        return 1;
    if (e->line_filter)
        return f->file && glob_match(strip_dot(e->location), strip_dot(f->file)) &&
               f->line == e->line_filter;
    return (f->location && address_match(e->location, f->location)) ||
           (f->file && glob_match(strip_dot(e->location), strip_dot(f->file)));
}

/* Add an infralint/ finding if that rule is enabled. */
static void emit(struct ruleset *rs, struct results *out, const char *id, const char *file,
                 unsigned line, unsigned col, const char *fix, const char *fmt, ...)
    IL_PRINTF(8, 9);
static void emit(struct ruleset *rs, struct results *out, const char *id, const char *file,
                 unsigned line, unsigned col, const char *fix, const char *fmt, ...)
{
    const struct rule_state *st = ruleset_find(rs, id);
    if (!st || !st->enabled)
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct finding *f = finding_list_add(&out->findings);
    f->rule = xstrdup(id);
    f->severity = st->severity;
    f->message = strbuf_detach(&sb);
    f->fix = xstrdup(fix);
    f->file = xstrdup(file);
    f->line = line;
    f->col = col;
}

static char *rules_text(const struct inline_ignore *ig)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ig->nrules; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", ig->rules[i]);
    return strbuf_detach(&sb);
}

void suppress_mark(struct project *p, const struct engine_opts *o, struct results *out,
                   size_t first)
{
    const struct config *c = o->config;
    size_t nfind = out->findings.n;
    for (size_t i = first; i < nfind; i++) {
        struct finding *f = &out->findings.v[i];
        if (starts_with(f->rule, "infralint/"))
            continue;
        for (size_t k = 0; o->inline_ignores && k < p->ignores.n && !f->suppressed; k++) {
            struct inline_ignore *ig = &p->ignores.v[k];
            if (inline_matches(ig, f)) {
                f->suppressed = SUPP_INLINE;
                f->suppress_reason = xstrdup(ig->reason);
                ig->used++;
            }
        }
        for (size_t k = 0; c && k < c->nignores && !f->suppressed; k++) {
            struct config_ignore *e = &c->ignores[k];
            if (!e->expired && config_matches(e, f)) {
                f->suppressed = SUPP_CONFIG;
                f->suppress_reason = xstrdup(e->reason);
                e->used++;
            }
        }
    }
}

void suppress_report(struct ruleset *rs, struct project *p, const struct engine_opts *o,
                     struct results *out)
{
    const struct config *c = o->config;
    for (size_t k = 0; c && k < c->nignores; k++) {
        const struct config_ignore *e = &c->ignores[k];
        char where[300];
        snprintf(where, sizeof(where), "%s%s", e->location ? "at " : "",
                 e->location ? e->location : "everywhere");
        if (e->expired) {
            emit(rs, out, "infralint/expired-ignore", c->path, e->line, e->col,
                 "re-review the finding: fix it, or extend 'expires' with a new reason",
                 "ignore entry for '%s' %s expired on %s and no longer suppresses", e->rule, where,
                 e->expires);
            continue;
        }
        if (!e->reason)
            emit(rs, out, "infralint/ignore-without-reason", c->path, e->line, e->col,
                 "add 'reason:' saying why the finding is acceptable (and a ticket)",
                 "ignore entry for '%s' %s gives no reason", e->rule, where);
        if (!e->used) /* infralint/unused-ignore is off unless --strict (or config) enables it */
            emit(rs, out, "infralint/unused-ignore", c->path, e->line, e->col,
                 "remove the entry: nothing it names is reported any more",
                 "ignore entry for '%s' %s matched no finding", e->rule, where);
    }
    for (size_t k = 0; o->inline_ignores && k < p->ignores.n; k++) {
        const struct inline_ignore *ig = &p->ignores.v[k];
        char *ids = rules_text(ig);
        if (!ig->reason)
            emit(rs, out, "infralint/ignore-without-reason", ig->file, ig->line, ig->col,
                 "add the reason after the bracket: infralint:ignore[rule-id] why it is fine",
                 "inline ignore of %s gives no reason", ids);
        if (!ig->used)
            emit(rs, out, "infralint/unused-ignore", ig->file, ig->line, ig->col,
                 "remove the comment: nothing it names is reported here any more",
                 "inline ignore of %s matched no finding", ids);
        free(ids);
    }
}
