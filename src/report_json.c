/* report_json.c — the stable JSON report (version 1; additions only within a version). */
#include <stdio.h>

#include "infralint/jsonw.h"
#include "infralint/report.h"
#include "infralint/util.h"

static const char *supp_name(enum suppression s)
{
    return s == SUPP_INLINE ? "inline" : s == SUPP_CONFIG ? "config" : "baseline";
}

static void finding_json(struct jsonw *w, const struct finding *f)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "rule", f->rule);
    jsonw_string(w, "severity", severity_name(f->severity));
    jsonw_string(w, "message", f->message);
    jsonw_string(w, "fix", f->fix);
    jsonw_string(w, "file", f->file);
    jsonw_int(w, "line", f->line);
    jsonw_int(w, "column", f->col);
    jsonw_string(w, "location", f->location);
    jsonw_string(w, "path", f->path);
    jsonw_string(w, "fingerprint", f->fingerprint);
    jsonw_array(w, "related");
    for (size_t i = 0; i < f->nrelated; i++) {
        const struct related *r = &f->related[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "file", r->file);
        jsonw_int(w, "line", r->line);
        jsonw_int(w, "column", r->col);
        jsonw_string(w, "location", r->location);
        jsonw_string(w, "message", r->message);
        jsonw_end(w);
    }
    jsonw_end(w);
    if (f->suppressed) {
        jsonw_object(w, "suppression");
        jsonw_string(w, "kind", supp_name(f->suppressed));
        jsonw_string(w, "reason", f->suppress_reason);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void findings_json(struct jsonw *w, const char *key, const struct results *r, int supp)
{
    jsonw_array(w, key);
    for (size_t i = 0; i < r->findings.n; i++)
        if (!r->findings.v[i].suppressed == !supp)
            finding_json(w, &r->findings.v[i]);
    jsonw_end(w);
}

int report_json(FILE *out, const struct results *r, const struct report_opts *o)
{
    struct strbuf sb = STRBUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object(&w, NULL);
    jsonw_int(&w, "version", 1);
    jsonw_object(&w, "tool");
    jsonw_string(&w, "name", "infralint");
    jsonw_string(&w, "version", o->version);
    jsonw_end(&w);

    jsonw_array(&w, "environments");
    for (size_t i = 0; i < r->nenvs; i++) {
        const struct env_entry *e = &r->envs[i];
        jsonw_object(&w, NULL);
        jsonw_string(&w, "file", e->file);
        jsonw_string(&w, "name", e->env.name);
        jsonw_string(&w, "class", env_class_name(e->env.cls));
        jsonw_string(&w, "source", env_source_name(e->env.source));
        jsonw_end(&w);
    }
    jsonw_end(&w);

    findings_json(&w, "findings", r, 0);

    jsonw_array(&w, "errors");
    for (size_t i = 0; i < r->errors.n; i++) {
        const struct diag *d = &r->errors.v[i];
        jsonw_object(&w, NULL);
        jsonw_string(&w, "file", d->file);
        jsonw_int(&w, "line", d->line);
        jsonw_int(&w, "column", d->col);
        jsonw_string(&w, "path", d->jpath);
        jsonw_string(&w, "message", d->message);
        jsonw_end(&w);
    }
    jsonw_end(&w);

    jsonw_array(&w, "skipped");
    for (size_t i = 0; i < r->skipped.n; i++) {
        const struct skip *s = &r->skipped.v[i];
        jsonw_object(&w, NULL);
        jsonw_string(&w, "file", s->file);
        jsonw_string(&w, "what", s->what);
        jsonw_string(&w, "reason", s->reason);
        jsonw_end(&w);
    }
    jsonw_end(&w);
    findings_json(&w, "suppressed", r, 1);

    struct report_counts c;
    report_count(r, &c);
    jsonw_object(&w, "summary");
    jsonw_int(&w, "files", (long long)r->nfiles);
    jsonw_int(&w, "findings", (long long)c.findings);
    jsonw_int(&w, "error", (long long)c.error);
    jsonw_int(&w, "warning", (long long)c.warning);
    jsonw_int(&w, "note", (long long)c.note);
    jsonw_int(&w, "input_errors", (long long)r->errors.n);
    jsonw_int(&w, "suppressed", (long long)c.suppressed);
    jsonw_int(&w, "baselined", (long long)c.baselined);
    if (r->hint)
        jsonw_string(&w, "hint", r->hint);
    jsonw_end(&w);
    jsonw_end(&w);
    strbuf_addch(&sb, '\n');
    size_t len = sb.len, n = fwrite(sb.buf, 1, len, out);
    strbuf_release(&sb);
    return n == len ? 0 : -1;
}
