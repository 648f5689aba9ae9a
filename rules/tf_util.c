/* tf_util.c — helpers shared by the tf/ rule families. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "tf_util.h"

void tf_iter_init(struct tf_iter *it, const struct plan *p, const char *type)
{
    it->v = plan_by_type(p, type, &it->n);
    it->i = 0;
}

const struct plan_resource *tf_next(struct tf_iter *it)
{
    while (it->i < it->n) {
        const struct plan_resource *r = it->v[it->i++];
        if (plan_res_live(r))
            return r;
    }
    return NULL;
}

static void vreport(struct rule_ctx *ctx, int own_sev, enum severity sev,
                    const struct plan_resource *r, const char *path, const char *fix,
                    const char *fmt, va_list ap) IL_PRINTF(7, 0);
static void vreport(struct rule_ctx *ctx, int own_sev, enum severity sev,
                    const struct plan_resource *r, const char *path, const char *fix,
                    const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_vaddf(&sb, fmt, ap);
    struct anchor a = plan_anchor(r, path);
    if (own_sev)
        rule_report_sev(ctx, sev, &a, fix, "%s", sb.buf);
    else
        rule_report(ctx, &a, fix, "%s", sb.buf);
    strbuf_release(&sb);
}

void tf_report(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
               const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, 0, SEV_NONE, r, path, fix, fmt, ap);
    va_end(ap);
}

void tf_report_sev(struct rule_ctx *ctx, enum severity sev, const struct plan_resource *r,
                   const char *path, const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, 1, sev, r, path, fix, fmt, ap);
    va_end(ap);
}

void tf_unknown(struct rule_ctx *ctx, const struct plan_resource *r, const char *path)
{
    struct anchor a = plan_anchor(r, path);
    rule_skip_unknown(ctx, &a, path);
}

int tf_links(const struct plan_resource *r, const char *path, const struct plan_resource *target,
             const char *keys)
{
    if (plan_refers(r, path, target))
        return 1;
    const char *mine = plan_string(r, path);
    if (!mine || !*mine)
        return 0;
    const char *s = keys;
    while (*s) {
        size_t n = strcspn(s, ",");
        char key[64];
        if (n < sizeof(key)) {
            memcpy(key, s, n);
            key[n] = '\0';
            const char *theirs = plan_string(target, key);
            if (theirs && !strcmp(theirs, mine))
                return 1;
        }
        s += n;
        if (*s)
            s++;
    }
    return 0;
}

int tf_list_count(const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_KNOWN && pval_type(a.v) == PV_ARRAY) {
        /* distinct known values */
        size_t n = pval_len(a.v), distinct = 0;
        for (size_t i = 0; i < n; i++) {
            const char *s = pval_str(pval_idx(a.v, i));
            int dup = 0;
            for (size_t j = 0; s && j < i && !dup; j++) {
                const char *t = pval_str(pval_idx(a.v, j));
                dup = t && !strcmp(s, t);
            }
            distinct += !dup;
        }
        return (int)distinct;
    }
    if (a.state == ATTR_UNSET)
        return 0;
    return plan_ref_count(r, path);
}

int tf_str_is(const struct plan_resource *r, const char *path, const char *values)
{
    const char *v = plan_string(r, path);
    if (!v)
        return 0;
    const char *s = values;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (strlen(v) == n && !strncasecmp(v, s, n))
            return 1;
        s += n;
        if (*s)
            s++;
    }
    return 0;
}

const char *tf_text(struct rule_ctx *ctx, const struct plan_resource *r, const char *path)
{
    struct attr a = plan_attr(r, path);
    return rule_attr_text(ctx, &a);
}

int tf_is_set(const struct plan_resource *r, const char *path)
{
    return plan_attr(r, path).state != ATTR_UNSET;
}
