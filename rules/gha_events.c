/* gha_events.c — the `on:` section beyond its key names: activity types and filters that do not
 * apply to their event (gha/event-filter), workflow_dispatch and workflow_call input
 * definitions (gha/event-inputs), `schedule:` cron expressions (gha/schedule), and the glob
 * syntax of branch, tag and path filters (gha/filter-glob). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gha_event_data.h"
#include "gha_util.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

/* A list filter as written: a string or a sequence of strings. */
static size_t items(struct yref v)
{
    return yref_is_seq(v) ? v.n->nitems : yref_is_str(v) ? 1 : 0;
}

static struct yref item(struct yref v, size_t i)
{
    return yref_is_seq(v) ? yref_item(v, i) : v;
}

static int csv_has(const char *csv, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = csv; *p;) {
        size_t l = strcspn(p, ",");
        if (l == n && !strncmp(p, s, n))
            return 1;
        p += l + (p[l] == ',');
    }
    return 0;
}

/* ---- gha/event-filter ---- */

/* Events whose keys gha/syntax checks already (unknown keys there are gha/syntax findings). */
static const char *const syntax_checked[] = {
    "push",          "pull_request", "pull_request_target", "workflow_run", "workflow_dispatch",
    "workflow_call", "schedule"};

static const struct {
    const char *key;
    unsigned filter;
} filter_keys[] = {
    {"types", GHA_F_TYPES},
    {"branches", GHA_F_BRANCHES},
    {"branches-ignore", GHA_F_BRANCHES},
    {"tags", GHA_F_TAGS},
    {"tags-ignore", GHA_F_TAGS},
    {"paths", GHA_F_PATHS},
    {"paths-ignore", GHA_F_PATHS},
    {"workflows", GHA_F_WORKFLOWS},
};

static void check_types(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_trigger *t,
                        const struct gha_event_info *info)
{
    struct yref k = yref_key(t->config, "types"), v = yref_get(t->config, "types");
    if (!k.n || !info->types)
        return; /* custom types (repository_dispatch) */
    if (!*info->types) {
        gha_report(ctx, wf, k, NULL, NULL, "remove 'types:'",
                   "the '%s' event has no activity types: GitHub rejects 'types' here", t->event);
        return;
    }
    char list[512];
    snprintf(list, sizeof(list), "%s", info->types);
    for (char *c = list; *c; c++)
        if (*c == ',')
            *c = ' ';
    for (size_t i = 0; i < items(v); i++) {
        struct yref it = item(v, i);
        const char *ty = yref_str(it);
        if (!ty || wf_has_expr(ty) || csv_has(info->types, ty))
            continue;
        const char *names[32];
        size_t n = 0;
        for (const char *p = info->types; *p && n < ARRAY_SIZE(names);) {
            size_t l = strcspn(p, ",");
            names[n++] = p;
            p += l + (p[l] == ',');
        }
        /* names point into the list: compare only their first word */
        const char *near = NULL;
        size_t best = 3;
        for (size_t q = 0; q < n; q++) {
            char w[64];
            size_t wl = strcspn(names[q], ","), tl = strlen(ty);
            wl = wl < sizeof(w) - 1 ? wl : sizeof(w) - 1; /* as copied */
            if (wl >= tl + best || tl >= wl + best)
                continue; /* at least that many edits apart */
            snprintf(w, sizeof(w), "%.*s", (int)wl, names[q]);
            size_t d = edit_distance(ty, w);
            if (d < best) {
                best = d;
                near = names[q];
            }
        }
        if (near) {
            int nl = (int)strcspn(near, ",");
            char *fix = xstrfmt("write '%.*s'", nl, near);
            gha_report(ctx, wf, it, NULL, NULL, fix,
                       "'%s' is not an activity type of the '%s' event; did you mean '%.*s'? "
                       "GitHub rejects the workflow",
                       ty, t->event, nl, near);
            free(fix);
        } else {
            char *fix = xstrfmt("use one of: %s", list);
            gha_report(ctx, wf, it, NULL, NULL, fix,
                       "'%s' is not an activity type of the '%s' event: GitHub rejects the "
                       "workflow",
                       ty, t->event);
            free(fix);
        }
    }
}

static void check_event_filters(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        const struct gha_event_info *info = gha_event_info(t->event);
        if (!strcmp(t->event, "workflow_run") && !yref_is_map(t->config)) {
            /* the map form without workflows: is gha/syntax's */
            gha_report(ctx, wf, t->name_at, NULL, NULL,
                       "write 'workflow_run: {workflows: [CI], types: [completed]}'",
                       "'workflow_run' names no workflow ('workflows:'): it never starts the "
                       "workflow");
            continue;
        }
        if (!info || !yref_is_map(t->config))
            continue; /* unknown events are gha/unknown-name's */
        check_types(ctx, wf, t, info);
        int checked = 0;
        for (size_t k = 0; k < ARRAY_SIZE(syntax_checked); k++)
            checked |= !strcmp(t->event, syntax_checked[k]);
        if (checked)
            continue;
        struct yref cfg = t->config;
        for (size_t k = 0; k < cfg.n->npairs; k++) {
            struct yref key = yref_pair_key(cfg, k);
            const char *ks = yref_str(key);
            if (!ks || !strcmp(ks, "<<") || !strcmp(ks, "types"))
                continue;
            unsigned f = 0;
            for (size_t q = 0; q < ARRAY_SIZE(filter_keys); q++)
                if (!strcmp(ks, filter_keys[q].key))
                    f = filter_keys[q].filter;
            if (f && (info->filters & f))
                continue;
            if (f)
                gha_report(ctx, wf, key, NULL, NULL, "remove it (or filter in the job's 'if:')",
                           "'%s' does not apply to the '%s' event: GitHub ignores it, and the "
                           "workflow runs on every '%s' event",
                           ks, t->event, t->event);
            else
                gha_report(ctx, wf, key, NULL, NULL, "remove it",
                           "unknown key '%s' in the '%s' event (it takes %s): GitHub rejects the "
                           "workflow",
                           ks, t->event,
                           info->filters & GHA_F_BRANCHES ? "'types', 'branches' and "
                                                            "'branches-ignore'"
                           : info->filters & GHA_F_TYPES  ? "only 'types'"
                                                          : "no filters");
        }
        /* branches and branches-ignore together: gha/syntax says it for push, pull_request*
         * and workflow_run */
        struct yref ign = yref_key(cfg, "branches-ignore");
        if ((info->filters & GHA_F_BRANCHES) && ign.n && yref_key(cfg, "branches").n)
            gha_report(ctx, wf, ign, NULL, NULL,
                       "keep one: 'branches' with '!' patterns for the exceptions",
                       "'branches' and 'branches-ignore' cannot both filter the '%s' event",
                       t->event);
    }
}

/* ---- gha/event-inputs ---- */

static const char *const input_types[] = {"string", "boolean", "number", "choice", "environment"};

static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return !*end;
}

static void check_input(struct rule_ctx *ctx, const struct workflow *wf, const char *event,
                        struct yref key, struct yref def)
{
    const char *name = yref_str(key);
    if (!name || !yref_is_map(def))
        return;
    const char *type = yref_str(yref_get(def, "type"));
    struct yref type_at = yref_get(def, "type"), dflt = yref_get(def, "default");
    struct yref opts = yref_get(def, "options");
    int call = !strcmp(event, "workflow_call");
    const char *d = yref_str(dflt);
    if (type && !wf_has_expr(type)) {
        size_t nt = call ? 3 : ARRAY_SIZE(input_types);
        int ok = 0;
        for (size_t i = 0; i < nt; i++)
            ok |= !strcmp(type, input_types[i]);
        if (!ok) {
            char *fix = xstrfmt("use %s", call ? "string, boolean or number"
                                               : "string, boolean, number, choice or "
                                                 "environment");
            gha_report(ctx, wf, type_at, NULL, NULL, fix,
                       "'%s' is not an input type of %s: GitHub rejects the workflow", type, event);
            free(fix);
            return;
        }
    }
    if (type && !strcmp(type, "choice")) {
        if (!items(opts)) {
            gha_report(ctx, wf, key, NULL, NULL, "add 'options:' with the choices",
                       "input '%s' is of type choice but has no 'options': GitHub rejects the "
                       "workflow",
                       name);
            return;
        }
        int found = !d;
        for (size_t i = 0; i < items(opts); i++) {
            const char *o = yref_str(item(opts, i));
            found |= o && d && !strcmp(o, d);
            for (size_t k = 0; o && k < i; k++) {
                const char *p = yref_str(item(opts, k));
                if (p && !strcmp(p, o)) {
                    gha_report(ctx, wf, item(opts, i), NULL, NULL, "remove the second one",
                               "option '%s' of input '%s' is listed twice", o, name);
                    break;
                }
            }
        }
        if (!found && !wf_has_expr(d))
            gha_report(ctx, wf, dflt, NULL, NULL, "make the default one of the options",
                       "the default '%s' of input '%s' is not one of its options: the form "
                       "starts with a value GitHub then refuses",
                       d, name);
    } else if (opts.n) {
        gha_report(ctx, wf, yref_key(def, "options"), NULL, NULL,
                   "add 'type: choice', or remove 'options'",
                   "input '%s' has 'options' but is not of type choice: they are ignored", name);
    }
    if (d && !wf_has_expr(d) && type) {
        if (!strcmp(type, "boolean") && strcasecmp(d, "true") && strcasecmp(d, "false"))
            gha_report(ctx, wf, dflt, NULL, NULL, "write true or false",
                       "input '%s' is a boolean, but its default '%s' is neither true nor false",
                       name, d);
        else if (!strcmp(type, "number") && !is_number(d))
            gha_report(ctx, wf, dflt, NULL, NULL, "write a number",
                       "input '%s' is a number, but its default '%s' is not one", name, d);
    }
    int req = 0;
    if (call && dflt.n && !ynode_bool(yref_get(def, "required").n, &req) && req)
        gha_report_pos(ctx, SEV_WARNING, wf, yref_line(dflt), yref_col(dflt), 0, dflt.via, NULL,
                       NULL, "drop 'required: true', or drop the default",
                       "input '%s' is required and has a default: every caller must give it, so "
                       "the default is never used",
                       name);
}

static void check_event_inputs(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        if (strcmp(t->event, "workflow_dispatch") && strcmp(t->event, "workflow_call"))
            continue;
        struct yref in = yref_get(t->config, "inputs");
        if (!yref_is_map(in))
            continue;
        for (size_t k = 0; k < in.n->npairs; k++)
            check_input(ctx, wf, t->event, yref_pair_key(in, k), yref_pair_value(in, k));
        if (!strcmp(t->event, "workflow_dispatch") && in.n->npairs > 25)
            gha_report(ctx, wf, yref_key(t->config, "inputs"), NULL, NULL,
                       "keep 25 inputs at most (group the others into one JSON string input)",
                       "workflow_dispatch has %zu inputs: GitHub accepts at most 25", in.n->npairs);
    }
}

/* ---- gha/schedule ---- */

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct cron_field {
    const char *name;
    int lo, hi;
    const char *const *names; /* 3-letter names of lo.. (month, day of week) */
    int name_base;
};

static const struct cron_field fields[] = {
    {"minute", 0, 59, NULL, 0},           {"hour", 0, 23, NULL, 0},
    {"day of the month", 1, 31, NULL, 0}, {"month", 1, 12, months, 1},
    {"day of the week", 0, 7, days, 0},
};

/* One value of a field: a number or a name; -1 when neither. */
static int cron_value(const struct cron_field *f, const char *s, size_t n)
{
    if (n && n <= 3 && isdigit((unsigned char)s[0])) {
        int v = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isdigit((unsigned char)s[i]))
                return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    }
    int count = f->names == months ? 12 : 7;
    for (int i = 0; f->names && n == 3 && i < count; i++)
        if (!strncasecmp(s, f->names[i], 3))
            return i + f->name_base;
    return -1;
}

/* Parse one field into set[lo..hi]; NULL, or what is wrong. */
static const char *cron_field(const struct cron_field *f, const char *s, size_t n,
                              unsigned char *set, char *why, size_t whylen)
{
    for (size_t p = 0; p <= n;) {
        size_t l = 0;
        while (p + l < n && s[p + l] != ',')
            l++;
        const char *it = s + p;
        if (!l) {
            snprintf(why, whylen, "an empty item in the %s field", f->name);
            return why;
        }
        size_t sl = 0;
        while (sl < l && it[sl] != '/')
            sl++;
        int step = 1, a, b;
        if (sl < l) {
            step = cron_value(&fields[0], it + sl + 1, l - sl - 1);
            if (step < 1) {
                snprintf(why, whylen, "'%.*s' is not a step (a number from 1) in the %s field",
                         (int)(l - sl - 1), it + sl + 1, f->name);
                return why;
            }
        }
        if (sl == 1 && it[0] == '*') {
            a = f->lo;
            b = f->hi == 7 ? 6 : f->hi;
        } else {
            size_t dl = 0;
            while (dl < sl && it[dl] != '-')
                dl++;
            a = cron_value(f, it, dl);
            b = dl < sl ? cron_value(f, it + dl + 1, sl - dl - 1) : (sl < l ? f->hi : a);
            if (a < 0 || (dl < sl && b < 0)) {
                const char *bad = a < 0 ? it : it + dl + 1;
                size_t bl = a < 0 ? dl : sl - dl - 1;
                if (bl == 1 && (*bad == '?' || *bad == 'L' || *bad == 'W' || *bad == '#'))
                    snprintf(why, whylen, "'%c' (a Quartz extension) is not POSIX cron syntax",
                             *bad);
                else
                    snprintf(why, whylen, "'%.*s' is not a value of the %s field", (int)bl, bad,
                             f->name);
                return why;
            }
            if (a < f->lo || a > f->hi || b < f->lo || b > f->hi) {
                snprintf(why, whylen, "%d is out of range for the %s field (%d-%d)",
                         a < f->lo || a > f->hi ? a : b, f->name, f->lo, f->hi == 7 ? 6 : f->hi);
                return why;
            }
            if (a > b) {
                snprintf(why, whylen, "the range %d-%d of the %s field runs backwards", a, b,
                         f->name);
                return why;
            }
        }
        for (int v = a; v <= b; v += step)
            set[v == 7 && f->hi == 7 ? 0 : v] = 1;
        p += l + 1;
    }
    return NULL;
}

/* What is wrong with a cron expression (NULL: nothing); *gap the shortest interval in minutes
 * between two runs of one day. */
static const char *cron_check(const char *spec, char *why, size_t whylen, int *gap)
{
    const char *p = spec;
    const char *f[6];
    size_t fl[6], nf = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (nf < 6) {
            f[nf] = s;
            fl[nf] = (size_t)(p - s);
        }
        nf++;
    }
    if (nf == 1 && *f[0] == '@') {
        snprintf(why, whylen, "GitHub does not support '%.*s': write the five fields", (int)fl[0],
                 f[0]);
        return why;
    }
    if (nf != 5) {
        snprintf(why, whylen,
                 "it has %zu fields; GitHub's cron has five (minute hour day month weekday)", nf);
        return why;
    }
    unsigned char set[5][61];
    memset(set, 0, sizeof(set));
    for (size_t i = 0; i < 5; i++)
        if (cron_field(&fields[i], f[i], fl[i], set[i], why, whylen))
            return why;
    int prev = -1, first = -1;
    *gap = 24 * 60;
    for (int h = 0; h < 24; h++)
        for (int m = 0; m < 60; m++) {
            if (!set[0][m] || !set[1][h])
                continue;
            int t = h * 60 + m;
            if (prev >= 0 && t - prev < *gap)
                *gap = t - prev;
            if (first < 0)
                first = t;
            prev = t;
        }
    if (first >= 0 && prev != first && first + 24 * 60 - prev < *gap)
        *gap = first + 24 * 60 - prev;
    return NULL;
}

/* A timezone name exists when the system's zoneinfo has it (not checked without one). */
static int tz_known(const char *tz)
{
    if (!strcasecmp(tz, "UTC") || !strcmp(tz, "Etc/UTC"))
        return 1;
    if (access("/usr/share/zoneinfo", F_OK))
        return 1;
    if (!*tz || strstr(tz, "..") || tz[0] == '/' || strlen(tz) > 64)
        return 0;
    for (const char *c = tz; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("/_-+", *c))
            return 0;
    char path[128];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
    return !access(path, R_OK);
}

static void check_schedule(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    const struct wf_trigger *t = wf_trigger_by_event(wf, "schedule");
    if (!t || !yref_is_map(wf->on))
        return;
    struct yref v = yref_get(wf->on, "schedule");
    for (size_t i = 0; yref_is_seq(v) && i < v.n->nitems; i++) {
        struct yref it = yref_item(v, i), cron = yref_get(it, "cron");
        const char *spec = yref_str(cron);
        if (spec && !wf_has_expr(spec)) {
            char why[160];
            int gap = 0;
            if (cron_check(spec, why, sizeof(why), &gap))
                gha_report(ctx, wf, cron, NULL, NULL,
                           "write five fields: minute (0-59) hour (0-23) day (1-31) month (1-12 "
                           "or JAN-DEC) weekday (0-6 or SUN-SAT)",
                           "invalid cron expression '%s': %s; GitHub rejects the workflow", spec,
                           why);
            else if (gap < 5)
                gha_report_pos(ctx, SEV_WARNING, wf, yref_line(cron), yref_col(cron), 0, cron.via,
                               NULL, NULL, "run at most every 5 minutes (e.g. '*/5 * * * *')",
                               "'%s' asks for a run every %d minute%s: GitHub runs scheduled "
                               "workflows at most once every 5 minutes (and delays them under "
                               "load)",
                               spec, gap, gap == 1 ? "" : "s");
        }
        struct yref tz = yref_get(it, "timezone");
        const char *tzs = yref_str(tz);
        if (tzs && !wf_has_expr(tzs) && !tz_known(tzs))
            gha_report(ctx, wf, tz, NULL, NULL,
                       "use an IANA time zone name such as 'Europe/Berlin' or 'America/New_York'",
                       "'%s' is not an IANA time zone: GitHub rejects the schedule", tzs);
    }
}

/* ---- gha/filter-glob ---- */

/* What is wrong with a filter pattern (GitHub's filter pattern syntax: * ** ? + [] ! \), as
 * an offset into the pattern and a reason; NULL when it is fine. */
static const char *glob_check(const char *p, int ref, size_t *at)
{
    size_t n = strlen(p), i = 0;
    *at = 0;
    if (!n)
        return "an empty pattern matches nothing";
    if (!ref && (p[0] == ' ' || p[n - 1] == ' '))
        return "a path pattern cannot start or end with a space";
    if (p[0] == '!') {
        if (n == 1)
            return "'!' must be followed by a pattern";
        i = 1;
    }
    if (!ref && (!strcmp(p + i, ".") || !strcmp(p + i, "..") || starts_with(p + i, "./") ||
                 starts_with(p + i, "../")))
        return "paths are relative to the repository root and never start with './' or '../', "
               "so it matches nothing";
    if (ref && p[i] == '/') {
        *at = i;
        return "a branch or tag name cannot start with '/'";
    }
    int prec = 0; /* the previous character can take ? or + */
    for (; i < n; i++) {
        char c = p[i];
        *at = i;
        switch (c) {
        case '\\':
            if (i + 1 < n && strchr("[]?*+\\!", p[i + 1])) {
                i++;
                prec = 1;
                continue;
            }
            if (ref)
                return "'\\' only escapes one of [ ] ? * + \\ !";
            prec = 1;
            continue;
        case '?':
        case '+':
            if (!prec)
                return c == '?' ? "'?' (zero or one of the character before) must follow a "
                                  "plain character"
                                : "'+' (one or more of the character before) must follow a "
                                  "plain character";
            prec = 0;
            continue;
        case '*': prec = 0; continue;
        case '[': {
            size_t j = i + 1;
            if (j < n && p[j] == ']')
                return "'[]' matches no character";
            for (; j < n && p[j] != ']'; j++) {
                if (j + 2 < n && p[j + 1] == '-' && p[j + 2] != ']') {
                    if ((unsigned char)p[j] > (unsigned char)p[j + 2]) {
                        *at = j;
                        return "a character range in '[...]' runs backwards";
                    }
                    j += 2;
                }
            }
            if (j >= n)
                return "'[' has no closing ']'";
            i = j;
            prec = 1;
            continue;
        }
        case ' ':
        case '\t':
        case '~':
        case '^':
        case ':':
            if (ref)
                return "branch and tag names cannot contain spaces, '~', '^' or ':' (git "
                       "check-ref-format)";
            break;
        case '\n':
        case '\r': return "a pattern cannot span lines";
        default: break;
        }
        prec = 1;
    }
    if (ref && n > 1 && (p[n - 1] == '/' || p[n - 1] == '.')) {
        *at = n - 1;
        return "a branch or tag name cannot end with '/' or '.'";
    }
    return NULL;
}

/* Position of byte off inside a one-line plain or quoted scalar (else the scalar's). */
static void scalar_pos(struct yref s, size_t off, unsigned *line, unsigned *col)
{
    *line = yref_line(s);
    *col = yref_col(s);
    const struct ynode *n = s.n;
    if (s.via || n->line != n->end_line || n->style > YSTYLE_DOUBLE)
        return;
    if (n->style != YSTYLE_PLAIN)
        (*col)++;
    for (size_t i = 0; i < off && i < n->len; i++)
        if (((unsigned char)n->str[i] & 0xC0) != 0x80)
            (*col)++;
}

static const char *const glob_filters[] = {"branches",    "branches-ignore", "tags",
                                           "tags-ignore", "paths",           "paths-ignore"};

static void check_globs(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct workflow *wf = subj->wf;
    for (size_t i = 0; i < wf->ntriggers; i++) {
        const struct wf_trigger *t = &wf->triggers[i];
        if (!yref_is_map(t->config))
            continue;
        for (size_t k = 0; k < ARRAY_SIZE(glob_filters); k++) {
            struct yref v = yref_get(t->config, glob_filters[k]);
            int ref = k < 4, ignore = k % 2, positive = 0, negative = 0;
            for (size_t q = 0; q < items(v); q++) {
                struct yref it = item(v, q);
                const char *pat = yref_str(it);
                if (!pat || wf_has_expr(pat))
                    continue;
                positive |= pat[0] != '!';
                negative |= pat[0] == '!';
                size_t at;
                const char *why = glob_check(pat, ref, &at);
                if (!why)
                    continue;
                unsigned l, c;
                scalar_pos(it, at, &l, &c);
                gha_report_pos(ctx, SEV_NONE, wf, l, c, 0, it.via, NULL, NULL,
                               "write a GitHub filter pattern: * (not /), ** (anything), ? and + "
                               "(after a character), [a-z], ! (negate), \\ (escape)",
                               "invalid %s pattern '%s' in '%s': %s", ref ? "ref" : "path", pat,
                               glob_filters[k], why);
            }
            if (negative && !positive && !ignore) {
                struct yref key = yref_key(t->config, glob_filters[k]);
                char *fix = xstrfmt("add the pattern that '!' excludes from (e.g. '**'), or use "
                                    "'%s-ignore' without the '!'",
                                    glob_filters[k]);
                gha_report(ctx, wf, key, NULL, NULL, fix,
                           "'%s' has only '!' patterns: they exclude from nothing, so no %s "
                           "matches and the workflow never runs on '%s'",
                           glob_filters[k],
                           k < 2   ? "branch"
                           : k < 4 ? "tag"
                                   : "path",
                           t->event);
                free(fix);
            }
        }
    }
}

const struct rule gha_events_rules[] = {
    {
        .id = "gha/event-filter",
        .title = "Event filters and activity types apply to their event",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint events",
        .check = check_event_filters,
        .help = "Each event takes its own filters: `branches`/`branches-ignore` only `push`, "
                "`pull_request`, `pull_request_target`, `workflow_run` and `merge_group`; "
                "`tags` only `push`; `paths` only `push` and `pull_request*`; `types` the "
                "events that have activity types, each its own list (from GitHub's \"Events "
                "that trigger workflows\"). A filter on an event that does not take it — "
                "`paths:` under `merge_group`, `branches:` under `release` — is ignored, and "
                "the workflow runs on every such event; an activity type the event does not "
                "have makes GitHub reject the workflow. Unknown keys of `push`, "
                "`pull_request*`, `workflow_run` and `schedule` are gha/syntax findings, "
                "unknown events gha/unknown-name.\n\n"
                "Fix: remove the filter (or test the condition in the job's `if:`), or write an "
                "activity type of the event (the message suggests the nearest).",
    },
    {
        .id = "gha/event-inputs",
        .title = "Manual and reusable workflow inputs are well defined",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint events",
        .check = check_event_inputs,
        .help = "`workflow_dispatch` inputs of `type: choice` need `options`, and a default "
                "among them; a boolean default is `true` or `false`, a number default a number; "
                "`options` on an input that is not a choice are ignored; input types are "
                "`string`, `boolean`, `number`, `choice`, `environment` (`workflow_call`: the "
                "first three); GitHub accepts at most 25 `workflow_dispatch` inputs. A "
                "`workflow_call` input that is required and has a default is a warning: the "
                "default is never used.\n\n"
                "Fix: correct the input definition as the message says.",
    },
    {
        .id = "gha/schedule",
        .title = "Schedules are valid cron expressions GitHub runs",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint events",
        .check = check_schedule,
        .help = "`schedule:` takes POSIX cron: five fields (minute 0-59, hour 0-23, day of the "
                "month 1-31, month 1-12 or JAN-DEC, day of the week 0-6 or SUN-SAT) of values, "
                "ranges `a-b`, steps `/n` and lists `a,b`. GitHub rejects anything else — six "
                "fields, `@daily`, Quartz's `?` and `L`, a value out of range, a backwards "
                "range (an error). A schedule more often than every 5 minutes is a warning: "
                "GitHub runs scheduled workflows at most once every 5 minutes. A `timezone:` "
                "must be an IANA name (checked against the system's time zone database when "
                "there is one).\n\n"
                "Fix: correct the expression (crontab syntax), or schedule at most every 5 "
                "minutes.",
    },
    {
        .id = "gha/filter-glob",
        .title = "Branch, tag and path filters are valid patterns",
        .severity = SEV_ERROR,
        .kinds = KIND_WORKFLOW,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint glob",
        .check = check_globs,
        .help = "GitHub's filter patterns are not regular expressions: `*` matches anything but "
                "`/`, `**` anything, `?` and `+` make the character before optional or "
                "repeated, `[a-z]` one character of a set, a leading `!` negates and `\\` "
                "escapes. A pattern GitHub cannot read makes it reject the workflow (`[` "
                "without `]`, `+` after `*`, a backwards range); a branch or tag pattern with a "
                "character git forbids in ref names (space, `~`, `^`, `:`), or a path pattern "
                "starting with `./`, never matches. A list of only `!` patterns (in `branches`, "
                "`tags` or `paths`) excludes from nothing: the workflow never runs for that "
                "event.\n\n"
                "Fix: write the pattern in GitHub's syntax (the message points at the "
                "character); for exclusions alone use the `-ignore` filter.",
    },
    {0},
};
