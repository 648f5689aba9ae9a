/* report_json.c — the stable JSON report (version 1; additions only within a version). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "infralint/report.h"
#include "infralint/util.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* json_string() refuses invalid UTF-8; inputs may hold some: replace bad bytes with '?'. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    if (v)
        return v;
    char *copy = xstrdup(s);
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    free(copy);
    return v ? v : json_null();
}

static const char *supp_name(enum suppression s)
{
    return s == SUPP_INLINE ? "inline" : s == SUPP_CONFIG ? "config" : "baseline";
}

static json_t *finding_json(const struct finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(f->rule));
    json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
    json_object_set_new(o, "message", jstr(f->message));
    json_object_set_new(o, "fix", jstr(f->fix));
    json_object_set_new(o, "file", jstr(f->file));
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "column", json_integer(f->col));
    json_object_set_new(o, "location", jstr(f->location));
    json_object_set_new(o, "path", jstr(f->path));
    json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
    json_t *rel = json_array();
    for (size_t i = 0; i < f->nrelated; i++) {
        const struct related *r = &f->related[i];
        json_t *x = json_object();
        json_object_set_new(x, "file", jstr(r->file));
        json_object_set_new(x, "line", json_integer(r->line));
        json_object_set_new(x, "column", json_integer(r->col));
        json_object_set_new(x, "location", jstr(r->location));
        json_object_set_new(x, "message", jstr(r->message));
        json_array_append_new(rel, x);
    }
    json_object_set_new(o, "related", rel);
    if (f->suppressed) {
        json_t *s = json_object();
        json_object_set_new(s, "kind", json_string(supp_name(f->suppressed)));
        json_object_set_new(s, "reason", jstr(f->suppress_reason));
        json_object_set_new(o, "suppression", s);
    }
    return o;
}

int report_json(FILE *out, const struct results *r, const struct report_opts *o)
{
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("infralint"));
    json_object_set_new(tool, "version", json_string(o->version));
    json_object_set_new(root, "tool", tool);

    json_t *envs = json_array();
    for (size_t i = 0; i < r->nenvs; i++) {
        const struct env_entry *e = &r->envs[i];
        json_t *x = json_object();
        json_object_set_new(x, "file", jstr(e->file));
        json_object_set_new(x, "name", jstr(e->env.name));
        json_object_set_new(x, "class", json_string(env_class_name(e->env.cls)));
        json_object_set_new(x, "source", json_string(env_source_name(e->env.source)));
        json_array_append_new(envs, x);
    }
    json_object_set_new(root, "environments", envs);

    json_t *findings = json_array(), *suppressed = json_array();
    for (size_t i = 0; i < r->findings.n; i++) {
        const struct finding *f = &r->findings.v[i];
        json_array_append_new(f->suppressed ? suppressed : findings, finding_json(f));
    }
    json_object_set_new(root, "findings", findings);

    json_t *errors = json_array();
    for (size_t i = 0; i < r->errors.n; i++) {
        const struct diag *d = &r->errors.v[i];
        json_t *x = json_object();
        json_object_set_new(x, "file", jstr(d->file));
        json_object_set_new(x, "line", json_integer(d->line));
        json_object_set_new(x, "column", json_integer(d->col));
        json_object_set_new(x, "path", str_or_null(d->jpath));
        json_object_set_new(x, "message", jstr(d->message));
        json_array_append_new(errors, x);
    }
    json_object_set_new(root, "errors", errors);

    json_t *skipped = json_array();
    for (size_t i = 0; i < r->skipped.n; i++) {
        const struct skip *s = &r->skipped.v[i];
        json_t *x = json_object();
        json_object_set_new(x, "file", jstr(s->file));
        json_object_set_new(x, "what", jstr(s->what));
        json_object_set_new(x, "reason", jstr(s->reason));
        json_array_append_new(skipped, x);
    }
    json_object_set_new(root, "skipped", skipped);
    json_object_set_new(root, "suppressed", suppressed);

    struct report_counts c;
    report_count(r, &c);
    json_t *sum = json_object();
    json_object_set_new(sum, "files", json_integer((json_int_t)r->nfiles));
    json_object_set_new(sum, "findings", json_integer((json_int_t)c.findings));
    json_object_set_new(sum, "error", json_integer((json_int_t)c.error));
    json_object_set_new(sum, "warning", json_integer((json_int_t)c.warning));
    json_object_set_new(sum, "note", json_integer((json_int_t)c.note));
    json_object_set_new(sum, "input_errors", json_integer((json_int_t)r->errors.n));
    json_object_set_new(sum, "suppressed", json_integer((json_int_t)c.suppressed));
    json_object_set_new(sum, "baselined", json_integer((json_int_t)c.baselined));
    if (r->hint)
        json_object_set_new(sum, "hint", json_string(r->hint));
    json_object_set_new(root, "summary", sum);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    return rc;
}
