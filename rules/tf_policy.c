/* tf_policy.c — reading AWS policy documents held as JSON strings. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "infralint/plan.h"
#include "infralint/util.h"
#include "tf_policy.h"
#include "tf_util.h"

const struct pval *tfp_doc(struct rule_ctx *ctx, const struct plan_resource *r, const char *path,
                           int note_unknown)
{
    struct attr a = plan_attr(r, path);
    if (a.state == ATTR_UNKNOWN && note_unknown)
        tf_unknown(ctx, r, path);
    if (a.state != ATTR_KNOWN || a.sensitive || !pval_str(a.v))
        return NULL;
    return plan_json_decode(r, a.v);
}

int tfp_open(const struct pval *st)
{
    return tfp_allow(st) && tfp_any_principal(st) && !tfp_has_condition(st);
}

size_t tfp_open_list(const struct pval *doc, char *buf, size_t cap)
{
    size_t n = 0, len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < tfp_count(doc); i++) {
        const struct pval *st = tfp_at(doc, i);
        if (!tfp_open(st))
            continue;
        char sid[80];
        if (len + 1 < cap)
            len += (size_t)snprintf(buf + len, cap - len, "%s%zu%s", n ? ", " : "", i,
                                    tfp_sid_text(st, sid, sizeof(sid)));
        n++;
    }
    return n;
}

size_t tfp_count(const struct pval *doc)
{
    const struct pval *st = pval_get(doc, "Statement");
    return pval_type(st) == PV_ARRAY ? pval_len(st) : pval_type(st) == PV_OBJECT ? 1 : 0;
}

const struct pval *tfp_at(const struct pval *doc, size_t i)
{
    const struct pval *st = pval_get(doc, "Statement");
    return pval_type(st) == PV_ARRAY ? pval_idx(st, i) : st;
}

int tfp_allow(const struct pval *st)
{
    const char *e = pval_str(pval_get(st, "Effect"));
    return e && !strcmp(e, "Allow");
}

static int has_star(const struct pval *v)
{
    return pval_has_str(v, "*");
}

int tfp_any_principal(const struct pval *st)
{
    const struct pval *p = pval_get(st, "Principal");
    return pval_type(p) == PV_STRING ? has_star(p) : has_star(pval_get(p, "AWS"));
}

int tfp_has_condition(const struct pval *st)
{
    const struct pval *c = pval_get(st, "Condition");
    return pval_type(c) == PV_OBJECT && pval_len(c) > 0;
}

static void lower(const char *s, char *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

/* Call test for each string of a string-or-list value; 1 when one passes. */
static int any_str(const struct pval *v, const char *want, int exact)
{
    size_t n = pval_type(v) == PV_ARRAY ? pval_len(v) : 1;
    char w[128];
    lower(want, w, sizeof(w));
    for (size_t i = 0; i < n; i++) {
        const char *s = pval_str(pval_type(v) == PV_ARRAY ? pval_idx(v, i) : v);
        if (!s)
            continue;
        char pat[128];
        lower(s, pat, sizeof(pat));
        if (exact ? !strcmp(pat, w) : glob_match(pat, w))
            return 1;
    }
    return 0;
}

int tfp_action_covers(const struct pval *st, const char *action)
{
    return any_str(pval_get(st, "Action"), action, 0);
}

int tfp_action_is(const struct pval *st, const char *pattern)
{
    return any_str(pval_get(st, "Action"), pattern, 1);
}

int tfp_resource_star(const struct pval *st)
{
    return has_star(pval_get(st, "Resource"));
}

const char *tfp_sid(const struct pval *st)
{
    const char *s = pval_str(pval_get(st, "Sid"));
    return s && *s ? s : NULL;
}

const char *tfp_sid_text(const struct pval *st, char *buf, size_t cap)
{
    const char *sid = tfp_sid(st);
    if (!sid)
        return "";
    snprintf(buf, cap, " (%.60s)", sid);
    return buf;
}
