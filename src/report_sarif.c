/* report_sarif.c — SARIF 2.1.0 as GitHub code scanning reads it (and the OASIS schema checks it).
 *
 * One run; tool.driver lists every rule that ran, Lua policies included (a policy is a rule like
 * the built-in ones: one registry, the same configuration, suppression and metadata, and results
 * point into one rules array by ruleIndex — a tool.extensions entry per pack would suit packs that
 * carry their own name and version, which policies do not). Locations are relative to the
 * directory infralint ran in (uriBaseId %SRCROOT%); plan findings, which have no lines, point at
 * line 1 of the plan and carry the resource address in the message and as logical location.
 * partialFingerprints.primaryLocationLineHash is the line-independent fingerprint: GitHub only
 * reads that key, and its own line hash would merge findings that share a line (every finding of
 * a plan is on line 1). GitHub rejects a run of more than 25,000 results: the most severe are
 * kept and a notification says how many were left out. Code scanning does not read SARIF
 * suppressions (it opens an alert for a suppressed result as for any other), so findings an
 * inline or config ignore suppressed are left out unless asked for (--sarif-suppressed), and a
 * notification counts them; baselined findings stay (baselineState unchanged): they are the
 * debt a team tracks there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infralint/escape.h"
#include "infralint/jsonw.h"
#include "infralint/policy.h"
#include "infralint/report.h"
#include "infralint/util.h"

#ifndef INFRALINT_INFORMATION_URI
#define INFRALINT_INFORMATION_URI ""
#endif

#define SARIF_MAX_RESULTS 25000 /* GitHub: results per run (hard limit) */
#define SARIF_MAX_RELATED 1000  /* GitHub: locations per result (hard limit) */
#define SARIF_MAX_TEXT 1024     /* GitHub: shortDescription and fullDescription */

static const char *level(enum severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* How often a rule's findings are right, as GitHub ranks results: hygiene rules are exact but
 * matter less, auditor rules are low-confidence by definition. */
static const char *precision(enum persona p)
{
    return p == PERSONA_AUDITOR ? "low" : p == PERSONA_PEDANTIC ? "medium" : "high";
}

/* Markdown to plain text: inline code marks and emphasis dropped. */
static void plain(struct strbuf *out, const char *md, size_t n)
{
    for (size_t i = 0; i < n && md[i]; i++) {
        if (md[i] == '`' || (md[i] == '*' && md[i + 1] == '*')) {
            i += md[i] == '*';
            continue;
        }
        strbuf_addch(out, md[i]);
    }
}

/* Cut sb to at most max bytes, at a space and a character boundary, ending in "…". */
static void cut(struct strbuf *sb, size_t max)
{
    if (sb->len <= max)
        return;
    size_t n = max - 4; /* room for " …" (U+2026 is three bytes) */
    while (n > 0 && sb->buf[n] != ' ')
        n--;
    if (!n)
        for (n = max - 3; n > 0 && ((unsigned char)sb->buf[n] & 0xC0) == 0x80; n--)
            ;
    strbuf_setlen(sb, n);
    strbuf_addstr(sb, "…");
}

static void tags(struct jsonw *w, const struct rule *r)
{
    struct strbuf fam = STRBUF_INIT;
    report_family(&fam, r->id);
    static const char *const names[][2] = {
        {"tf", "terraform"}, {"gha", "github-actions"}, {"sql", "sql"}, {"infralint", "infralint"}};
    const char *tag = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(names) && !tag; i++)
        if (!strcmp(fam.buf, names[i][0]))
            tag = names[i][1];
    const char *v[8 + 32]; /* the derived tags, then the rule's own (GitHub filters on these) */
    size_t n = 0;
    if (r->security_severity)
        v[n++] = "security"; /* with security-severity: a security alert */
    v[n++] = tag ? tag : fam.buf;
    if (policy_is_policy(r))
        v[n++] = "policy";
    for (unsigned k = 1; k <= KIND_INFRALINT; k <<= 1)
        if ((r->kinds & k) && k != KIND_INFRALINT)
            v[n++] = rule_kind_name((enum rule_kind)k);
    for (const char *const *t = r->tags; t && *t && n < ARRAY_SIZE(v); t++) {
        size_t i = 0;
        while (i < n && strcmp(v[i], *t))
            i++;
        if (i == n)
            v[n++] = *t;
    }
    jsonw_array(w, "tags");
    for (size_t i = 0; i < n; i++)
        jsonw_string(w, NULL, v[i]);
    jsonw_end(w);
    strbuf_release(&fam);
}

static void rule_json(struct jsonw *w, const struct rule *r, const struct report_opts *o)
{
    struct strbuf sb = STRBUF_INIT;
    const char *help = r->help ? r->help : r->title;
    jsonw_object(w, NULL);
    jsonw_string(w, "id", r->id);
    jsonw_string(w, "name", r->id);
    jsonw_object(w, "shortDescription");
    strbuf_addstr(&sb, r->title);
    cut(&sb, SARIF_MAX_TEXT);
    jsonw_string(w, "text", sb.buf);
    jsonw_end(w);
    jsonw_object(w, "fullDescription");
    const char *para = strstr(help, "\n\n");
    strbuf_reset(&sb);
    plain(&sb, help, para ? (size_t)(para - help) : strlen(help));
    cut(&sb, SARIF_MAX_TEXT);
    jsonw_string(w, "text", sb.buf);
    jsonw_end(w);
    jsonw_object(w, "help");
    strbuf_reset(&sb);
    plain(&sb, help, strlen(help));
    if (r->severity_note)
        strbuf_addf(&sb, "\n\nSeverity: %s.", r->severity_note);
    if (r->origin)
        strbuf_addf(&sb, "\n\nOrigin: %s.", r->origin);
    jsonw_string(w, "text", sb.buf);
    strbuf_reset(&sb);
    strbuf_addstr(&sb, help);
    if (r->severity_note)
        strbuf_addf(&sb, "\n\n**Severity:** %s.", r->severity_note);
    if (r->origin)
        strbuf_addf(&sb, "\n\n**Origin:** %s.", r->origin);
    jsonw_string(w, "markdown", sb.buf);
    jsonw_end(w);
    if (o->docs_url) {
        strbuf_reset(&sb);
        strbuf_addstr(&sb, o->docs_url);
        if (sb.len && sb.buf[sb.len - 1] != '/')
            strbuf_addch(&sb, '/');
        strbuf_addstr(&sb, r->id);
        jsonw_string(w, "helpUri", sb.buf);
    }
    jsonw_object(w, "defaultConfiguration");
    jsonw_string(w, "level", level(r->severity));
    jsonw_end(w);
    jsonw_object(w, "properties");
    tags(w, r);
    jsonw_string(w, "precision", precision(r->persona));
    if (r->security_severity)
        jsonw_string(w, "security-severity", r->security_severity);
    else
        jsonw_string(w, "problem.severity",
                     r->severity == SEV_NOTE ? "recommendation" : level(r->severity));
    jsonw_string(w, "persona", rule_persona_name(r->persona));
    jsonw_string(w, "scope", rule_scope_name(r->scope));
    if (r->severity_note)
        jsonw_string(w, "severityNote", r->severity_note);
    jsonw_end(w);
    jsonw_end(w);
    strbuf_release(&sb);
}

/* Remembers whether the last path asked about is a directory (findings come sorted by file). */
struct dircache {
    const char *file;
    int dir;
};

static int is_dir(struct dircache *c, const char *file)
{
    if (!c->file || strcmp(c->file, file)) {
        struct stat st;
        c->file = file;
        c->dir = stat(file, &st) == 0 && S_ISDIR(st.st_mode);
    }
    return c->dir;
}

static void artifact(struct jsonw *w, const char *file)
{
    struct strbuf uri = STRBUF_INIT;
    jsonw_object(w, "artifactLocation");
    if (file[0] == '/') {
        strbuf_addstr(&uri, "file://");
        escape_uri_path(&uri, file);
        jsonw_string(w, "uri", uri.buf);
    } else {
        while (file[0] == '.' && file[1] == '/')
            file += 2;
        escape_uri_path(&uri, file);
        jsonw_string(w, "uri", uri.buf);
        jsonw_string(w, "uriBaseId", "%SRCROOT%");
    }
    jsonw_end(w);
    strbuf_release(&uri);
}

/* physicalLocation of file at line:col; no position: line 1 (GitHub shows nothing without a
 * region), a directory: no region. */
static void physical(struct jsonw *w, struct dircache *dc, const char *file, unsigned line,
                     unsigned col)
{
    jsonw_object(w, "physicalLocation");
    artifact(w, file);
    if (!is_dir(dc, file)) {
        unsigned l = line ? line : 1, c = line && col ? col : 1;
        jsonw_object(w, "region");
        jsonw_int(w, "startLine", l);
        jsonw_int(w, "startColumn", c);
        jsonw_int(w, "endLine", l);
        jsonw_int(w, "endColumn", c + 1);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static const char *logical_kind(const char *file)
{
    if (!file)
        return "object";
    if (ends_with(file, ".json") || ends_with(file, ".tfstate") || ends_with(file, "environment"))
        return "resource";
    if (ends_with(file, ".yml") || ends_with(file, ".yaml"))
        return "job";
    if (ends_with(file, ".sql"))
        return "migration";
    return "object";
}

/* "logicalLocations": [{name, fullyQualifiedName, kind}] for a location in file. */
static void logical(struct jsonw *w, const char *location, const char *file)
{
    jsonw_array(w, "logicalLocations");
    jsonw_object(w, NULL);
    jsonw_string(w, "name", location);
    jsonw_string(w, "fullyQualifiedName", location);
    jsonw_string(w, "kind", logical_kind(file));
    jsonw_end(w);
    jsonw_end(w);
}

static void result_json(struct jsonw *w, struct dircache *dc, const struct results *r,
                        const struct finding *f, size_t rule_index, const struct report_opts *o)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "ruleId", f->rule);
    if (rule_index != (size_t)-1)
        jsonw_int(w, "ruleIndex", (long long)rule_index);
    jsonw_string(w, "level", level(f->severity));
    jsonw_object(w, "message");
    if (!f->line && f->location) {
        char *m = xstrfmt("%s: %s", f->location, f->message);
        jsonw_string(w, "text", m);
        free(m);
    } else {
        jsonw_string(w, "text", f->message);
    }
    jsonw_end(w);
    jsonw_array(w, "locations");
    jsonw_object(w, NULL);
    if (f->file)
        physical(w, dc, f->file, f->line, f->col);
    if (f->location)
        logical(w, f->location, f->file);
    jsonw_end(w);
    jsonw_end(w);
    jsonw_object(w, "partialFingerprints");
    jsonw_string(w, "primaryLocationLineHash", f->fingerprint);
    jsonw_end(w);
    size_t nrel = 0;
    for (size_t i = 0; i < f->nrelated; i++)
        nrel += f->related[i].file != NULL;
    if (nrel) {
        jsonw_array(w, "relatedLocations");
        for (size_t i = 0, id = 1; i < f->nrelated && id <= SARIF_MAX_RELATED; i++) {
            const struct related *rl = &f->related[i];
            if (!rl->file)
                continue;
            jsonw_object(w, NULL);
            jsonw_int(w, "id", (long long)id++);
            physical(w, dc, rl->file, rl->line, rl->col);
            if (rl->location) /* a plan resource (plans have no lines), a job, a migration */
                logical(w, rl->location, rl->file);
            jsonw_object(w, "message");
            if (!rl->line && rl->location) {
                char *m = xstrfmt("%s: %s", rl->location, rl->message ? rl->message : "");
                jsonw_string(w, "text", m);
                free(m);
            } else {
                jsonw_string(w, "text", rl->message ? rl->message : "");
            }
            jsonw_end(w);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    /* every result says whether it is suppressed: SARIF wants all or none to */
    jsonw_array(w, "suppressions");
    if (f->suppressed == SUPP_INLINE || f->suppressed == SUPP_CONFIG) {
        jsonw_object(w, NULL);
        jsonw_string(w, "kind", f->suppressed == SUPP_INLINE ? "inSource" : "external");
        jsonw_string(w, "status", "accepted");
        jsonw_string(w, "justification",
                     f->suppress_reason ? f->suppress_reason : "(no reason given)");
        jsonw_end(w);
    }
    jsonw_end(w);
    if (o->baseline)
        jsonw_string(w, "baselineState", f->suppressed == SUPP_BASELINE ? "unchanged" : "new");
    jsonw_object(w, "properties");
    if (f->path)
        jsonw_string(w, "path", f->path);
    if (f->fix)
        jsonw_string(w, "fix", f->fix);
    jsonw_end(w);
    jsonw_end(w);
    (void)r;
}

static int by_severity(const void *a, const void *b)
{
    const struct finding *const *x = a, *const *y = b;
    int sx = (*x)->suppressed ? 0 : (int)(*x)->severity,
        sy = (*y)->suppressed ? 0 : (int)(*y)->severity;
    if (sx != sy)
        return sy - sx;
    return *x < *y ? -1 : *x > *y;
}

static int by_address(const void *a, const void *b)
{
    const struct finding *const *x = a, *const *y = b;
    return *x < *y ? -1 : *x > *y;
}

/* An inline or config ignore (a baselined finding is a result: baselineState unchanged). */
static int ignored(const struct finding *f)
{
    return f->suppressed == SUPP_INLINE || f->suppressed == SUPP_CONFIG;
}

/* The findings to emit, in report order: all of them (without the ignored ones unless
 * o->sarif_suppressed; their count in *nignored), or the most severe SARIF_MAX_RESULTS. */
static const struct finding **chosen(const struct results *r, const struct report_opts *o,
                                     size_t *n, size_t *nignored)
{
    const struct finding **v = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*v));
    *n = *nignored = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        if (!o->sarif_suppressed && ignored(&r->findings.v[i]))
            (*nignored)++;
        else
            v[(*n)++] = &r->findings.v[i];
    }
    if (*n > SARIF_MAX_RESULTS) {
        qsort(v, *n, sizeof(*v), by_severity);
        *n = SARIF_MAX_RESULTS;
        qsort(v, *n, sizeof(*v), by_address);
    }
    return v;
}

static void notification(struct jsonw *w, struct dircache *dc, const char *lvl, const char *file,
                         unsigned line, unsigned col, const char *text)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "level", lvl);
    jsonw_object(w, "message");
    jsonw_string(w, "text", text);
    jsonw_end(w);
    if (file) {
        jsonw_array(w, "locations");
        jsonw_object(w, NULL);
        physical(w, dc, file, line, col);
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void invocation(struct jsonw *w, struct dircache *dc, const struct results *r,
                       const unsigned char *used, size_t nleft, size_t nignored)
{
    jsonw_array(w, "invocations");
    jsonw_object(w, NULL);
    jsonw_bool(w, "executionSuccessful", r->errors.n == 0);
    jsonw_array(w, "ruleConfigurationOverrides");
    for (size_t i = 0, idx = 0; i < r->nrules; i++) {
        if (!used[i])
            continue;
        if (r->rule_sev && r->rule_sev[i] != r->rules[i]->severity) {
            jsonw_object(w, NULL);
            jsonw_object(w, "descriptor");
            jsonw_string(w, "id", r->rules[i]->id);
            jsonw_int(w, "index", (long long)idx);
            jsonw_end(w);
            jsonw_object(w, "configuration");
            jsonw_string(w, "level", level(r->rule_sev[i]));
            jsonw_end(w);
            jsonw_end(w);
        }
        idx++;
    }
    jsonw_end(w);
    jsonw_array(w, "toolExecutionNotifications");
    for (size_t i = 0; i < r->errors.n; i++) {
        const struct diag *d = &r->errors.v[i];
        char *text = d->jpath ? xstrfmt("%s: %s", d->jpath, d->message) : NULL;
        notification(w, dc, "error", d->file, d->line, d->col, text ? text : d->message);
        free(text);
    }
    for (size_t i = 0; i < r->skipped.n; i++) {
        const struct skip *s = &r->skipped.v[i];
        char *text = xstrfmt("skipped %s: %s", s->what, s->reason);
        notification(w, dc, "note", s->file, 0, 0, text);
        free(text);
    }
    if (nignored) {
        char *text = xstrfmt("%zu suppressed finding%s (inline or config ignores) left out: GitHub "
                             "code scanning does not read SARIF suppressions and would show "
                             "them as open alerts (--sarif-suppressed keeps them)",
                             nignored, nignored == 1 ? "" : "s");
        notification(w, dc, "note", NULL, 0, 0, text);
        free(text);
    }
    if (nleft) {
        char *text = xstrfmt("%zu less severe results were left out: GitHub code scanning takes "
                             "at most %d results per run (see the text or JSON report)",
                             nleft, SARIF_MAX_RESULTS);
        notification(w, dc, "warning", NULL, 0, 0, text);
        free(text);
    }
    jsonw_end(w);
    jsonw_end(w);
    jsonw_end(w);
}

static void run_properties(struct jsonw *w, const struct results *r)
{
    struct report_counts c;
    report_count(r, &c);
    jsonw_object(w, "properties");
    jsonw_array(w, "environments");
    for (size_t i = 0; i < r->nenvs; i++) {
        const struct env_entry *e = &r->envs[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "file", e->file);
        jsonw_string(w, "name", e->env.name);
        jsonw_string(w, "class", env_class_name(e->env.cls));
        jsonw_string(w, "source", env_source_name(e->env.source));
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_object(w, "summary");
    jsonw_int(w, "files", (long long)r->nfiles);
    jsonw_int(w, "findings", (long long)c.findings);
    jsonw_int(w, "error", (long long)c.error);
    jsonw_int(w, "warning", (long long)c.warning);
    jsonw_int(w, "note", (long long)c.note);
    jsonw_int(w, "input_errors", (long long)r->errors.n);
    jsonw_int(w, "suppressed", (long long)c.suppressed);
    jsonw_int(w, "baselined", (long long)c.baselined);
    jsonw_end(w);
    jsonw_end(w);
}

int report_sarif(FILE *out, const struct results *r, const struct report_opts *o)
{
    struct strbuf sb = STRBUF_INIT;
    struct jsonw w;
    struct dircache dc = {0};
    unsigned char *used = report_rules_used(r);
    size_t *index = xcalloc(r->nrules ? r->nrules : 1, sizeof(*index)); /* into driver.rules */
    jsonw_init(&w, &sb);
    jsonw_object(&w, NULL);
    jsonw_string(&w, "$schema",
                 "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                 "sarif-schema-2.1.0.json");
    jsonw_string(&w, "version", "2.1.0");
    jsonw_array(&w, "runs");
    jsonw_object(&w, NULL);
    jsonw_object(&w, "tool");
    jsonw_object(&w, "driver");
    jsonw_string(&w, "name", "infralint");
    jsonw_string(&w, "version", o->version);
    jsonw_string(&w, "semanticVersion", o->version);
    const char *info = o->docs_url ? o->docs_url : INFRALINT_INFORMATION_URI;
    if (*info)
        jsonw_string(&w, "informationUri", info);
    jsonw_array(&w, "rules");
    for (size_t i = 0, n = 0; i < r->nrules; i++)
        if (used[i]) {
            index[i] = n++;
            rule_json(&w, r->rules[i], o);
        }
    jsonw_end(&w);
    jsonw_end(&w);
    jsonw_end(&w);
    size_t n, nignored;
    const struct finding **v = chosen(r, o, &n, &nignored);
    invocation(&w, &dc, r, used, r->findings.n - nignored - n, nignored);
    jsonw_object(&w, "originalUriBaseIds");
    jsonw_object(&w, "%SRCROOT%");
    jsonw_object(&w, "description");
    jsonw_string(&w, "text",
                 "the directory infralint ran in (file names are as it was given them)");
    jsonw_end(&w);
    jsonw_end(&w);
    jsonw_end(&w);
    jsonw_string(&w, "columnKind", "unicodeCodePoints");
    jsonw_array(&w, "results");
    for (size_t i = 0; i < n; i++) {
        size_t at = 0;
        int known = report_rule(r, v[i]->rule, &at) != NULL;
        result_json(&w, &dc, r, v[i], known ? index[at] : (size_t)-1, o);
    }
    jsonw_end(&w);
    run_properties(&w, r);
    jsonw_end(&w);
    jsonw_end(&w);
    jsonw_end(&w);
    strbuf_addch(&sb, '\n');
    size_t len = sb.len, wrote = fwrite(sb.buf, 1, len, out);
    free(v);
    free(index);
    free(used);
    strbuf_release(&sb);
    return wrote == len ? 0 : -1;
}
